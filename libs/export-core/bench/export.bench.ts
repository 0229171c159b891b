import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import type { Complexity, ExportBatchRecordV1, ExportCompletedV1 } from '@benchpool/contracts';
import { Topic } from '@benchpool/contracts';
import { createKafkaClient, DEFAULT_KAFKA_SETTINGS, ensureTopics, EventProducer } from '@benchpool/kafka';
import { deleteTopicsWithPrefix } from '@benchpool/testing';
import { BatchExporter, BatchSink } from '../src/batch-exporter.service';
import { makeStoredDataPoint } from '../src/stored-datapoint.fixture';

const POINTS = 10_000;
const TASK_TYPES = ['code-editing', 'research', 'data-analysis', 'design', 'planning'];
const COMPLEXITIES: Complexity[] = ['trivial', 'standard', 'complex'];

/**
 * A 10,000-point GRPO batch from MongoDB onto the export topic: seeds 10,000 RL-ready points
 * (12 agents, 5 task types) in a database of its own, then times BatchExporter from the request
 * to the acknowledged end marker (selection pass, frozen selection, record build, publish).
 */
export async function run(): Promise<Record<string, number | string>> {
  const mongoUri = process.env.MONGODB_URI_BASE ?? 'mongodb://127.0.0.1:27017';
  const database = `bench_export_${Date.now().toString(36)}`;
  const connection = await mongoose.createConnection(`${mongoUri}/${database}`).asPromise();
  const prefix = `bench-export-${Date.now().toString(36)}-${randomUUID().slice(0, 6)}.`;
  const settings = { ...DEFAULT_KAFKA_SETTINGS, brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), clientId: 'bench-export', topicPrefix: prefix, partitions: 3 };
  const kafka = createKafkaClient(settings);
  const producer = new EventProducer(kafka, settings, 'benchpool/bench-export');
  try {
    const now = Date.now();
    const seedStarted = performance.now();
    for (let start = 0; start < POINTS; start += 1_000) {
      const documents = Array.from({ length: Math.min(1_000, POINTS - start) }, (_, offset) => {
        const index = start + offset;
        return makeStoredDataPoint({
          id: `bench-${index}`,
          taskType: TASK_TYPES[index % TASK_TYPES.length],
          complexity: COMPLEXITIES[index % COMPLEXITIES.length],
          agentId: `agent-${index % 12}`,
          tenantId: `tenant-${index % 4}`,
          quality: 0.75 + (index % 25) / 100,
          timestamp: new Date(now - (index % 2_000) * 60_000),
          description: `Benchmark task ${index}: change module ${index}`,
        });
      });
      await connection.db!.collection('datapoints').insertMany(documents as never[]);
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    await ensureTopics(kafka, settings, [Topic.ExportBatch, Topic.ExportCompleted], []);
    await producer.connect();
    let published = 0;
    const sink: BatchSink = {
      publishBatchRecords: (records: ExportBatchRecordV1[]) =>
        Promise.all(records.map((record) => producer.publish(Topic.ExportBatch, record, { tenantId: 'bench', id: `${record.batchId}-${record.sequence}` }))).then(() => {
          published += records.length;
        }),
      publishCompleted: (events: ExportCompletedV1[]) =>
        Promise.all(events.map((event, index) => producer.publish(Topic.ExportCompleted, event, { tenantId: 'bench', id: `c-${event.batchId}-${index}` }))).then(() => undefined),
    };
    let selectedAt = 0;
    const logger = {
      log: (message: string) => {
        if (message.includes('"export selected"')) selectedAt = performance.now();
      },
      warn: () => undefined,
    };
    const exporter = new BatchExporter({ db: connection.db!, sink, noiseKey: 'bench-noise-key-0123456789', privacyBudget: { epsilonPerPeriod: 10, period: 'month' }, logger });
    const started = performance.now();
    const outcome = await exporter.export({ requestId: `bench-grpo-${randomUUID()}`, phase: 'grpo', minCount: 10_000, rebalance: false });
    const finished = performance.now();
    const grpo10kSeconds = (finished - started) / 1000;
    if (outcome.status !== 'ready' || outcome.records !== POINTS) throw new Error(`expected a ready batch of ${POINTS} records, got ${outcome.status} with ${outcome.records}: ${JSON.stringify(outcome.manifest.shortfalls)}`);
    return {
      grpo10kSeconds: Math.round(grpo10kSeconds * 100) / 100,
      records: outcome.records,
      recordsPerSecond: Math.round(outcome.records / grpo10kSeconds),
      // reading and selecting (one cursor pass over MongoDB) vs building and publishing the records
      selectSeconds: Math.round((selectedAt - started) / 10) / 100,
      publishSeconds: Math.round((finished - selectedAt) / 10) / 100,
      kafkaRecordsPublished: published,
      seedSeconds: Math.round(seedSeconds * 100) / 100,
    };
  } finally {
    await producer.disconnect().catch(() => undefined);
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    await deleteTopicsWithPrefix(prefix, settings.brokers);
  }
}
