import { createHmac } from 'node:crypto';
import {
  benchmarkDataPointExample, BenchmarkDataPoint, DatapointQuarantinedV1, deadLetterTopicOf, Topic,
} from '@benchpool/contracts';
import { loadConfig, RunningService, startService } from '@benchpool/service-kit';
import { expectEventually, freePort, TestKafka, uniqueTopicPrefix } from '@benchpool/testing';
import { AnonymizationConfig } from './anonymization.config';
import { AnonymizationModule } from './app.module';

const KEY = 'integration-test-hmac-key-0123456789';
const PRIVATE = ['jane.doe@example.com', '+44 20 7946 0958', 'AKIAIOSFODNN7EXAMPLE', '/home/janedoe/projects/acme/src/billing.ts'];

function pointWithPrivateData(id: string, overrides: Partial<BenchmarkDataPoint> = {}): BenchmarkDataPoint {
  const base = JSON.parse(JSON.stringify(benchmarkDataPointExample)) as BenchmarkDataPoint;
  return {
    ...base,
    id,
    task: { ...base.task, taskId: id, description: `Fix billing for ${PRIVATE[0]} (call ${PRIVATE[1]}), see ${PRIVATE[3]}` },
    execution: base.execution && {
      ...base.execution,
      failureReason: undefined,
      turns: base.execution.turns.map((turn) => ({ ...turn, feedback: `key ${PRIVATE[2]} leaked` })),
    },
    ...overrides,
  };
}

describe('anonymization service (real Kafka)', () => {
  const prefix = uniqueTopicPrefix('anon');
  const kafka = new TestKafka(prefix);
  let service: RunningService;

  beforeAll(async () => {
    const port = await freePort();
    service = await startService({
      definition: { name: 'anonymization', needsMongo: false, needsRedis: false },
      loadConfig: () => loadConfig(AnonymizationConfig, {
        KAFKA_TOPIC_PREFIX: prefix, PORT: String(port), ANONYMIZATION_HMAC_KEY: KEY, ANONYMIZATION_KEY_ID: 'k-test', LOG_LEVEL: 'warn', KAFKA_PARTITIONS: '3',
      }),
      appModule: (runtime) => AnonymizationModule.forRuntime(runtime),
      producedTopics: [Topic.DatapointAnonymized, Topic.DatapointQuarantined],
    });
    await kafka.collect([Topic.DatapointAnonymized, Topic.DatapointQuarantined, deadLetterTopicOf(Topic.DatapointCollected)]);
  });

  afterAll(async () => {
    await service?.app.close();
    await kafka.close();
  });

  it('hashes the tenant, scrubs private data everywhere and records what it redacted', async () => {
    await kafka.publish(Topic.DatapointCollected, pointWithPrivateData('anon-1', { tenantId: 'tenant-acme' }), { tenantId: 'tenant-acme' });
    const event = await expectEventually(
      () => kafka.events<BenchmarkDataPoint>(Topic.DatapointAnonymized).find((item) => item.data.id === 'anon-1'),
      { what: 'anonymized point' },
    );
    const raw = JSON.stringify(event);
    for (const value of PRIVATE) expect(raw).not.toContain(value);
    expect(raw).not.toContain('tenant-acme');
    const expectedHash = createHmac('sha256', KEY).update('tenant-acme').digest('hex');
    expect(event.data.tenantId).toBe(expectedHash);
    expect(event.data.tenantId).toMatch(/^[0-9a-f]{64}$/);
    expect(event.data.task.description).toMatch(/<EMAIL_1>/);
    expect(event.data.provenance.redaction).toMatchObject({ keyId: 'k-test' });
    expect(event.data.provenance.redaction?.entities).toEqual(expect.objectContaining({ EMAIL: 1 }));
    expect(event.data.provenance.validation?.outcome).toBe('rlReady');
    expect(event.data.rlReady).toBe(true);
  });

  // one point per blocking gate; the first two also break the topic's contract, which used to send
  // them raw to the DLQ: now they are scrubbed and quarantined with the gate that names the fault
  const breakers: Array<[gate: string, id: string, breakIt: (point: BenchmarkDataPoint) => void]> = [
    ['completeness', 'anon-completeness', (point) => { delete (point.task as Partial<BenchmarkDataPoint['task']>).type; }],
    ['types', 'anon-types', (point) => { (point as unknown as { status: string }).status = 'unknown'; }],
    ['bounds', 'anon-bounds', (point) => { point.evaluation = { ...point.evaluation!, overallScore: 7 }; }],
    ['consistency', 'anon-consistency', (point) => { point.evaluation = { ...point.evaluation!, agentId: 'agent-someone-else' }; }],
  ];

  it.each(breakers)('quarantines a point that breaks the %s gate, with that reason and only the scrubbed payload', async (gate, id, breakIt) => {
    const bad = pointWithPrivateData(id);
    breakIt(bad);
    await kafka.publish(Topic.DatapointCollected, bad, { tenantId: 'tenant-acme' });
    const event = await expectEventually(
      () => kafka.events<DatapointQuarantinedV1>(Topic.DatapointQuarantined).find((item) => item.data.taskId === id),
      { what: `point quarantined by the ${gate} gate` },
    );
    expect(event.data.report.issues).toEqual(expect.arrayContaining([expect.objectContaining({ gate, severity: 'error' })]));
    const raw = JSON.stringify(event);
    for (const value of PRIVATE) expect(raw).not.toContain(value);
    expect(raw).not.toContain('tenant-acme');
    expect(event.tenantid).toBe(createHmac('sha256', KEY).update('tenant-acme').digest('hex'));
    expect(kafka.events<BenchmarkDataPoint>(Topic.DatapointAnonymized).some((item) => item.data.id === id)).toBe(false);
    expect(kafka.records(deadLetterTopicOf(Topic.DatapointCollected)).some((item) => item.key === id)).toBe(false);
  });

  it('flags, and still stores, a point far above its task type\'s rolling p99 (the statistical gate warns, never blocks)', async () => {
    const type = `stat-${prefix}`;
    const normal = (index: number): BenchmarkDataPoint => {
      const point = pointWithPrivateData(`anon-stat-${index}`);
      point.task = { ...point.task, type };
      point.execution = { ...point.execution!, latencyMs: 1_000 + (index % 10) * 10 };
      return point;
    };
    for (let index = 0; index < 60; index++) await kafka.publish(Topic.DatapointCollected, normal(index));
    // partitions run concurrently: let the 60 build the distribution before the outlier arrives
    await expectEventually(
      () => kafka.events<BenchmarkDataPoint>(Topic.DatapointAnonymized).filter((item) => item.data.task.type === type).length >= 60 || undefined,
      { what: 'the 60 ordinary points' },
    );
    const outlier = normal(60);
    outlier.execution = { ...outlier.execution!, latencyMs: 1_000_000 };
    await kafka.publish(Topic.DatapointCollected, outlier);
    const event = await expectEventually(
      () => kafka.events<BenchmarkDataPoint>(Topic.DatapointAnonymized).find((item) => item.data.id === 'anon-stat-60'),
      { what: 'the outlier on the anonymized topic' },
    );
    expect(event.data.provenance.validation?.issues).toEqual([
      expect.objectContaining({ gate: 'statistical', severity: 'warning', blockRL: false, message: expect.stringContaining('latencyMs') }),
    ]);
    const calm = kafka.events<BenchmarkDataPoint>(Topic.DatapointAnonymized).find((item) => item.data.id === 'anon-stat-59');
    expect(calm?.data.provenance.validation?.issues).toEqual([]);
  });

  it('dead-letters a record that is not a CloudEvent at all, with its original bytes', async () => {
    await kafka.publishRaw(Topic.DatapointCollected, 'not json {', 'anon-3');
    const record = await expectEventually(() => kafka.records(deadLetterTopicOf(Topic.DatapointCollected)).find((item) => item.key === 'anon-3'), { what: 'DLQ record' });
    expect(record.headers['dlq-reason']).toMatch(/json|envelope/i);
    expect(record.value?.toString()).toBe('not json {');
  });
});
