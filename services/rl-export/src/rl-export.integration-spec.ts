import mongoose, { Connection } from 'mongoose';
import { ExportBatchRecordV1, ExportCompletedV1, Topic } from '@benchpool/contracts';
import { BatchManifest, batchIdFor, checksumOfRecords, ExportBatchRepository, makeStoredDataPoint, StoredDataPoint } from '@benchpool/export-core';
import { loadConfig, RunningService, startService } from '@benchpool/service-kit';
import { expectEventually, freePort, TestKafka, uniqueTopicPrefix } from '@benchpool/testing';
import { RlExportModule } from './app.module';
import { RlExportConfig } from './rl-export.config';
import { RL_EXPORT_DEFINITION, RL_EXPORT_PRODUCED_TOPICS } from './rl-export.definition';

const TASK_TYPES = ['code-editing', 'research', 'data-analysis', 'design'];
const COMPLEXITIES = ['trivial', 'standard', 'complex'] as const;

interface CompleteBatch {
  manifest: BatchManifest;
  records: Array<Record<string, unknown>>;
  end: ExportBatchRecordV1;
}

/** The complete copies of a batch on the topic, in order (a copy restarts at each manifest). */
function completeCopies(kafka: TestKafka, batchId: string): CompleteBatch[] {
  const copies: CompleteBatch[] = [];
  let current: { manifest: BatchManifest; records: Array<Record<string, unknown>> } | null = null;
  for (const record of kafka.records<ExportBatchRecordV1>(Topic.ExportBatch)) {
    if (record.key !== batchId || !record.event) continue;
    const data = record.event.data;
    if (data.kind === 'manifest') current = { manifest: data.manifest as unknown as BatchManifest, records: [] };
    else if (data.kind === 'record' && current) current.records.push(data.record!);
    else if (data.kind === 'end' && current) {
      copies.push({ ...current, end: data });
      current = null;
    }
  }
  return copies;
}

function seedPoint(index: number, overrides: Partial<Parameters<typeof makeStoredDataPoint>[0]> = {}): StoredDataPoint {
  return makeStoredDataPoint({
    id: `it-${index}`,
    taskType: TASK_TYPES[index % TASK_TYPES.length],
    complexity: COMPLEXITIES[index % 3],
    agentId: `agent-${index % 5}`,
    tenantId: `tenant-${index % 2}`,
    quality: 0.82 + (index % 10) / 100,
    timestamp: new Date(Date.now() - (index + 1) * 3_600_000),
    description: `Task number ${index}: update module ${index}`,
    ...overrides,
  });
}

describe('rl-export against the real Kafka and FerretDB', () => {
  const prefix = uniqueTopicPrefix('rl-export');
  const database = `rlexport_it_${Date.now().toString(36)}`;
  const uri = `mongodb://127.0.0.1:27017/${database}`;
  const kafka = new TestKafka(prefix);
  let service: RunningService;
  let connection: Connection;

  beforeAll(async () => {
    connection = await mongoose.createConnection(uri).asPromise();
    await connection.db!.collection('datapoints').insertMany(Array.from({ length: 40 }, (_, index) => seedPoint(index)) as never[]);
    const port = await freePort();
    service = await startService({
      definition: RL_EXPORT_DEFINITION,
      loadConfig: () => loadConfig(RlExportConfig, {
        KAFKA_TOPIC_PREFIX: prefix, PORT: String(port), MONGODB_URI: uri, KAFKA_PARTITIONS: '3', LOG_LEVEL: 'warn', RL_EXPORT_PRIVACY_BUDGET: '1',
      }),
      appModule: (runtime) => RlExportModule.forRuntime(runtime),
      producedTopics: RL_EXPORT_PRODUCED_TOPICS,
    });
    await kafka.collect([Topic.ExportBatch, Topic.ExportCompleted]);
  });

  afterAll(async () => {
    await service?.app.close();
    await kafka.close();
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('publishes manifest, records and end marker whose checksum the records reproduce, then marks the points', async () => {
    await kafka.publish(Topic.ExportRequested, { requestId: 'it-sft-1', phase: 'sft', minCount: 20, minTaskTypes: 3 }, { tenantId: 'rl-pipeline' });
    const batchId = batchIdFor('it-sft-1');
    const [batch] = await expectEventually(() => completeCopies(kafka, batchId).length >= 1 && completeCopies(kafka, batchId), { what: 'a complete sft batch', timeoutMs: 60_000 });
    expect(batch.manifest).toMatchObject({ status: 'ready', phase: 'sft', batchId, schemaVersion: 'benchpool.rl-export.batch/1', format: { trainer: 'SFTTrainer' } });
    expect(batch.records).toHaveLength(batch.manifest.counts.records);
    expect(batch.end.count).toBe(batch.records.length);
    expect(batch.records.length).toBeGreaterThanOrEqual(20);
    expect(batch.end.checksum).toBe(checksumOfRecords(batch.records));
    expect(Object.keys(batch.manifest.distributions.taskTypes).length).toBeGreaterThanOrEqual(3);
    expect(batch.manifest.split.train + batch.manifest.split.eval).toBe(batch.records.length);
    expect(batch.records[0]).toHaveProperty('messages');
    const completed = await expectEventually(
      () => kafka.events<ExportCompletedV1>(Topic.ExportCompleted).find((event) => event.data.batchId === batchId),
      { what: 'rl.export.completed.v1' },
    );
    expect([...completed.data.dataPointIds].sort()).toEqual(batch.records.map((record) => record.data_point_id as string).sort());
  });

  it('answers the same request again with the same batch id and identical content, even after new data arrived', async () => {
    const batchId = batchIdFor('it-sft-1');
    await connection.db!.collection('datapoints').insertMany(Array.from({ length: 10 }, (_, index) => seedPoint(100 + index, { timestamp: new Date() })) as never[]);
    await kafka.publish(Topic.ExportRequested, { requestId: 'it-sft-1', phase: 'sft', minCount: 20, minTaskTypes: 3 }, { tenantId: 'rl-pipeline' });
    const copies = await expectEventually(() => completeCopies(kafka, batchId).length >= 2 && completeCopies(kafka, batchId), { what: 'the repeated batch', timeoutMs: 60_000 });
    expect(copies[1].end.checksum).toBe(copies[0].end.checksum);
    expect(copies[1].records).toEqual(copies[0].records);
    expect(copies[1].manifest).toEqual(copies[0].manifest);
    // the batch is recorded as published right after its end marker was acknowledged
    const stored = await expectEventually(async () => {
      const document = await new ExportBatchRepository(connection.db!).find(batchId);
      return document?.publishCount === 2 && document;
    }, { what: 'second publication recorded' });
    expect(stored).toMatchObject({ status: 'published', checksum: copies[0].end.checksum });
    expect(await connection.db!.collection('export_batches').countDocuments({ requestId: 'it-sft-1' })).toBe(1);
  });

  it('rejects a request the data cannot satisfy with a manifest naming each shortfall and an empty end marker', async () => {
    await kafka.publish(Topic.ExportRequested, { requestId: 'it-grpo-defaults', phase: 'grpo' }, { tenantId: 'rl-pipeline' });
    const batchId = batchIdFor('it-grpo-defaults');
    const [batch] = await expectEventually(() => completeCopies(kafka, batchId).length >= 1 && completeCopies(kafka, batchId), { what: 'a rejected batch', timeoutMs: 60_000 });
    expect(batch.manifest.status).toBe('rejected');
    expect(batch.records).toHaveLength(0);
    expect(batch.end.count).toBe(0);
    const criteria = batch.manifest.shortfalls.map((shortfall) => shortfall.criterion);
    expect(criteria).toEqual(expect.arrayContaining(['minCount', 'minAgents']));
    const minCount = batch.manifest.shortfalls.find((shortfall) => shortfall.criterion === 'minCount')!;
    expect(minCount).toMatchObject({ required: 10_000 });
    expect(minCount.message).toContain('10000');
  });

  it('exports GRPO prompt-only records with reward columns, and stepwise turn-level and preference records', async () => {
    await connection.db!.collection('datapoints').insertMany([
      seedPoint(200, { description: 'Shared prompt', agentId: 'agent-a', quality: 0.95 }),
      seedPoint(201, { description: 'Shared prompt', agentId: 'agent-b', quality: 0.3, success: false, taskType: TASK_TYPES[200 % 4], complexity: COMPLEXITIES[200 % 3] }),
    ] as never[]);
    await kafka.publish(Topic.ExportRequested, { requestId: 'it-grpo-small', phase: 'grpo', minCount: 10, minAgents: 3 });
    await kafka.publish(Topic.ExportRequested, { requestId: 'it-turns', phase: 'turn-level', minCount: 10, minTaskTypes: 2 });
    await kafka.publish(Topic.ExportRequested, { requestId: 'it-pref', phase: 'preference', minCount: 1, minTaskTypes: 1 });
    const grpo = (await expectEventually(() => completeCopies(kafka, batchIdFor('it-grpo-small'))[0], { timeoutMs: 60_000, what: 'grpo batch' }));
    expect(grpo.manifest.status).toBe('ready');
    expect(grpo.records[0]).toEqual(expect.objectContaining({ prompt: expect.any(Array), quality: expect.any(Number), success: expect.any(Boolean), rubric_scores: expect.any(Object) }));
    const turns = await expectEventually(() => completeCopies(kafka, batchIdFor('it-turns'))[0], { timeoutMs: 60_000, what: 'turn-level batch' });
    expect(turns.records[0]).toEqual(expect.objectContaining({ prompt: expect.any(String), completions: expect.any(Array), labels: expect.any(Array), turn_rewards: expect.any(Array) }));
    const preference = await expectEventually(() => completeCopies(kafka, batchIdFor('it-pref'))[0], { timeoutMs: 60_000, what: 'preference batch' });
    expect(preference.manifest.status).toBe('ready');
    expect(preference.records).toEqual([expect.objectContaining({ data_point_id: 'it-200', rejected_data_point_id: 'it-201', chosen: expect.any(Array), rejected: expect.any(Array) })]);
    expect(preference.end.checksum).toBe(checksumOfRecords(preference.records));
  });

  it('adds DP noise when ε is given and refuses a release past the tenants\' budget', async () => {
    await kafka.publish(Topic.ExportRequested, { requestId: 'it-dp-1', phase: 'grpo', minCount: 10, minAgents: 3, dpEpsilon: 0.8 });
    const first = await expectEventually(() => completeCopies(kafka, batchIdFor('it-dp-1'))[0], { timeoutMs: 60_000, what: 'dp batch' });
    expect(first.manifest.status).toBe('ready');
    expect(first.manifest.privacy).toMatchObject({ epsilon: 0.8, tenantsCharged: 2 });
    await kafka.publish(Topic.ExportRequested, { requestId: 'it-dp-2', phase: 'grpo', minCount: 10, minAgents: 3, dpEpsilon: 0.8 });
    const second = await expectEventually(() => completeCopies(kafka, batchIdFor('it-dp-2'))[0], { timeoutMs: 60_000, what: 'over-budget batch' });
    expect(second.manifest.status).toBe('rejected');
    expect(second.manifest.shortfalls).toEqual([expect.objectContaining({ criterion: 'privacyBudget', message: expect.stringContaining('tenant-0') })]);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/benchpool_export_rejections_total\{phase="grpo",reason="privacyBudget"[^}]*\} 1/);
    expect(metrics).toMatch(/benchpool_export_batches_total\{phase="sft",status="ready"[^}]*\} 2/);
  });
});
