import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { createCloudEvent, Topic } from '@benchpool/contracts';
import {
  deleteTopicsWithPrefix, expectEventually, freePort, serviceCpuSeconds, startServiceProcess, stopServiceProcess, uniqueTopicPrefix,
} from '@benchpool/testing';
import { delay, summarize } from '@benchpool/utils';

/**
 * Decision latency through Kafka: task published → decision consumed, at a target rate. The
 * routing service runs as its own process (dist/services/routing/src/main.js, on a topic prefix
 * and Redis prefix of its own), as in a deployment, so the load generator does not share its event
 * loop. Latency runs from just before the producer's send of a task to the consumer's receipt of
 * its decision, after a 2 s warm-up at the same rate (its p99 reported apart). Figures:
 * kafkaDecisionP50Ms, kafkaDecisionP99Ms, the rate actually achieved, the two legs of the latency
 * (see `legs`), and the routing process's CPU per decision (from its /metrics) so wall time and
 * cost can be told apart. BENCH_SERVICE_EXEC_ARGV passes node flags to the service (e.g. `--trace-gc`).
 */
export async function run(options: { ratePerSecond?: number; seconds?: number } = {}): Promise<Record<string, number>> {
  const rate = options.ratePerSecond ?? Number(process.env.BENCH_ROUTING_RATE ?? 1000);
  const seconds = options.seconds ?? Number(process.env.BENCH_ROUTING_SECONDS ?? 10);
  const warmUpSeconds = Number(process.env.BENCH_ROUTING_WARM_UP_SECONDS ?? 2);
  const prefix = uniqueTopicPrefix('bench-routing');
  const port = await freePort();
  const service = await startServiceProcess(join(__dirname, '..', 'src', 'main.js'), port, {
    KAFKA_TOPIC_PREFIX: prefix, ROUTING_PORT: String(port), LOG_LEVEL: 'error', ROUTING_KEY_PREFIX: `bench:${prefix}`,
  }, { name: 'routing', execArgv: process.env.BENCH_SERVICE_EXEC_ARGV?.split(' ').filter(Boolean) });
  const kafka = new Kafka({ clientId: 'bench-routing', brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  // a fetch returns as soon as a decision is there (minBytes 1); a short wait would only poll the
  // broker again and again between decisions, CPU taken from routing and the broker on shared cores
  const consumer = kafka.consumer({ groupId: `${prefix}bench`, maxWaitTimeInMs: 500, minBytes: 1 });
  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic: `${prefix}${Topic.DecisionMade}`, fromBeginning: true });
    const publishedAt = new Map<string, number>();
    const latencies = { warmUp: [] as number[], measured: [] as number[] };
    // the measured latency in two legs, split at the timestamp kafkajs gives the decision's record when
    // routing's produce request is encoded (Date.now, so ±1 ms): task published → decision sent, and
    // decision sent → received here (broker and this consumer, not routing)
    const legs = { toSent: [] as number[], sentToReceived: [] as number[] };
    // the measuring consumer commits nothing (its group is thrown away): kafkajs's autoCommit would
    // send one OffsetCommit per partition batch, one after another, before its next fetch; that wait
    // was counted as routing's latency (decided → received p50 22 ms with it, 5 ms without, 1,000/s)
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        const received = performance.now();
        const key = message.key?.toString() ?? '';
        const started = publishedAt.get(key);
        if (started === undefined) return;
        if (key.startsWith('w-')) {
          latencies.warmUp.push(received - started);
          return;
        }
        latencies.measured.push(received - started);
        const sent = Number(message.timestamp) - performance.timeOrigin;
        legs.toSent.push(sent - started);
        legs.sentToReceived.push(received - sent);
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
    /** Tasks at `rate` for `total` tasks, in 10 ms ticks; sends are not awaited so a slow acknowledgement never delays the next tick. */
    const publishAtRate = async (keyPrefix: string, total: number): Promise<number> => {
      const started = performance.now();
      let sent = 0;
      let sendError: unknown;
      while (sent < total) {
        const due = Math.min(total, Math.ceil(((performance.now() - started) / 1000) * rate));
        const batch = [];
        for (; sent < due; sent++) {
          const taskId = `${keyPrefix}${sent}`;
          batch.push({ key: taskId, data: { taskId, type: ['code-editing', 'research', 'design'][sent % 3], complexity: 'standard', requirements: [] } });
        }
        if (batch.length) {
          const sendStarted = performance.now();
          for (const { key } of batch) publishedAt.set(key, sendStarted);
          send(Topic.TaskSubmitted, batch).catch((error: unknown) => (sendError ??= error));
        }
        await delay(10);
      }
      if (sendError) throw sendError;
      return (performance.now() - started) / 1000;
    };
    // warm-up at the target rate (consumer groups joined, the service's JIT and caches warm): its
    // latencies are reported apart; then the measured stream follows
    const warmUpTasks = Math.round(rate * warmUpSeconds);
    await publishAtRate('w-', warmUpTasks);
    await expectEventually(() => latencies.warmUp.length >= warmUpTasks, { timeoutMs: 60_000, what: 'warm-up decisions' });

    const cpuBefore = await serviceCpuSeconds(port);
    const total = rate * seconds;
    const publishSeconds = await publishAtRate('t-', total);
    await expectEventually(() => latencies.measured.length >= total, { timeoutMs: 60_000, what: `${total} decisions` }).catch(() => undefined);
    const cpuAfter = await serviceCpuSeconds(port);
    const summary = summarize(latencies.measured);
    const warmUp = summarize(latencies.warmUp);
    const [toSent, sentToReceived] = [summarize(legs.toSent), summarize(legs.sentToReceived)];
    const ms = (value: number) => Math.round(value * 100) / 100;
    return {
      kafkaDecisionTargetRate: rate,
      kafkaDecisionAchievedRate: Math.round(total / publishSeconds),
      kafkaDecisionCount: summary.count,
      kafkaDecisionP50Ms: ms(summary.p50),
      kafkaDecisionP99Ms: ms(summary.p99),
      kafkaDecisionMaxMs: ms(summary.max),
      kafkaDecisionP99MsWarmUp: ms(warmUp.p99),
      kafkaTaskToDecisionSentP50Ms: ms(toSent.p50),
      kafkaTaskToDecisionSentP99Ms: ms(toSent.p99),
      kafkaDecisionSentToReceivedP50Ms: ms(sentToReceived.p50),
      kafkaDecisionSentToReceivedP99Ms: ms(sentToReceived.p99),
      kafkaRoutingCpuMsPerDecision: Math.round(((cpuAfter - cpuBefore) * 1000 * 1000) / Math.max(1, summary.count)) / 1000,
    };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await stopServiceProcess(service);
    await deleteTopicsWithPrefix(prefix);
  }
}
