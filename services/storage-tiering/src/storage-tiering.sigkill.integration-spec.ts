import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose, { Connection } from 'mongoose';
import { Redis } from 'ioredis';
import { CLOUDEVENTS_CONTENT_TYPE, createCloudEvent, DatapointStoredV1, Topic } from '@benchpool/contracts';
import { variedPoints } from '@benchpool/storage-core';
import { expectEventually, freePort, TestKafka, uniqueTopicPrefix } from '@benchpool/testing';

jest.setTimeout(420_000);

const ROOT = join(__dirname, '..', '..', '..');

/**
 * SIGKILL mid-batch: the real service runs as a child process (compiled with swc into a temp
 * folder); it is killed with SIGKILL while it is inside a storage batch, then started again.
 * Every point — each published twice — must end up exactly once in warm, hot and cold, with a
 * stored event for each.
 */
describe('storage-tiering killed with SIGKILL mid-batch', () => {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const prefix = uniqueTopicPrefix('storage-kill');
  const databaseName = `storage_kill_it_${run}`;
  const hotPrefix = `hot-kill-${run}:`;
  const adminKey = `admin-${randomBytes(16).toString('hex')}`;
  const kafka = new TestKafka(prefix);
  const outDir = mkdtempSync(join(tmpdir(), 'storage-kill-'));
  const now = Date.now();
  const points = variedPoints(`kill-${run}`, 400, { agents: 4, timestamp: (index) => new Date(now - (index % 50) * 60_000) });
  let child: ChildProcess | undefined;
  let port: number;
  let connection: Connection;
  let redis: Redis;
  const logs: string[] = [];

  const start = (): ChildProcess => {
    const started = spawn(process.execPath, [join(outDir, 'services/storage-tiering/src/main.js')], {
      cwd: ROOT,
      env: {
        ...process.env, NODE_PATH: join(ROOT, 'node_modules'), KAFKA_TOPIC_PREFIX: prefix, STORAGE_TIERING_PORT: String(port), KAFKA_PARTITIONS: '3',
        MONGODB_URI: `mongodb://127.0.0.1:27017/${databaseName}`, HOT_KEY_PREFIX: hotPrefix, STORAGE_ADMIN_API_KEY: adminKey, LOG_LEVEL: 'warn',
        STORAGE_MAX_BULK: '40', STALE_BATCH_AFTER_MS: '2000', MAINTENANCE_INTERVAL_MS: '3000', RETENTION_INTERVAL_MS: '0', FEEDBACK_INTERVAL_MS: '0',
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.stdout?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    return started;
  };
  const healthy = async (): Promise<boolean> => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/health`)).status === 200;
    } catch {
      return false;
    }
  };
  const stopped = (process: ChildProcess): Promise<void> => new Promise((resolve) => (process.exitCode !== null || process.signalCode ? resolve() : process.once('exit', () => resolve())));
  const warmCount = () => connection.collection('datapoints').countDocuments({});
  const openBatches = () => connection.collection('storage_batches').countDocuments({ state: 'open' });
  const api = async <T = Record<string, unknown>>(path: string): Promise<T> => (await fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'x-api-key': adminKey } })).json() as Promise<T>;

  beforeAll(async () => {
    const sources = ['libs/contracts', 'libs/kafka', 'libs/service-kit', 'libs/utils', 'libs/privacy', 'libs/storage-core', 'services/storage-tiering'];
    execFileSync('npx', ['swc', ...sources, '-d', outDir, '--config-file', '.swcrc', '--only', '**/*.ts', '--ignore', '**/*.spec.ts,**/*.integration-spec.ts', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
    port = await freePort();
    connection = await mongoose.createConnection(`mongodb://127.0.0.1:27017/${databaseName}`).asPromise();
    redis = new Redis('redis://127.0.0.1:6379');
    // a freshly created topic can answer "does not host this topic-partition" for a moment
    await expectEventually(async () => {
      await kafka.collect([Topic.DatapointStored]);
      return true;
    }, { timeoutMs: 30_000, intervalMs: 1_000, what: 'collector subscribed' });
  });

  afterAll(async () => {
    if (child && child.exitCode === null && !child.signalCode) {
      child.kill('SIGTERM');
      await stopped(child);
    }
    await kafka.close();
    await connection?.dropDatabase().catch(() => undefined);
    await connection?.close();
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${hotPrefix}*`, 'COUNT', 1000);
      cursor = next;
      if (found.length) await redis.del(...found);
    } while (cursor !== '0');
    redis?.disconnect();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('counts every point exactly once in hot, warm and cold after a SIGKILL inside a storage batch', async () => {
    await kafka.createTopics([Topic.DatapointAnonymized], 3);
    const producer = kafka.kafka.producer();
    await producer.connect();
    const messages = points.map((point) => ({
      key: point.id,
      value: JSON.stringify(createCloudEvent(Topic.DatapointAnonymized, point, { source: 'test', tenantId: point.tenantId, id: `anonymized-${point.id}` })),
      headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
    }));
    // every record twice, in two passes
    for (const pass of [messages, messages]) await producer.send({ topic: kafka.topic(Topic.DatapointAnonymized), messages: pass });
    await producer.disconnect();

    let interrupted = 0;
    for (let attempt = 0; attempt < 3 && interrupted === 0; attempt++) {
      child = start();
      const before = await warmCount();
      await expectEventually(async () => (await warmCount()) >= Math.min(points.length - 1, before + 40), { timeoutMs: 120_000, intervalMs: 20, what: 'ingest under way' });
      child.kill('SIGKILL');
      await stopped(child);
      interrupted = await openBatches();
      if ((await warmCount()) >= points.length && interrupted === 0) break;
    }
    expect(interrupted).toBeGreaterThan(0);

    child = start();
    await expectEventually(healthy, { timeoutMs: 60_000, what: 'restarted service healthy' });
    await expectEventually(async () => (await warmCount()) === points.length && (await openBatches()) === 0, { timeoutMs: 240_000, intervalMs: 500, what: 'all points stored, no open batch' });

    const expectedByAgent: Record<string, number> = {};
    for (const point of points) expectedByAgent[point.execution!.agentId] = (expectedByAgent[point.execution!.agentId] ?? 0) + 1;
    for (const [agentId, count] of Object.entries(expectedByAgent)) {
      expect(await api(`/v1/agents/${agentId}/stats?windowHours=24`)).toMatchObject({ source: 'hot', count });
    }
    const system = await api<{ groups: Array<{ key: string; count: number }> }>('/v1/stats/system?groupBy=agent');
    expect(Object.fromEntries(system.groups.map((group) => [group.key, group.count]))).toEqual(expectedByAgent);
    expect(await connection.collection('datapoints').countDocuments({})).toBe(points.length);
    await expectEventually(() => new Set(kafka.events<DatapointStoredV1>(Topic.DatapointStored).map((event) => event.data.dataPointId)).size === points.length, {
      timeoutMs: 30_000, what: 'a stored event for every point',
    });
    const recovered = (await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).split('\n').filter((line) => line.startsWith('benchpool_storage_points_recovered_total'));
    expect(recovered.length).toBeGreaterThan(0);
  });
});
