import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import mongoose, { Connection } from 'mongoose';
import { DatapointStoredV1, datapointQuarantinedExample, Topic } from '@benchpool/contracts';
import { loadConfig, RunningService, startService } from '@benchpool/service-kit';
import { anonymizedPoint, DAY_MS, ManualClock, variedPoints } from '@benchpool/storage-core';
import { expectEventually, freePort, TestKafka, uniqueTopicPrefix } from '@benchpool/testing';
import { StorageTieringModule } from './app.module';
import { STORAGE_TIERING_PRODUCED_TOPICS } from './produced-topics';
import { StorageTieringConfig } from './storage-tiering.config';

/**
 * storage-tiering in-process against the real Kafka, FerretDB and Redis, with its own topic
 * prefix, database and Redis key prefix. The data clock is a ManualClock so retention can be
 * run "91 days later".
 */
// response bodies are checked field by field; a loose type keeps the assertions readable
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ApiBody = any;

describe('storage-tiering against Kafka, FerretDB and Redis', () => {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const prefix = uniqueTopicPrefix('storage');
  const databaseName = `storage_tiering_it_${run}`;
  const hotPrefix = `hot-it-${run}:`;
  const adminKey = `admin-${randomBytes(16).toString('hex')}`;
  const now = Date.now();
  const clock = new ManualClock(now);
  const kafka = new TestKafka(prefix);
  const tenant = anonymizedPoint('x').tenantId;
  const otherTenant = 'f'.repeat(64);
  let service: RunningService;
  let connection: Connection;
  let redis: Redis;
  const keys: Record<string, string> = {};

  const api = async (path: string, options: { key?: string; method?: string; body?: unknown } = {}): Promise<{ status: number; body: ApiBody }> => {
    const response = await fetch(`${service.url}${path}`, {
      method: options.method ?? 'GET',
      headers: { ...(options.key ? { 'x-api-key': options.key } : {}), ...(options.body ? { 'content-type': 'application/json' } : {}) },
      body: options.body ? JSON.stringify(options.body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const metric = async (name: string): Promise<number> => {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    // `name` may carry the start of a label set, e.g. 'x_total{action="warm-deleted"'
    const line = text.split('\n').find((candidate) => candidate.startsWith(name) && [' ', '{', ','].includes(candidate.charAt(name.length)));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  const warmCount = (filter: Record<string, unknown> = {}) => connection.collection('datapoints').countDocuments(filter);

  beforeAll(async () => {
    const port = await freePort();
    service = await startService({
      definition: { name: 'storage-tiering', needsMongo: true, needsRedis: true },
      loadConfig: () =>
        loadConfig(StorageTieringConfig, {
          KAFKA_TOPIC_PREFIX: prefix, PORT: String(port), KAFKA_PARTITIONS: '3', LOG_LEVEL: 'warn',
          MONGODB_URI: `mongodb://127.0.0.1:27017/${databaseName}`, HOT_KEY_PREFIX: hotPrefix, STORAGE_ADMIN_API_KEY: adminKey,
          RETENTION_INTERVAL_MS: '0', FEEDBACK_INTERVAL_MS: '0', MAINTENANCE_INTERVAL_MS: '0', API_KEY_CACHE_MS: '0',
        }),
      appModule: (runtime) => StorageTieringModule.forRuntime(runtime, { clock }),
      producedTopics: STORAGE_TIERING_PRODUCED_TOPICS,
    });
    // a freshly created topic can answer "does not host this topic-partition" for a moment
    await expectEventually(async () => {
      await kafka.collect([Topic.DatapointStored, Topic.AgentFeedbackReported]);
      return true;
    }, { timeoutMs: 30_000, intervalMs: 1_000, what: 'collector subscribed' });
    connection = await mongoose.createConnection(`mongodb://127.0.0.1:27017/${databaseName}`).asPromise();
    redis = new Redis('redis://127.0.0.1:6379');
    for (const [name, role, tenantScope] of [
      ['arbiter', 'arbiter', '*'], ['analyst', 'analyst', '*'], ['trainer', 'rl-trainer', '*'], ['otherTenantAnalyst', 'analyst', otherTenant], ['tenantTrainer', 'rl-trainer', tenant],
    ]) {
      const created = await api('/v1/admin/api-keys', { key: adminKey, method: 'POST', body: { role, tenantScope, name } });
      expect(created.status).toBe(201);
      keys[name] = created.body.apiKey;
    }
  });

  afterAll(async () => {
    await service?.app.close();
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
  });

  const points = variedPoints(`it-${run}`, 60, { agents: 3, timestamp: (index) => new Date(now - index * 60_000) });

  it('counts every point exactly once in hot, warm and cold although every record is published twice, and emits one stored event per point', async () => {
    for (const point of points) await kafka.publish(Topic.DatapointAnonymized, point, { tenantId: point.tenantId, id: `anonymized-${point.id}` });
    for (const point of points) await kafka.publish(Topic.DatapointAnonymized, point, { tenantId: point.tenantId, id: `anonymized-${point.id}` });
    await expectEventually(async () => (await metric('benchpool_storage_duplicates_ignored_total')) >= 60 && (await warmCount()) === 60, {
      timeoutMs: 90_000, what: '60 stored and 60 duplicates ignored',
    });
    expect(await metric('benchpool_storage_points_stored_total')).toBe(60);
    expect(await warmCount()).toBe(60);

    // hot: per agent over the last 24 hours (Redis)
    for (const agentId of ['agent-0', 'agent-1', 'agent-2']) {
      const mine = points.filter((point) => point.execution!.agentId === agentId);
      const stats = await api(`/v1/agents/${agentId}/stats?windowHours=24`, { key: keys.arbiter });
      expect(stats.status).toBe(200);
      expect(stats.body).toMatchObject({ source: 'hot', count: mine.length, successes: mine.filter((point) => point.execution!.success).length });
      expect(stats.body.averageQuality).toBeCloseTo(mine.reduce((total, point) => total + point.evaluation!.overallScore, 0) / mine.length, 3);
      expect(stats.body.latencyMs.p50).toBeGreaterThan(0);
    }
    // cold: per agent over the last 30 days (agent_stats_daily)
    const system = await api('/v1/stats/system?groupBy=agent', { key: keys.trainer });
    expect(system.status).toBe(200);
    expect(system.body.total.count).toBe(60);
    expect(Object.fromEntries(system.body.groups.map((group: { key: string; count: number }) => [group.key, group.count]))).toEqual({ 'agent-0': 20, 'agent-1': 20, 'agent-2': 20 });
    const longWindow = await api('/v1/agents/agent-1/stats?windowHours=720', { key: keys.arbiter });
    expect(longWindow.body).toMatchObject({ source: 'cold', count: 20 });

    await expectEventually(() => new Set(kafka.events<DatapointStoredV1>(Topic.DatapointStored).map((event) => event.data.dataPointId)).size === 60, {
      timeoutMs: 30_000, what: 'a stored event per point',
    });
    const stored = kafka.events<DatapointStoredV1>(Topic.DatapointStored);
    expect(stored.every((event) => event.id === `stored-${event.data.dataPointId}`)).toBe(true);
    const first = stored.find((event) => event.data.dataPointId === points[1].id)!;
    expect(first.data).toMatchObject({ agentId: 'agent-1', taskType: points[1].task.type, complexity: points[1].task.complexity, success: true, overallScore: points[1].evaluation!.overallScore });
  });

  it('marks exported points once on rl.export.completed.v1', async () => {
    const exported = points.slice(0, 5).map((point) => point.id);
    const event = { batchId: `batch-${run}`, requestId: 'req-1', phase: 'sft', dataPointIds: exported, exportedAt: new Date(now).toISOString() };
    await kafka.publish(Topic.ExportCompleted, event);
    await kafka.publish(Topic.ExportCompleted, event);
    await expectEventually(async () => (await warmCount({ trainingBatchId: `batch-${run}` })) === 5, { what: 'exported points marked' });
    const page = await api(`/v1/datapoints?exported=true&limit=10`, { key: keys.trainer });
    expect(page.body.items.map((item: { id: string }) => item.id).sort()).toEqual([...exported].sort());
    expect(page.body.items[0]).toMatchObject({ trainingBatchId: `batch-${run}`, exportedAt: new Date(now).toISOString() });
  });

  it('searches with filters and cursor pagination, newest first', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: ApiBody } = await api(`/v1/datapoints?agentId=agent-2&limit=7${cursor ? `&cursor=${cursor}` : ''}`, { key: keys.trainer });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const expected = points.filter((point) => point.execution!.agentId === 'agent-2').sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp)).map((point) => point.id);
    expect(seen).toEqual(expected);
    const quality = await api('/v1/datapoints?minQuality=0.85&maxQuality=0.95&complexity=standard', { key: keys.trainer });
    expect(quality.body.items.length).toBe(points.filter((point) => point.task.complexity === 'standard' && point.evaluation!.overallScore >= 0.85 && point.evaluation!.overallScore <= 0.95).length);
  });

  it('refuses requests without a key (401), with the wrong role or another tenant (403), and bad parameters (400)', async () => {
    expect((await api('/v1/agents/agent-0/stats')).status).toBe(401);
    expect((await api('/v1/datapoints', { key: 'not-a-key' })).status).toBe(401);
    expect((await api('/v1/datapoints', { key: keys.arbiter })).status).toBe(403);
    expect((await api('/v1/admin/access-audit', { key: keys.analyst })).status).toBe(403);
    expect((await api(`/v1/datapoints?tenantId=${tenant}`, { key: keys.otherTenantAnalyst })).status).toBe(403);
    expect((await api(`/v1/datapoints/${points[0].id}`, { key: keys.otherTenantAnalyst })).status).toBe(403);
    // a tenant-scoped key searching without a tenant filter sees only its tenant (here: nothing)
    expect((await api('/v1/datapoints', { key: keys.otherTenantAnalyst })).body.items).toEqual([]);
    expect((await api('/v1/datapoints?limit=3', { key: keys.tenantTrainer })).body.items).toHaveLength(3);
    const bad = await api('/v1/datapoints?minQuality=high&limit=0&color=red', { key: keys.trainer });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(expect.arrayContaining(['minQuality must be a number conforming to the specified constraints', 'limit must not be less than 1', 'property color should not exist']));
  });

  it('shows analysts anonymized fields only; an rl-trainer sees the free text', async () => {
    const id = points[3].id;
    const asAnalyst = await api(`/v1/datapoints/${id}`, { key: keys.analyst });
    const asTrainer = await api(`/v1/datapoints/${id}`, { key: keys.trainer });
    expect(asAnalyst.status).toBe(200);
    expect(asAnalyst.body.task.description).toBeUndefined();
    expect(asAnalyst.body.execution.artifacts.diff).toBeUndefined();
    expect(asAnalyst.body.evaluation.overallScore).toBe(points[3].evaluation!.overallScore);
    expect(asTrainer.body.task.description).toBe(points[3].task.description);
    expect(asTrainer.body.execution.artifacts.diff).toBe(points[3].execution!.artifacts.diff);
    const page = await api('/v1/datapoints?limit=5', { key: keys.analyst });
    expect(page.body.fields).toBe('anonymized');
    expect(page.body.items.every((item: { task: { description?: string } }) => item.task.description === undefined)).toBe(true);
  });

  it('writes every access to access_audit: who, what, when, status and how many records', async () => {
    const before = new Date();
    await api('/v1/datapoints?limit=4', { key: keys.trainer });
    await api('/v1/datapoints', { key: keys.arbiter });
    await api('/v1/stats/system');
    const audit = connection.collection('access_audit');
    const entries = await audit.find({ at: { $gte: before } }).toArray();
    const trainerKeyId = (await connection.collection('api_keys').findOne({ name: 'trainer' }))!._id;
    const arbiterKeyId = (await connection.collection('api_keys').findOne({ name: 'arbiter' }))!._id;
    expect(entries).toEqual(expect.arrayContaining([
      expect.objectContaining({ keyId: trainerKeyId, role: 'rl-trainer', method: 'GET', route: '/v1/datapoints', status: 200, records: 4, params: { limit: '4' } }),
      expect.objectContaining({ keyId: arbiterKeyId, route: '/v1/datapoints', status: 403, records: 0 }),
      expect.objectContaining({ keyId: null, route: '/v1/stats/system', status: 401 }),
    ]));
    const viaApi = await api(`/v1/admin/access-audit?keyId=${trainerKeyId}&limit=500`, { key: adminKey });
    expect(viaApi.body.items.length).toBeGreaterThan(3);
    expect(await metric('benchpool_storage_api_requests_total')).toBeGreaterThan(0);
  });

  it('reports agent feedback over the API and publishes agent.feedback.reported.v1 from the job', async () => {
    const feedback = await api('/v1/agents/agent-0/feedback?windowDays=7', { key: keys.arbiter });
    expect(feedback.status).toBe(200);
    expect(feedback.body.event).toMatchObject({ agentId: 'agent-0', trends: { successRateTrend: 'stable' }, test: expect.stringContaining('z-test') });
    expect(feedback.body.evidence.pointsCurrent).toBe(20);
    const job = await api('/v1/admin/feedback/run', { key: adminKey, method: 'POST', body: { end: new Date(now).toISOString(), force: true } });
    expect(job.body).toMatchObject({ agents: 3, published: 3 });
    await expectEventually(() => kafka.events(Topic.AgentFeedbackReported).length >= 3, { what: 'three feedback events' });
  });

  it('counts quarantines once per point for collection health', async () => {
    const quarantined = { ...datapointQuarantinedExample, taskId: `q-${run}`, point: { ...datapointQuarantinedExample.point, id: `q-${run}`, timestamp: new Date(now).toISOString() } };
    quarantined.report = { ...quarantined.report, issues: [{ gate: 'privacy', severity: 'error', blockRL: true, message: 'email left' }] };
    await kafka.publish(Topic.DatapointQuarantined, quarantined);
    await kafka.publish(Topic.DatapointQuarantined, quarantined);
    await expectEventually(async () => (await metric('benchpool_storage_quarantines_counted_total')) === 1 && (await metric('benchpool_kafka_consumed_total{topic="benchmark.datapoint.quarantined.v1"')) >= 0, { what: 'quarantine counted' });
    await expectEventually(async () => (await api('/v1/collection/health', { key: keys.analyst })).body.quarantined === 1, { what: 'health sees the quarantine' });
    const health = (await api('/v1/collection/health', { key: keys.analyst })).body;
    expect(health).toMatchObject({ stored: 60, quarantined: 1, privacyViolations: 1, schemaValidationFailures: 0, agentsCovered: 3, taskTypesCovered: 3 });
    expect(health.validDataPercentage).toBeCloseTo((60 / 61) * 100, 1);
    expect(health.complexityDistribution).toEqual({ trivial: 20, standard: 20, complex: 20 });
  });

  it('retention deletes exactly the warm points past 90 days and the cold days past 2 years, and keeps the aggregates', async () => {
    const old = [
      ...variedPoints(`old100-${run}`, 4, { agents: 2, taskTypes: ['old-a'], timestamp: () => new Date(now - 100 * DAY_MS) }),
      ...variedPoints(`old800-${run}`, 3, { agents: 1, taskTypes: ['old-b'], timestamp: () => new Date(now - 800 * DAY_MS) }),
    ];
    for (const point of old) await kafka.publish(Topic.DatapointAnonymized, point, { tenantId: point.tenantId });
    await expectEventually(async () => (await warmCount()) === 67, { timeoutMs: 60_000, what: 'old points stored' });
    const cold = connection.collection('agent_stats_daily');
    const coldBefore = await cold.countDocuments({});
    const coldOf800 = await cold.countDocuments({ taskType: 'old-b' });
    expect(coldOf800).toBe(1);

    const first = await api('/v1/admin/retention/run', { key: adminKey, method: 'POST' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ warmDeleted: 7, coldDeleted: 1, movedToCold: 0, resumed: false });
    expect(await warmCount()).toBe(60);
    expect(await cold.countDocuments({})).toBe(coldBefore - 1);
    expect(await cold.countDocuments({ taskType: 'old-a' })).toBe(2);
    expect(await metric('benchpool_storage_retention_points_total{action="warm-deleted"')).toBe(7);

    // 91 days later every recent point leaves the warm tier; their daily aggregates stay
    clock.advance(91 * DAY_MS);
    const later = await api('/v1/admin/retention/run', { key: adminKey, method: 'POST' });
    expect(later.body).toMatchObject({ warmDeleted: 60, coldDeleted: 0 });
    expect(await warmCount()).toBe(0);
    expect(await cold.countDocuments({})).toBe(coldBefore - 1);
    const stats = await api(`/v1/stats/system?groupBy=agent&from=${new Date(now - 2 * DAY_MS).toISOString()}&to=${new Date(now + DAY_MS).toISOString()}`, { key: keys.trainer });
    expect(stats.body.total.count).toBe(60);
    clock.set(now);
  });

  it('gives analysts cross-tenant aggregates only through the Laplace mechanism, within a budget', async () => {
    const exact = await api('/v1/stats/system?groupBy=agent', { key: keys.trainer });
    expect(exact.body.privacy).toBeUndefined();
    const first = await api('/v1/stats/system?groupBy=agent', { key: keys.analyst });
    expect(first.status).toBe(200);
    expect(first.body.privacy).toMatchObject({ mechanism: 'laplace', epsilon: 2 });
    expect(first.body.total.latencyMs).toBeNull();
    expect(first.body.total.averageTokens).toBeNull();
    expect(Math.abs(first.body.total.count - exact.body.total.count)).toBeLessThan(60);
    // the same query in the same period: the same noise (averaging reveals nothing) and no second charge
    const again = await api('/v1/stats/system?groupBy=agent', { key: keys.analyst });
    expect(again.body).toEqual(first.body);
    // a budget of 20 per day: 2 × ε = 8 per query at ε = 4 → the third distinct query is refused
    expect((await api('/v1/stats/system?groupBy=day&epsilon=4', { key: keys.analyst })).status).toBe(200);
    expect((await api('/v1/stats/system?groupBy=task-type&epsilon=4', { key: keys.analyst })).status).toBe(200);
    const refused = await api('/v1/stats/system?groupBy=agent&epsilon=4', { key: keys.analyst });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toMatch(/privacy budget/);
    expect((await api('/v1/stats/system?epsilon=0', { key: keys.trainer })).status).toBe(400);
  });

  it('serves its OpenAPI document', async () => {
    const response = await fetch(`${service.url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/datapoints', '/v1/agents/{agentId}/stats', '/v1/collection/health']));
  });
});
