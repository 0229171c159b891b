import { createHmac } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { Redis } from 'ioredis';
import { ExportBatchRecordV1, Topic } from '@benchpool/contracts';
import { expectEventually, TestKafka, uniqueTopicPrefix } from '@benchpool/testing';
import { ArbiterDriver } from '../support/arbiter-driver';
import { SERVICE_NAMES, ServiceStack, tearDownE2e } from '../support/service-stack';

/**
 * The whole loop through the six real services, driven by a Kafka client that is not part of
 * the project: ingress CloudEvents in; a decision, a stored anonymized document, hot stats and an
 * exported batch out.
 */
describe('walking skeleton: one task through all six services', () => {
  const prefix = uniqueTopicPrefix('e2e-skeleton');
  const stack = new ServiceStack(prefix, { ANONYMIZATION_HMAC_KEY: 'e2e-hmac-key-0123456789abcdef' });
  const kafka = new TestKafka(prefix);
  const arbiter = new ArbiterDriver(kafka, 'tenant-e2e');
  const mongo = new MongoClient('mongodb://127.0.0.1:27017');
  const redis = new Redis('redis://127.0.0.1:6379');

  beforeAll(async () => {
    await stack.start();
    await kafka.collect([Topic.DecisionMade, Topic.ExportBatch, Topic.DatapointStored]);
    await mongo.connect();
  });

  afterAll(() => tearDownE2e(stack, kafka, mongo, redis));

  it('routes, records, grades, anonymizes, stores and exports', async () => {
    await arbiter.registerAgents([{ agentId: 'agent-alpha' }, { agentId: 'agent-beta' }]);
    // registrations and tasks travel on different topics: wait until routing has handled both agents
    await stack.waitConsumed('routing', Topic.AgentRegistered, 2);
    const task = await arbiter.submit();
    const decision = await arbiter.decisionFor(task.taskId);
    expect(['agent-alpha', 'agent-beta']).toContain(decision.selectedAgentId);
    expect(decision.propensity).toBeGreaterThan(0);
    expect(decision.propensity).toBeLessThanOrEqual(1);
    expect(decision.candidates.length).toBe(2);

    await arbiter.execute(task.taskId, decision.selectedAgentId!);

    const datapoints = mongo.db(stack.database).collection<{ _id: string }>('datapoints');
    const document = await expectEventually(() => datapoints.findOne({ _id: task.taskId }), { timeoutMs: 90_000, what: 'stored data point' });
    const raw = JSON.stringify(document);
    expect(raw).not.toContain('jane.doe@example.com');
    expect(raw).not.toContain('tenant-e2e');
    expect((document as unknown as { tenantId: string }).tenantId).toBe(
      createHmac('sha256', 'e2e-hmac-key-0123456789abcdef').update('tenant-e2e').digest('hex'),
    );
    expect(await datapoints.countDocuments({ _id: task.taskId })).toBe(1);

    // hot stats for the agent moved
    const hotKeys = await expectEventually(async () => {
      const keys = await redis.keys(`${stack.env.HOT_KEY_PREFIX}*`);
      return keys.length > 0 ? keys : null;
    }, { what: 'hot-tier keys' });
    expect(hotKeys.some((key) => key.includes(decision.selectedAgentId!))).toBe(true);

    await kafka.publish(Topic.ExportRequested, {
      requestId: `req-${task.taskId}`, phase: 'sft', minCount: 1, minQuality: 0, minTaskTypes: 1, maxAgeDays: 1, includeFailures: true,
    });
    const batch = await expectEventually(() => {
      const records = kafka.events<ExportBatchRecordV1>(Topic.ExportBatch).map((event) => event.data);
      return records.some((record) => record.kind === 'end') ? records : null;
    }, { timeoutMs: 60_000, what: 'complete export batch' });
    const manifest = batch.find((record) => record.kind === 'manifest');
    const end = batch.find((record) => record.kind === 'end');
    expect(manifest?.manifest).toMatchObject({ status: 'ready' });
    expect(end?.count).toBe(batch.filter((record) => record.kind === 'record').length);
    expect(end?.count).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(batch)).not.toContain('jane.doe@example.com');
  });

  it('answers /health and /metrics on every service', async () => {
    for (const service of SERVICE_NAMES) {
      const health = await fetch(`${stack.url(service)}/health`);
      expect({ service, status: health.status }).toEqual({ service, status: 200 });
      const metrics = await (await fetch(`${stack.url(service)}/metrics`)).text();
      expect(metrics).toContain('benchpool_kafka_consumed_total');
      expect(metrics).toContain(`service="${service}"`);
    }
  });
});
