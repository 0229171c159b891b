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

  it('quarantines a point that breaks a gate, with the reason and only the scrubbed payload', async () => {
    const bad = pointWithPrivateData('anon-2');
    bad.evaluation = { ...bad.evaluation!, overallScore: 7 };
    await kafka.publish(Topic.DatapointCollected, bad);
    const event = await expectEventually(
      () => kafka.events<DatapointQuarantinedV1>(Topic.DatapointQuarantined).find((item) => item.data.taskId === 'anon-2'),
      { what: 'quarantined point' },
    );
    expect(event.data.report.issues.map((issue) => issue.gate)).toContain('bounds');
    const raw = JSON.stringify(event);
    for (const value of PRIVATE) expect(raw).not.toContain(value);
    expect(kafka.events<BenchmarkDataPoint>(Topic.DatapointAnonymized).some((item) => item.data.id === 'anon-2')).toBe(false);
  });

  it('dead-letters a collected point that breaks the contract', async () => {
    await kafka.publish(Topic.DatapointCollected, { ...pointWithPrivateData('anon-3'), status: 'unknown' } as unknown as BenchmarkDataPoint);
    const record = await expectEventually(() => kafka.records(deadLetterTopicOf(Topic.DatapointCollected)).find((item) => item.key === 'anon-3'), { what: 'DLQ record' });
    expect(record.headers['dlq-reason']).toContain('status');
  });
});
