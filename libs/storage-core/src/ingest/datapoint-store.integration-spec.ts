import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import mongoose, { Connection } from 'mongoose';
import type { BenchmarkDataPoint } from '@benchpool/contracts';
import { ManualClock } from '../clock';
import { aggregateKeyOf } from '../cold/daily-increments';
import { cellSumsOfDocument } from '../cold/daily-increments';
import { HotStatsRepository } from '../hot/hot-stats.repository';
import { dayKey } from '../hot/time-buckets';
import { StorageBatchRepository } from '../journal/storage-batch.repository';
import { StorageCore } from '../storage-core';
import { variedPoints } from '../testing/point-factory';
import type { DatapointDocument } from '../warm/datapoint-document';
import { DatapointStore, StoreHooks } from './datapoint-store';

/**
 * The exactly-once pipeline against the real FerretDB and Redis: redeliveries, and a "crash" at
 * every step between the warm insert and the commit, followed by another process (another owner)
 * receiving the same points again.
 */
describe('DatapointStore against FerretDB and Redis', () => {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const databaseName = `storage_core_it_${run}`;
  const keyPrefix = `hot-it-${run}:`;
  const now = Date.now();
  const clock = new ManualClock(now);
  let connection: Connection;
  let redis: Redis;
  let core: StorageCore;

  const storedEvents: string[] = [];
  /** task types of one test, so its cold aggregates are its own */
  const types = (label: string): string[] => [`a-${label}-${run}`, `b-${label}-${run}`];
  const hooks: StoreHooks = { onStored: async (documents) => void storedEvents.push(...documents.map((document) => document._id)) };

  beforeAll(async () => {
    connection = await mongoose.createConnection(`mongodb://127.0.0.1:27017/${databaseName}`).asPromise();
    redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true });
    await redis.connect();
    core = new StorageCore(connection, redis, { hotKeyPrefix: keyPrefix, staleBatchAfterMs: 60_000, settleDelayMs: 0 }, clock);
    await core.init();
  });

  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
  });

  /** Counts of one set of points in each tier. */
  async function tierCounts(points: BenchmarkDataPoint[]): Promise<{ warm: number; hot: number; cold: number; expected: number }> {
    const ids = points.map((point) => point.id);
    const warm = await core.models.datapoints.countDocuments({ _id: { $in: ids } });
    const agents = [...new Set(points.map((point) => point.execution!.agentId))];
    let hot = 0;
    for (const agentId of agents) {
      // markers tell us which of *these* points hot counted; bucket sums are shared across tests
      hot += (await redis.exists(...ids.filter((id) => points.find((point) => point.id === id)!.execution!.agentId === agentId).map((id) => `${keyPrefix}applied:${id}`)));
    }
    const keys = [...new Set(points.map((point) => aggregateKeyOf(dayKey(Date.parse(point.timestamp)), point.execution!.agentId, point.task.type)))];
    const cold = (await core.cold.findByKeys(keys)).reduce((total, document) => total + cellSumsOfDocument(document).count, 0);
    return { warm, hot, cold, expected: points.length };
  }

  it('stores each point once in warm, hot and cold, and ignores a redelivery completely', async () => {
    const points = variedPoints(`plain-${run}`, 40, { taskTypes: types('plain'), timestamp: (index) => new Date(now - index * 60_000) });
    const first = await core.store.storeBatch(points, hooks);
    expect(first).toEqual({ received: 40, stored: 40, duplicates: 0, recovered: 0 });
    const again = await core.store.storeBatch([...points, ...points], hooks);
    expect(again).toEqual({ received: 80, stored: 0, duplicates: 80, recovered: 0 });
    expect(await tierCounts(points)).toEqual({ warm: 40, hot: 40, cold: 40, expected: 40 });
    expect(storedEvents.filter((id) => id.startsWith(`plain-${run}`)).sort()).toEqual(points.map((point) => point.id).sort());

    const hotStats = await core.hot.read({ agentId: 'agent-0', endMs: now, windowHours: 24 });
    const agent0 = points.filter((point) => point.execution!.agentId === 'agent-0');
    expect(hotStats.count).toBe(agent0.length);
    expect(hotStats.successes).toBe(agent0.filter((point) => point.execution!.success).length);
    expect(hotStats.qualitySum).toBeCloseTo(agent0.reduce((total, point) => total + point.evaluation!.overallScore, 0), 6);
  });

  it('counts exactly when concurrent batches hit the same cold document (FerretDB updates are not atomic: the key lock serialises them)', async () => {
    const points = variedPoints(`concurrent-${run}`, 40, { agents: 1, taskTypes: types('concurrent').slice(0, 1), timestamp: () => new Date(now) });
    const stores = Array.from({ length: 8 }, () => new DatapointStore({ warm: core.warm, cold: core.cold, hot: core.hot, journal: core.journal, clock }));
    await Promise.all(stores.map((store, index) => store.storeBatch(points.slice(index * 5, index * 5 + 5))));
    expect(await tierCounts(points)).toEqual({ warm: 40, hot: 40, cold: 40, expected: 40 });
  });

  it('writes bounded bulk batches: a fetch larger than maxBulk becomes several journal entries', async () => {
    const store = new DatapointStore({ warm: core.warm, cold: core.cold, hot: core.hot, journal: core.journal, clock }, { maxBulk: 7 });
    const points = variedPoints(`bulk-${run}`, 20, { taskTypes: types('bulk'), timestamp: () => new Date(now) });
    const opened: number[] = [];
    const journal = core.journal;
    const spy = jest.spyOn(journal, 'open').mockImplementation(async (token, owner, ids, at) => {
      opened.push(ids.length);
      return StorageBatchRepository.prototype.open.call(journal, token, owner, ids, at);
    });
    try {
      expect((await store.storeBatch(points)).stored).toBe(20);
    } finally {
      spy.mockRestore();
    }
    expect(opened).toEqual([7, 7, 6]);
    expect(await tierCounts(points)).toEqual({ warm: 20, hot: 20, cold: 20, expected: 20 });
  });

  const crashPoints = ['before-hot', 'after-hot', 'after-cold', 'after-stored-events', 'during-commit'] as const;

  it.each(crashPoints)('recovers a batch interrupted %s exactly once when the points come back to another process', async (crashAt) => {
    const points = variedPoints(`crash-${crashAt}-${run}`, 25, { agents: 2, taskTypes: types(crashAt), timestamp: (index) => new Date(now - index * 3_600_000) });
    const crash = (): never => {
      throw new Error(`simulated crash ${crashAt}`);
    };
    const hot = new HotStatsRepository(redis, { keyPrefix, windowHours: 168 });
    const faultyHot = Object.assign(Object.create(hot) as HotStatsRepository, {
      apply: async (...args: Parameters<HotStatsRepository['apply']>) => {
        if (crashAt === 'before-hot') crash();
        const applied = await hot.apply(...args);
        if (crashAt === 'after-hot') crash();
        return applied;
      },
    });
    const faultyCold = Object.assign(Object.create(core.cold), {
      applyIncrements: async (...args: Parameters<typeof core.cold.applyIncrements>) => {
        const result = await core.cold.applyIncrements(...args);
        if (crashAt === 'after-cold') crash();
        return result;
      },
    });
    const faultyJournal = Object.assign(Object.create(core.journal), {
      commit: async () => (crashAt === 'during-commit' ? crash() : undefined),
    });
    const crashing = new DatapointStore({ warm: core.warm, cold: faultyCold, hot: faultyHot, journal: faultyJournal, clock });
    const crashingHooks: StoreHooks = {
      onStored: async (documents) => {
        storedEvents.push(...documents.map((document) => document._id));
        if (crashAt === 'after-stored-events') crash();
      },
    };
    await expect(crashing.storeBatch(points, crashingHooks)).rejects.toThrow(`simulated crash ${crashAt}`);
    expect(await core.models.datapoints.countDocuments({ _id: { $in: points.map((point) => point.id) } })).toBe(25);

    // the restarted process: another owner; the crashed batch counts as abandoned at once
    const restarted = new DatapointStore({ warm: core.warm, cold: core.cold, hot: core.hot, journal: core.journal, clock }, { staleAfterMs: 0 });
    const recoveredEvents: string[] = [];
    const result = await restarted.storeBatch([...points].reverse(), { onStored: async (documents) => void recoveredEvents.push(...documents.map((document) => document._id)) });
    expect(result).toEqual({ received: 25, stored: 0, duplicates: 25, recovered: 25 });
    expect(recoveredEvents.sort()).toEqual(points.map((point) => point.id).sort());
    expect(await tierCounts(points)).toEqual({ warm: 25, hot: 25, cold: 25, expected: 25 });

    // and once more: nothing is open any more, nothing changes
    expect(await restarted.storeBatch(points)).toEqual({ received: 25, stored: 0, duplicates: 25, recovered: 0 });
    expect(await tierCounts(points)).toEqual({ warm: 25, hot: 25, cold: 25, expected: 25 });
  });

  it('waits for a young open batch of another process instead of recovering it under its feet', async () => {
    const points = variedPoints(`young-${run}`, 5, { taskTypes: types('young'), timestamp: () => new Date(now) });
    const slowCold = Object.assign(Object.create(core.cold), {
      applyIncrements: async (...args: Parameters<typeof core.cold.applyIncrements>) => {
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        return core.cold.applyIncrements(...args);
      },
    });
    const slow = new DatapointStore({ warm: core.warm, cold: slowCold, hot: core.hot, journal: core.journal, clock });
    const other = new DatapointStore({ warm: core.warm, cold: core.cold, hot: core.hot, journal: core.journal, clock }, { staleAfterMs: 60_000, pollIntervalMs: 100 });
    const first = slow.storeBatch(points);
    // the slow batch has inserted its documents and is now inside its (slow) cold step
    const ids = points.map((point) => point.id);
    for (let waited = 0; (await core.models.datapoints.countDocuments({ _id: { $in: ids } })) < ids.length; waited += 20) {
      if (waited > 20_000) throw new Error('slow batch never inserted');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const second = await other.storeBatch(points);
    expect(second).toEqual({ received: 5, stored: 0, duplicates: 5, recovered: 0 });
    expect((await first).stored).toBe(5);
    expect(await tierCounts(points)).toEqual({ warm: 5, hot: 5, cold: 5, expected: 5 });
  });

  it('settles committed batches (pendingTokens emptied) and still ignores redeliveries afterwards', async () => {
    const points = variedPoints(`settle-${run}`, 12, { taskTypes: types('settle'), timestamp: () => new Date(now) });
    await core.store.storeBatch(points);
    const settled = await core.store.settleCommittedBatches(0);
    expect(settled).toBeGreaterThan(0);
    expect(await core.models.storageBatches.countDocuments({})).toBe(0);
    const keys = [...new Set(points.map((point) => aggregateKeyOf(dayKey(now), point.execution!.agentId, point.task.type)))];
    expect((await core.cold.findByKeys(keys)).every((document) => (document.pendingTokens ?? []).length === 0)).toBe(true);
    expect((await core.store.storeBatch(points)).duplicates).toBe(12);
    expect(await tierCounts(points)).toEqual({ warm: 12, hot: 12, cold: 12, expected: 12 });
  });

  it('marks exported points idempotently, newest export wins', async () => {
    const points = variedPoints(`export-${run}`, 3, { taskTypes: types('export'), timestamp: () => new Date(now) });
    await core.store.storeBatch(points);
    const ids = points.map((point) => point.id);
    const at = new Date('2026-11-21T12:00:00Z');
    expect(await core.warm.markExported('batch-1', ids, at)).toBe(3);
    expect(await core.warm.markExported('batch-1', ids, at)).toBe(0);
    expect(await core.warm.markExported('batch-0', ids.slice(0, 1), new Date(at.getTime() - 1000))).toBe(0);
    const document = (await core.warm.findById(ids[0])) as DatapointDocument;
    expect(document).toMatchObject({ exportedAt: at, trainingBatchId: 'batch-1', trainingBatchIds: ['batch-1', 'batch-0'] });
  });
});
