import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { CLOUDEVENTS_CONTENT_TYPE, createCloudEvent, DatapointAnonymizedV1, Topic } from '@benchpool/contracts';
import { deleteTopicsWithPrefix } from '@benchpool/testing';
import { summarize } from '@benchpool/utils';
import { bsonSizeOf, DatapointDocument, HotStatsRepository, variedPoints } from '../src';

/**
 * Storage benchmark against the local stack:
 * - ingestPointsPerSec: the real storage-tiering service (compiled, child process) consuming
 *   benchmark.datapoint.anonymized.v1 into MongoDB (warm + cold) and Redis (hot), sustained rate
 *   between 10 % and 90 % of the points (stored = all three tiers done);
 * - hotQueryP99Ms: p99 of the hot statistics query (one Lua call over the 168 hourly buckets of a
 *   7-day window) — and hotQueryHttpP99Ms through HTTP (key check + access_audit insert included);
 * - bytesPerPoint: mean BSON size of stored documents read back from the database (typical point:
 *   the contract example with its diff, no conversation), and with a conversation.
 * Env: STORAGE_BENCH_POINTS (default 3000; FerretDB is the bottleneck), STORAGE_BENCH_QUERIES (default 2000).
 */
const ROOT = join(__dirname, '..', '..', '..');
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

export async function run(): Promise<Record<string, number | string>> {
  const pointCount = Number(process.env.STORAGE_BENCH_POINTS ?? 3_000);
  const queryCount = Number(process.env.STORAGE_BENCH_QUERIES ?? 2_000);
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const prefix = `bench-storage-${id}.`;
  const databaseName = `storage_bench_${id}`;
  const hotPrefix = `hot-bench-${id}:`;
  const adminKey = `bench-admin-${randomBytes(16).toString('hex')}`;
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const serviceMain = [join(ROOT, 'dist/services/storage-tiering/src/main.js'), join(__dirname, '../../../services/storage-tiering/src/main.js')].find(existsSync);
  if (!serviceMain) throw new Error('build first: dist/services/storage-tiering/src/main.js is missing');

  const connection = await mongoose.createConnection(`mongodb://127.0.0.1:27017/${databaseName}`).asPromise();
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const kafka = new Kafka({ clientId: `bench-storage-${id}`, brokers: BROKERS, logLevel: logLevel.NOTHING });
  let child: ChildProcess | undefined;
  try {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: `${prefix}${Topic.DatapointAnonymized}`, numPartitions: 6 }] });
    await admin.disconnect();

    child = spawn(process.execPath, [serviceMain], {
      cwd: ROOT,
      env: {
        ...process.env, KAFKA_TOPIC_PREFIX: prefix, STORAGE_TIERING_PORT: String(port), KAFKA_PARTITIONS: '6', MONGODB_URI: `mongodb://127.0.0.1:27017/${databaseName}`,
        HOT_KEY_PREFIX: hotPrefix, STORAGE_ADMIN_API_KEY: adminKey, LOG_LEVEL: 'warn', RETENTION_INTERVAL_MS: '0', FEEDBACK_INTERVAL_MS: '0',
        KAFKAJS_NO_PARTITIONER_WARNING: '1', KAFKA_COMPRESSION: 'none',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const url = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${url}/health`).catch(() => undefined))?.status === 200, 60_000, 'service healthy');
    const stored = async (): Promise<number> => {
      const text = await (await fetch(`${url}/metrics`)).text();
      const line = text.split('\n').find((candidate) => candidate.startsWith('benchpool_storage_points_stored_total'));
      return line ? Number(line.split(' ').pop()) : 0;
    };

    // --- ingest through Kafka
    const now = Date.now();
    const points: DatapointAnonymizedV1[] = [
      // 8 agents × 5 task types (coprime): every agent has every task type
      ...variedPoints(`bench-${id}`, pointCount, { agents: 8, taskTypes: ['code-editing', 'research', 'data-analysis', 'design', 'planning'], timestamp: (index) => new Date(now - (index % 1440) * 60_000) }),
      ...variedPoints(`bench-conversation-${id}`, 50, { agents: 10, timestamp: () => new Date(now) }).map(withConversation),
    ];
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const started = Date.now();
    const marks: Array<{ at: number; stored: number }> = [];
    const sampler = setInterval(() => void stored().then((count) => marks.push({ at: Date.now(), stored: count })).catch(() => undefined), 250);
    for (let start = 0; start < points.length; start += 500) {
      await producer.send({
        topic: `${prefix}${Topic.DatapointAnonymized}`,
        messages: points.slice(start, start + 500).map((point) => ({
          key: point.id,
          value: JSON.stringify(createCloudEvent(Topic.DatapointAnonymized, point, { source: 'bench', tenantId: point.tenantId, id: `anonymized-${point.id}` })),
          headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
        })),
      });
    }
    const published = Date.now();
    await producer.disconnect();
    await until(async () => (await stored()) >= points.length, 30 * 60_000, 'all points stored', 250);
    clearInterval(sampler);
    const finished = Date.now();
    const rateBetween = (low: number, high: number): number => {
      const first = marks.find((mark) => mark.stored >= low);
      const last = marks.find((mark) => mark.stored >= high);
      return first && last && last.at > first.at ? (last.stored - first.stored) / ((last.at - first.at) / 1000) : points.length / ((finished - started) / 1000);
    };

    // --- hot statistics queries
    const hot = new HotStatsRepository(redis, { keyPrefix: hotPrefix, windowHours: 168 });
    const taskTypes = [undefined, 'code-editing', 'research', 'data-analysis', 'design', 'planning'];
    const timings: number[] = [];
    let checked = 0;
    for (let index = 0; index < queryCount; index++) {
      const begin = performance.now();
      const sums = await hot.read({ agentId: `agent-${index % 8}`, taskType: taskTypes[index % taskTypes.length], endMs: Date.now(), windowHours: 168 });
      timings.push(performance.now() - begin);
      checked += sums.count > 0 ? 1 : 0;
    }
    const hotQuery = summarize(timings.slice(Math.min(100, timings.length / 10)));
    const httpTimings: number[] = [];
    for (let index = 0; index < Math.min(500, queryCount); index++) {
      const begin = performance.now();
      const response = await fetch(`${url}/v1/agents/agent-${index % 8}/stats?windowHours=168`, { headers: { 'x-api-key': adminKey } });
      await response.text();
      httpTimings.push(performance.now() - begin);
    }
    const httpQuery = summarize(httpTimings.slice(20));

    // --- bytes per stored point, from the database
    const collection = connection.collection<DatapointDocument>('datapoints');
    const typical = await collection.find({ 'execution.artifacts.messages': { $exists: false } }).limit(500).toArray();
    const conversational = await collection.find({ 'execution.artifacts.messages': { $exists: true } }).limit(50).toArray();
    const mean = (values: number[]): number => Math.round(values.reduce((total, value) => total + value, 0) / Math.max(1, values.length));
    const stats = await connection.db!.command({ collStats: 'datapoints' }).catch(() => ({} as Record<string, number>));

    return {
      hotQueryP99Ms: round(hotQuery.p99),
      hotQueryP50Ms: round(hotQuery.p50),
      hotQueryHttpP99Ms: round(httpQuery.p99),
      hotQueryHttpP50Ms: round(httpQuery.p50),
      hotQueriesWithData: `${checked}/${queryCount}`,
      ingestPointsPerSec: Math.round(rateBetween(points.length * 0.1, points.length * 0.9)),
      ingestOverallPointsPerSec: Math.round(points.length / ((finished - started) / 1000)),
      ingestPoints: points.length,
      publishSeconds: round((published - started) / 1000),
      bytesPerPoint: mean(typical.map((document) => bsonSizeOf(document))),
      bytesPerPointWithConversation: mean(conversational.map((document) => bsonSizeOf(document))),
      collStatsAvgObjSize: Number((stats as { avgObjSize?: number }).avgObjSize ?? 0),
      backend: 'FerretDB 1.24 (SQLite) + Redis 7 + Kafka 3.9, local',
    };
  } finally {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child!.once('exit', resolve));
    }
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    await deleteTopicsWithPrefix(prefix, BROKERS);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${hotPrefix}*`, 'COUNT', 5000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  }
}

function withConversation(point: DatapointAnonymizedV1): DatapointAnonymizedV1 {
  const messages = Array.from({ length: 8 }, (_, index) => ({
    role: (index % 2 === 0 ? 'user' : 'assistant') as 'user' | 'assistant',
    content: `Turn ${index}: ${'the agent explains which function it changes and why the test now passes. '.repeat(6)}`,
  }));
  return { ...point, execution: { ...point.execution!, artifacts: { ...point.execution!.artifacts, messages } } };
}

async function until(probe: () => Promise<boolean>, timeoutMs: number, what: string, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

const round = (value: number): number => Math.round(value * 100) / 100;
