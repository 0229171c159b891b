import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import mongoose, { Connection } from 'mongoose';
import { deleteKeysWithPrefix } from '@benchpool/testing';
import { ManualClock } from '../clock';
import { cellSumsOfDocument } from '../cold/daily-increments';
import { DAY_MS, dayKey } from '../hot/time-buckets';
import { DatapointStore } from '../ingest/datapoint-store';
import { StorageCore } from '../storage-core';
import { variedPoints } from '../testing/point-factory';

/** The retention job against FerretDB and Redis, with the data clock moved by hand. */
describe('RetentionJob', () => {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const keyPrefix = `hot-ret-${run}:`;
  const now = Date.parse('2026-11-21T12:00:00.000Z');
  const clock = new ManualClock(now);
  let connection: Connection;
  let redis: Redis;
  let core: StorageCore;

  beforeAll(async () => {
    connection = await mongoose.createConnection(`mongodb://127.0.0.1:27017/storage_retention_it_${run}`).asPromise();
    redis = new Redis('redis://127.0.0.1:6379');
    // staleBatchAfterMs 0: an open batch counts as abandoned at once (no other process runs here)
    core = new StorageCore(connection, redis, { hotKeyPrefix: keyPrefix, staleBatchAfterMs: 0, warmRetentionDays: 90, coldRetentionDays: 730 }, clock);
    await core.init();
  });

  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    await deleteKeysWithPrefix(redis, keyPrefix);
    redis.disconnect();
  });

  const coldCount = async (taskType: string): Promise<number> =>
    (await core.models.agentStatsDaily.find({ taskType }).lean()).reduce((total, document) => total + cellSumsOfDocument(document as never).count, 0);

  it('moves interrupted batches to cold, deletes warm points past the window and cold days past two years, keeps the rest', async () => {
    await core.store.storeBatch([
      ...variedPoints(`recent-${run}`, 2, { agents: 1, taskTypes: ['r-recent'], timestamp: () => new Date(now - 10 * DAY_MS) }),
      ...variedPoints(`old-${run}`, 3, { agents: 1, taskTypes: ['r-old'], timestamp: () => new Date(now - 100 * DAY_MS) }),
      ...variedPoints(`ancient-${run}`, 2, { agents: 1, taskTypes: ['r-ancient'], timestamp: () => new Date(now - 800 * DAY_MS) }),
    ]);
    // a batch that died after its warm insert: its cold increment is missing
    const crashed = new DatapointStore({ warm: core.warm, cold: core.cold, hot: Object.assign(Object.create(core.hot), { apply: async () => { throw new Error('killed'); } }), journal: core.journal, clock });
    await expect(crashed.storeBatch(variedPoints(`crashed-${run}`, 2, { agents: 1, taskTypes: ['r-crashed'], timestamp: () => new Date(now - 95 * DAY_MS) }))).rejects.toThrow('killed');
    expect(await coldCount('r-crashed')).toBe(0);

    // another replica holds the lease: nothing happens
    await redis.set(`${keyPrefix}lease:retention`, 'someone-else', 'PX', 60_000);
    expect(await core.retention.run()).toBeNull();
    expect(await core.models.datapoints.countDocuments({})).toBe(9);
    await redis.del(`${keyPrefix}lease:retention`);

    const report = await core.retention.run();
    expect(report).toMatchObject({ resumed: false, movedToCold: 2, warmDeleted: 7, coldDeleted: 1, warmCutoff: new Date(now - 90 * DAY_MS).toISOString(), coldCutoffDay: dayKey(now - 730 * DAY_MS) });
    expect((await core.models.datapoints.find({}, { _id: 1 }).lean()).map((document) => document._id).sort()).toEqual([`recent-${run}-0`, `recent-${run}-1`]);
    expect(await coldCount('r-crashed')).toBe(2);
    expect(await coldCount('r-old')).toBe(3);
    expect(await coldCount('r-recent')).toBe(2);
    expect(await coldCount('r-ancient')).toBe(0);

    // 81 days later the recent points leave the warm tier too; their aggregates stay
    clock.advance(81 * DAY_MS);
    expect(await core.retention.run()).toMatchObject({ warmDeleted: 2, coldDeleted: 0, movedToCold: 0 });
    expect(await core.models.datapoints.countDocuments({})).toBe(0);
    expect(await coldCount('r-recent')).toBe(2);
    clock.set(now);
  });

  it('resumes an interrupted run with its own cutoffs', async () => {
    const warmCutoff = new Date(now - 5 * DAY_MS);
    await core.models.retentionRuns.collection.insertOne({
      _id: `retention-interrupted-${run}`, startedAt: new Date(), asOf: new Date(now), warmCutoff, coldCutoffDay: '2020-01-01', phase: 'warm',
      movedToCold: 0, warmDeleted: 4, quarantineMarkersDeleted: 0, coldDeleted: 0, owner: 'dead-replica',
    } as never);
    await core.store.storeBatch(variedPoints(`resume-${run}`, 3, { agents: 1, taskTypes: ['r-resume'], timestamp: () => new Date(now - 6 * DAY_MS) }));
    const report = await core.retention.run();
    expect(report).toMatchObject({ runId: `retention-interrupted-${run}`, resumed: true, warmCutoff: warmCutoff.toISOString(), warmDeleted: 4 + 3 });
    expect(await core.models.retentionRuns.countDocuments({ finishedAt: { $exists: false } })).toBe(0);
  });
});
