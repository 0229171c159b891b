import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { CompressionTypes, Kafka, logLevel, Message } from 'kafkajs';
import {
  CLOUDEVENTS_CONTENT_TYPE, createCloudEvent, decisionMadeExample, deadLetterTopicOf, evaluationCompletedExample,
  executionCompletedExample, taskSubmittedExample, Topic,
} from '@benchpool/contracts';
import { deleteTopicsWithPrefix, freePort } from '@benchpool/testing';

/** The built service next to this compiled script (dist/libs/telemetry-core/bench → dist/services/…). */
const SERVICE_MAIN = resolve(__dirname, '../../../services/execution-telemetry/src/main.js');

/**
 * Sustained telemetry + join throughput of ONE execution-telemetry replica, through the real
 * local Kafka and Redis.
 *
 * N tasks × three ingress events (arbiter.task.submitted, routing.decision.made,
 * arbiter.execution.completed) are published first as a backlog (so the publisher does not compete
 * with the service for the machine's CPU), then the built service starts as its own process
 * (`node dist/…/main.js`, as deployed — a lib must not import an app) on its own topic and key
 * prefix, with its default configuration (batch handlers, gzip, 12 partitions). The bench stands in
 * for caws-evaluation: for every telemetry.execution.recorded it publishes the task's
 * caws.evaluation.completed (serialised in advance, so the stand-in costs little CPU), so the join
 * sees the evaluation after the recording, as in the real flow. (Until 2026-11-22 the evaluations
 * were in the backlog too; a task whose evaluation was joined before its task.submitted was
 * emitted unrecorded, so up to 40 % of the recordings were never made nor measured.) For every task
 * the service stores four parts (Lua, pipelined per fetch) and publishes
 * telemetry.execution.recorded and the joined benchmark.datapoint.collected. Points and recordings
 * are counted from their topics' offsets (cheap, and it proves there is exactly one of each per
 * task). `telemetryTasksPerSec` = N / (time from the service being ready — /health 200, consumer
 * joined — to the last point); boot time is beside it, and the service's CPU time per task (from
 * /proc), which does not depend on what else the machine runs.
 * Needs `npm run build` first.
 *
 * TELEMETRY_BENCH_TASKS (default 30000) sets N; KAFKA_PARTITIONS_CONCURRENCY and KAFKA_COMPRESSION, when
 * set, override the service defaults for comparison.
 */
export async function run(): Promise<Record<string, number | string>> {
  if (!existsSync(SERVICE_MAIN)) throw new Error(`${SERVICE_MAIN} not found: run npm run build first`);
  const tasks = Number(process.env.TELEMETRY_BENCH_TASKS ?? 30_000);
  const label = `${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;
  const prefix = `bench-telemetry-${label}.`;
  const keyPrefix = `bench-telemetry-${label}:`;
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const kafka = new Kafka({ clientId: `bench-telemetry-${label}`, brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const redis = new Redis(redisUrl);
  const inputs = [Topic.TaskSubmitted, Topic.DecisionMade, Topic.ExecutionCompleted];
  const topicsUsed = [
    ...[Topic.ExecutionTurn, ...inputs, Topic.EvaluationCompleted].flatMap((topic) => [topic, deadLetterTopicOf(topic)]),
    Topic.ExecutionRecorded, Topic.DatapointCollected,
  ].map((topic) => `${prefix}${topic}`);
  await admin.connect();
  await producer.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: topicsUsed.map((topic) => ({ topic, numPartitions: 12 })) });

    const publishStarted = performance.now();
    const evaluations = new Map<string, Message>();
    const chunk = 1_000;
    for (let from = 0; from < tasks; from += chunk) {
      const ids = Array.from({ length: Math.min(chunk, tasks - from) }, (_, index) => `bench-task-${from + index}`);
      await producer.sendBatch({
        compression: CompressionTypes.None,
        topicMessages: [
          // the task first: execution.recorded waits for it (it carries the risk tier and budget)
          { topic: `${prefix}${Topic.TaskSubmitted}`, messages: ids.map((taskId) => message(Topic.TaskSubmitted, taskId, { ...taskSubmittedExample, taskId })) },
          { topic: `${prefix}${Topic.DecisionMade}`, messages: ids.map((taskId) => message(Topic.DecisionMade, taskId, { ...decisionMadeExample, taskId, decisionId: `dec-${taskId}` })) },
          { topic: `${prefix}${Topic.ExecutionCompleted}`, messages: ids.map((taskId) => message(Topic.ExecutionCompleted, taskId, { ...executionCompletedExample, taskId })) },
        ],
      });
      for (const taskId of ids) evaluations.set(taskId, message(Topic.EvaluationCompleted, taskId, { ...evaluationCompletedExample, taskId }));
    }
    const publishSeconds = (performance.now() - publishStarted) / 1000;

    const collectedTopic = `${prefix}${Topic.DatapointCollected}`;
    const recordedTopic = `${prefix}${Topic.ExecutionRecorded}`;
    const count = async (topic: string): Promise<number> =>
      (await admin.fetchTopicOffsets(topic)).reduce((total, partition) => total + Number(partition.high), 0);

    const evaluator = await standInEvaluator(kafka, `${prefix}bench-evaluator`, recordedTopic, `${prefix}${Topic.EvaluationCompleted}`, evaluations);
    const bootStarted = performance.now();
    const port = await freePort();
    const service = startServiceProcess({
      ...process.env,
      KAFKA_TOPIC_PREFIX: prefix, EXECUTION_TELEMETRY_PORT: String(port), LOG_LEVEL: 'warn', JOIN_KEY_PREFIX: keyPrefix,
      JOIN_EMITTED_TTL_SECONDS: '600', KAFKA_BROKERS: brokers.join(','), REDIS_URL: redisUrl,
    });
    let collected = 0;
    const deadline = Date.now() + Math.max(120_000, tasks * 10);
    const alive = (): void => {
      if (service.child.exitCode !== null) throw new Error(`service exited with ${service.child.exitCode}: ${service.output().slice(-2_000)}`);
      if (Date.now() > deadline) throw new Error(`timed out with ${collected}/${tasks} points; service log: ${service.output().slice(-2_000)}`);
    };
    try {
      // ready = /health answers 200: connections up and the consumer has joined its group
      while (!(await healthy(port))) {
        alive();
        await sleep(20);
      }
      const readyAt = performance.now();
      const readyCpu = cpuMicroseconds(service.child);
      while (collected < tasks) {
        alive();
        await sleep(50);
        collected = await count(collectedTopic);
      }
      const doneAt = performance.now();
      const cpu = cpuMicroseconds(service.child) - readyCpu;
      // a moment more, to see a duplicate if there were one
      await sleep(1_000);
      const finalCollected = await count(collectedTopic);
      const recorded = await count(recordedTopic);
      const drainSeconds = (doneAt - readyAt) / 1000;
      return {
        tasks,
        ingressEventsPerTask: inputs.length,
        telemetryTasksPerSec: Math.round(tasks / drainSeconds),
        ingressEventsPerSec: Math.round((tasks * inputs.length) / drainSeconds),
        drainSeconds: round(drainSeconds),
        bootToReadySeconds: round((readyAt - bootStarted) / 1000),
        // the service's CPU per task while draining: the rate one whole free core would give
        serviceCpuMicrosPerTask: Math.round(cpu / tasks),
        cpuBoundTasksPerSecOneCore: cpu > 0 ? Math.round(1e6 / (cpu / tasks)) : 0,
        evaluationsPublished: evaluator.published(),
        pointsCollected: finalCollected,
        duplicatePoints: Math.max(0, finalCollected - tasks),
        executionsRecorded: recorded,
        backlogPublishSeconds: round(publishSeconds),
        mode: 'backlog drain of 3 ingress events per task, evaluations published on each recording by a stand-in, one service process, default config',
      };
    } finally {
      await service.stop();
      await evaluator.disconnect();
    }
  } finally {
    await producer.disconnect();
    await admin.disconnect();
    await deleteTopicsWithPrefix(prefix, brokers);
    await deleteKeys(redis, keyPrefix);
    await redis.quit();
  }
}

function startServiceProcess(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; stop: () => Promise<void> } {
  // BENCH_SERVICE_EXEC_ARGV (as in the anonymization bench) or TELEMETRY_BENCH_NODE_ARGS: extra
  // node flags for the service (e.g. --cpu-prof --cpu-prof-dir=/tmp/p, --max-semi-space-size=64)
  const nodeArgs = (process.env.BENCH_SERVICE_EXEC_ARGV ?? process.env.TELEMETRY_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, SERVICE_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** user + system CPU of a child process, from /proc (Linux); 0 elsewhere. */
function cpuMicroseconds(child: ChildProcess): number {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // fields[11], fields[12]: utime, stime in clock ticks (100 per second on Linux)
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return 0;
  }
}

/**
 * caws-evaluation's stand-in: publishes the prepared evaluation of every task recorded on
 * `recordedTopic` (its first recording only), reading nothing but the record's key.
 */
async function standInEvaluator(
  kafka: Kafka, groupId: string, recordedTopic: string, evaluationTopic: string, evaluations: Map<string, Message>,
): Promise<{ published: () => number; disconnect: () => Promise<void> }> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  let published = 0;
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic: recordedTopic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const messages: Message[] = [];
      for (const record of batch.messages) {
        const taskId = record.key?.toString() ?? '';
        const evaluation = evaluations.get(taskId);
        if (!evaluation) continue;
        evaluations.delete(taskId);
        messages.push(evaluation);
      }
      // a fetch can hold ~1 MB of recordings per partition; their evaluations go in requests of
      // 200 (≈ 400 KB), under the broker's 1 MB request limit
      for (let from = 0; from < messages.length; from += 200) {
        const slice = messages.slice(from, from + 200);
        await producer.send({ topic: evaluationTopic, messages: slice, compression: CompressionTypes.None });
        published += slice.length;
      }
    },
  });
  return {
    published: () => published,
    disconnect: async () => {
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}

function message(topic: Topic, taskId: string, data: object): Message {
  const event = createCloudEvent(topic, data, { source: 'bench-arbiter', tenantId: 'tenant-bench', correlationId: taskId });
  return { key: taskId, value: JSON.stringify(event), headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE } };
}

async function deleteKeys(redis: Redis, keyPrefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 5_000);
    if (keys.length) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health`)).status === 200;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
