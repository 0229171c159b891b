import { Kafka, logLevel } from 'kafkajs';
import { benchmarkDataPointExample, createCloudEvent, Topic } from '@benchpool/contracts';
import { loadConfig, startService } from '@benchpool/service-kit';
import { freePort, uniqueTopicPrefix } from '@benchpool/testing';
import { delay } from '@benchpool/utils';
import { AnonymizationConfig } from '../src/anonymization.config';
import { AnonymizationModule } from '../src/app.module';

/**
 * Sustained throughput of one anonymization replica through Kafka: a backlog of collected points
 * (the seeds' example with private data in its free text) is published first, then the service
 * starts and the time to drain it into benchmark.datapoint.anonymized.v1 is measured.
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
  const consumer = kafka.consumer({ groupId: `${prefix}bench` });
  await consumer.connect();
  await consumer.subscribe({ topic: `${prefix}${Topic.DatapointAnonymized}`, fromBeginning: true });
  let received = 0;
  let firstAt = 0;
  let cpuAtFirst = process.cpuUsage();
  await consumer.run({ eachBatch: async ({ batch }) => {
    if (received === 0) {
      firstAt = performance.now();
      cpuAtFirst = process.cpuUsage();
    }
    received += batch.messages.length;
  } });
  const port = await freePort();
  const started = performance.now();
  const service = await startService({
    definition: { name: 'anonymization', needsMongo: false, needsRedis: false },
    loadConfig: () => loadConfig(AnonymizationConfig, { KAFKA_TOPIC_PREFIX: prefix, PORT: String(port), LOG_LEVEL: 'error' }),
    appModule: (runtime) => AnonymizationModule.forRuntime(runtime),
    producedTopics: [Topic.DatapointAnonymized, Topic.DatapointQuarantined],
  }).catch(async (error) => {
    await consumer.disconnect();
    throw error;
  });
  const deadline = Date.now() + 600_000;
  while (received < total && Date.now() < deadline) await delay(100);
  const finished = performance.now();
  // CPU of this process while draining: the service, plus this bench's consumer that only counts.
  const drainCpu = process.cpuUsage(cpuAtFirst);
  await service.app.close();
  await consumer.disconnect();
  await producer.disconnect();
  return {
    anonymizationPoints: received,
    pointsPerSec: Math.round(received / ((finished - firstAt) / 1000)),
    pointsPerSecIncludingStartup: Math.round(received / ((finished - started) / 1000)),
    drainCpuUsPerPoint: Math.round((drainCpu.user + drainCpu.system) / received),
  };
}
