import { Kafka, logLevel } from 'kafkajs';
import { createCloudEvent, Topic } from '@benchpool/contracts';
import { loadConfig, startService } from '@benchpool/service-kit';
import { freePort, uniqueTopicPrefix } from '@benchpool/testing';
import { delay, summarize } from '@benchpool/utils';
import { RoutingModule } from '../src/app.module';
import { RoutingConfig } from '../src/routing.config';

/**
 * Decision latency through Kafka: task published → decision consumed, at a target rate, with
 * one routing replica in-process on a topic prefix of its own. Figures: kafkaDecisionP50Ms,
 * kafkaDecisionP99Ms, and the rate actually achieved.
 */
export async function run(options: { ratePerSecond?: number; seconds?: number } = {}): Promise<Record<string, number>> {
  const rate = options.ratePerSecond ?? Number(process.env.BENCH_ROUTING_RATE ?? 1000);
  const seconds = options.seconds ?? Number(process.env.BENCH_ROUTING_SECONDS ?? 10);
  const prefix = uniqueTopicPrefix('bench-routing');
  const port = await freePort();
  const service = await startService({
    definition: { name: 'routing', needsMongo: false, needsRedis: true },
    loadConfig: () => loadConfig(RoutingConfig, { KAFKA_TOPIC_PREFIX: prefix, PORT: String(port), LOG_LEVEL: 'error', ROUTING_KEY_PREFIX: `bench:${prefix}` }),
    appModule: (runtime) => RoutingModule.forRuntime(runtime),
    producedTopics: [Topic.DecisionMade, Topic.AgentStatusChanged],
  });
  const kafka = new Kafka({ clientId: 'bench-routing', brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: `${prefix}bench`, maxWaitTimeInMs: 5 });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic: `${prefix}${Topic.DecisionMade}`, fromBeginning: true });
  const publishedAt = new Map<string, number>();
  const latencies: number[] = [];
  await consumer.run({
    eachMessage: async ({ message }) => {
      const taskId = message.key?.toString() ?? '';
      const started = publishedAt.get(taskId);
      if (started !== undefined) latencies.push(performance.now() - started);
    },
  });
  const send = (topic: Topic, messages: Array<{ key: string; data: object }>) =>
    producer.send({
      topic: `${prefix}${topic}`,
      messages: messages.map(({ key, data }) => ({ key, value: JSON.stringify(createCloudEvent(topic, data, { source: 'bench', tenantId: 'bench' })) })),
    });
  await send(Topic.AgentRegistered, Array.from({ length: 5 }, (_, index) => ({
    key: `agent-${index}`,
    data: { agentId: `agent-${index}`, name: `agent ${index}`, modelFamily: 'bench', version: '1', capabilities: ['code-editing'], maxConcurrency: 100_000 },
  })));
  await delay(2_000);
  // warm-up: the consumer group is joined and the first decision made before timing starts
  await send(Topic.TaskSubmitted, [{ key: 'warm-up', data: { taskId: 'warm-up', type: 'code-editing', complexity: 'standard', requirements: [] } }]);
  const warmDeadline = Date.now() + 30_000;
  while (latencies.length === 0 && Date.now() < warmDeadline) await delay(50);
  latencies.length = 0;

  const total = rate * seconds;
  const tickMs = 10;
  const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + perTick);
    const batch = [];
    for (; sent < due; sent++) {
      const taskId = `t-${sent}`;
      publishedAt.set(taskId, performance.now());
      batch.push({ key: taskId, data: { taskId, type: ['code-editing', 'research', 'design'][sent % 3], complexity: 'standard', requirements: [] } });
    }
    if (batch.length) await send(Topic.TaskSubmitted, batch);
    await delay(tickMs);
  }
  const publishSeconds = (performance.now() - started) / 1000;
  const deadline = Date.now() + 60_000;
  while (latencies.length < total && Date.now() < deadline) await delay(100);
  await consumer.disconnect();
  await producer.disconnect();
  await service.app.close();
  const summary = summarize(latencies);
  return {
    kafkaDecisionTargetRate: rate,
    kafkaDecisionAchievedRate: Math.round(total / publishSeconds),
    kafkaDecisionCount: summary.count,
    kafkaDecisionP50Ms: Math.round(summary.p50 * 100) / 100,
    kafkaDecisionP99Ms: Math.round(summary.p99 * 100) / 100,
  };
}
