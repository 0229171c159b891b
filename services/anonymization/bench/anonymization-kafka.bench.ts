import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { benchmarkDataPointExample, createCloudEvent, Topic } from '@benchpool/contracts';
import { deleteTopicsWithPrefix, freePort, serviceCpuSeconds, startServiceProcess, stopServiceProcess, uniqueTopicPrefix } from '@benchpool/testing';
import { delay } from '@benchpool/utils';

/**
 * Sustained throughput of one anonymization replica through Kafka: a backlog of collected points
 * (the seeds' example with private data in its free text) is published first, then the service
 * starts and the time to drain it into benchmark.datapoint.anonymized.v1 is measured. The service
 * runs as its own process (dist/services/anonymization/src/main.js), as in a deployment, so this
 * bench's counting consumer does not share its event loop; its CPU per point comes from its
 * /metrics. BENCH_SERVICE_EXEC_ARGV passes node flags to it (e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`).
 */
export async function run(options: { points?: number } = {}): Promise<Record<string, number>> {
  const total = options.points ?? Number(process.env.BENCH_ANONYMIZATION_POINTS ?? 20_000);
  const prefix = uniqueTopicPrefix('bench-anon');
  const kafka = new Kafka({ clientId: 'bench-anonymization', brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [Topic.DatapointCollected, Topic.DatapointAnonymized].map((topic) => ({ topic: `${prefix}${topic}`, numPartitions: 12 })) });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let sent = 0; sent < total; ) {
    const messages = [];
    for (let index = 0; index < 500 && sent < total; index++, sent++) {
      const id = `bench-${sent}`;
      const point = {
        ...benchmarkDataPointExample,
        id,
        task: { ...benchmarkDataPointExample.task, taskId: id, description: `Fix billing for jane.doe${sent}@example.com, call +1 415 555 0${sent % 1000}` },
      };
      messages.push({ key: id, value: JSON.stringify(createCloudEvent(Topic.DatapointCollected, point, { source: 'bench', tenantId: `tenant-${sent % 7}` })) });
    }
    await producer.send({ topic: `${prefix}${Topic.DatapointCollected}`, messages });
  }
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: `${prefix}bench` });
  await consumer.connect();
  await consumer.subscribe({ topic: `${prefix}${Topic.DatapointAnonymized}`, fromBeginning: true });
  const port = await freePort();
  let received = 0;
  let firstAt = 0;
  let cpuAtFirst: Promise<number> | undefined;
  await consumer.run({ eachBatch: async ({ batch }) => {
    if (received === 0) {
      firstAt = performance.now();
      cpuAtFirst = serviceCpuSeconds(port);
    }
    received += batch.messages.length;
  } });
  const started = performance.now();
  const execArgv = process.env.BENCH_SERVICE_EXEC_ARGV?.split(' ').filter(Boolean);
  const service = await startServiceProcess(
    join(__dirname, '..', 'src', 'main.js'),
    port,
    { KAFKA_TOPIC_PREFIX: prefix, ANONYMIZATION_PORT: String(port), LOG_LEVEL: 'error' },
    { name: 'anonymization', execArgv },
  ).catch(async (error) => {
    await consumer.disconnect();
    throw error;
  });
  try {
    const deadline = Date.now() + 600_000;
    while (received < total && Date.now() < deadline) await delay(20);
    const finished = performance.now();
    const cpuAtEnd = await serviceCpuSeconds(port);
    const drainCpuSeconds = cpuAtEnd - ((await cpuAtFirst) ?? cpuAtEnd);
    return {
      anonymizationPoints: received,
      pointsPerSec: Math.round(received / ((finished - firstAt) / 1000)),
      pointsPerSecIncludingStartup: Math.round(received / ((finished - started) / 1000)),
      // the service process only (its Prometheus CPU counter) from the first output to the last
      serviceCpuUsPerPoint: Math.round((drainCpuSeconds * 1e6) / received),
    };
  } finally {
    await stopServiceProcess(service);
    await consumer.disconnect();
    await deleteTopicsWithPrefix(prefix);
  }
}
