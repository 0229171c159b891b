import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';

export interface KafkaProducerCeiling {
  records: number;
  recordSizeBytes: number;
  recordsPerSec: number;
  mbPerSec: number;
  avgLatencyMs: number;
  maxLatencyMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  command: string;
}

export interface KafkaConsumerCeiling {
  records: number;
  /** including the consumer group join */
  recordsPerSec: number;
  mbPerSec: number;
  /** fetch phase only */
  fetchRecordsPerSec: number;
  fetchMbPerSec: number;
  rebalanceMs: number;
  fetchMs: number;
  command: string;
}

export interface MongoInsertCeiling {
  documents: number;
  documentBytes: number;
  batchSize: number;
  documentsPerSec: number;
  mbPerSec: number;
  durationMs: number;
}

export interface CeilingResult {
  kafkaProducer?: KafkaProducerCeiling;
  kafkaConsumer?: KafkaConsumerCeiling;
  mongoInsert?: MongoInsertCeiling;
  errors: string[];
}

export interface CeilingOptions {
  kafkaLibs: string;
  /** log4j config for the tools (the one infra.sh writes), optional */
  toolsLog4j?: string;
  brokers: string[];
  partitions: number;
  recordSizeBytes: number;
  records: number;
  mongoUri: string;
  /** a real stored data point to copy (its _id is replaced); a padded document of `documentBytes` otherwise */
  documentTemplate?: Record<string, unknown>;
  documentBytes: number;
  documents: number;
  /** stop inserting after this long (the rate is what matters) */
  mongoTimeBudgetMs: number;
  stamp: string;
}

function runJava(options: CeilingOptions, className: string, args: string[]): Promise<{ output: string; command: string }> {
  const javaArgs = [
    '-Xms64m', '-Xmx512m', '-XX:+UseSerialGC', '-Djava.awt.headless=true',
    ...(options.toolsLog4j && existsSync(options.toolsLog4j) ? [`-Dlog4j.configuration=file:${options.toolsLog4j}`] : []),
    '-cp', join(options.kafkaLibs, '*'), className, ...args,
  ];
  const command = `java ${javaArgs.join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn('java', javaArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk) => (output += chunk.toString()));
    child.stderr.on('data', (chunk) => (errors += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve({ output, command });
      else reject(new Error(`${className} exited with ${code}: ${errors.slice(-800) || output.slice(-800)}`));
    });
  });
}

/** Parses ProducerPerformance's final line: "N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency, p50 ms 50th, ..." */
export function parseProducerPerformance(output: string): Omit<KafkaProducerCeiling, 'recordSizeBytes' | 'command'> {
  const line = output.trim().split('\n').reverse().find((candidate) => / records sent, /.test(candidate) && /50th/.test(candidate));
  if (!line) throw new Error(`unexpected ProducerPerformance output: ${output.slice(-400)}`);
  const number = (pattern: RegExp): number => Number(pattern.exec(line)?.[1] ?? Number.NaN);
  return {
    records: number(/^(\d+) records sent/),
    recordsPerSec: number(/([\d.]+) records\/sec/),
    mbPerSec: number(/\(([\d.]+) MB\/sec\)/),
    avgLatencyMs: number(/([\d.]+) ms avg latency/),
    maxLatencyMs: number(/([\d.]+) ms max latency/),
    p50Ms: number(/(\d+) ms 50th/),
    p95Ms: number(/(\d+) ms 95th/),
    p99Ms: number(/(\d+) ms 99th/),
  };
}

/** Parses ConsumerPerformance's CSV-like output (a header line, then one data line). */
export function parseConsumerPerformance(output: string): Omit<KafkaConsumerCeiling, 'command'> {
  const lines = output.trim().split('\n').filter((line) => line.includes(','));
  const headerIndex = lines.findIndex((line) => line.startsWith('start.time'));
  if (headerIndex < 0 || headerIndex + 1 >= lines.length) throw new Error(`unexpected ConsumerPerformance output: ${output.slice(-400)}`);
  const header = lines[headerIndex].split(',').map((field) => field.trim());
  const values = lines[headerIndex + 1].split(',').map((field) => field.trim());
  const field = (name: string): number => Number(values[header.indexOf(name)]);
  return {
    records: field('data.consumed.in.nMsg'),
    recordsPerSec: field('nMsg.sec'),
    mbPerSec: field('MB.sec'),
    fetchRecordsPerSec: field('fetch.nMsg.sec'),
    fetchMbPerSec: field('fetch.MB.sec'),
    rebalanceMs: field('rebalance.time.ms'),
    fetchMs: field('fetch.time.ms'),
  };
}

/**
 * What the servers alone can do on this machine, measured in the same run as the pipeline:
 * Kafka's own ProducerPerformance and ConsumerPerformance on records of the pipeline's mean size,
 * and raw bulk inserts of data-point-sized documents into the MongoDB-protocol server. Every
 * part is best effort: a failure is reported in `errors`, never fatal to the run.
 */
export async function measureCeiling(options: CeilingOptions): Promise<CeilingResult> {
  const result: CeilingResult = { errors: [] };
  const topic = `perf-ceiling-${options.stamp}`;
  const admin = new Kafka({ clientId: 'perf-ceiling', brokers: options.brokers, logLevel: logLevel.NOTHING }).admin();
  try {
    if (!existsSync(options.kafkaLibs)) throw new Error(`Kafka jars not found in ${options.kafkaLibs} (run: npm run infra:up)`);
    await admin.connect();
    await admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: options.partitions, replicationFactor: 1 }] });
    const recordSize = Math.max(16, Math.round(options.recordSizeBytes));
    const producer = await runJava(options, 'org.apache.kafka.tools.ProducerPerformance', [
      '--topic', topic, '--num-records', String(options.records), '--record-size', String(recordSize), '--throughput', '-1',
      '--producer-props', `bootstrap.servers=${options.brokers.join(',')}`, 'acks=all', 'linger.ms=2',
    ]);
    result.kafkaProducer = { ...parseProducerPerformance(producer.output), recordSizeBytes: recordSize, command: producer.command };
    const consumer = await runJava(options, 'org.apache.kafka.tools.ConsumerPerformance', [
      '--bootstrap-server', options.brokers.join(','), '--topic', topic, '--messages', String(options.records), '--timeout', '60000',
    ]);
    result.kafkaConsumer = { ...parseConsumerPerformance(consumer.output), command: consumer.command };
  } catch (error) {
    result.errors.push(`kafka: ${(error as Error).message}`);
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
  try {
    result.mongoInsert = await measureMongoInserts(options);
  } catch (error) {
    result.errors.push(`mongodb: ${(error as Error).message}`);
  }
  return result;
}

async function measureMongoInserts(options: CeilingOptions): Promise<MongoInsertCeiling> {
  const client = new mongoose.mongo.MongoClient(options.mongoUri, { serverSelectionTimeoutMS: 5_000 });
  const databaseName = `benchpool_perf_ceiling_${options.stamp.replace(/\W/g, '_')}`;
  await client.connect();
  try {
    const collection = client.db(databaseName).collection('datapoints');
    const template = options.documentTemplate ?? { padding: 'x'.repeat(Math.max(0, options.documentBytes - 64)) };
    const { _id: _ignored, ...body } = template;
    const documentBytes = mongoose.mongo.BSON.calculateObjectSize({ _id: 'perf-ceiling-000000', ...body });
    const batchSize = 200;
    const started = process.hrtime.bigint();
    const elapsedMs = (): number => Number(process.hrtime.bigint() - started) / 1e6;
    let inserted = 0;
    // bounded by count and by time: on a slow MongoDB-protocol server the rate is known well before the end
    while (inserted < options.documents && elapsedMs() < options.mongoTimeBudgetMs) {
      const count = Math.min(batchSize, options.documents - inserted);
      const batch = Array.from({ length: count }, (_, offset) => ({ ...body, _id: `perf-ceiling-${String(inserted + offset).padStart(6, '0')}` }));
      await collection.insertMany(batch as unknown as Array<Record<string, unknown> & { _id: never }>, { ordered: false });
      inserted += count;
    }
    const durationMs = elapsedMs();
    return {
      documents: inserted,
      documentBytes,
      batchSize,
      documentsPerSec: Math.round((inserted / (durationMs / 1000)) * 10) / 10,
      mbPerSec: Math.round(((inserted * documentBytes) / 2 ** 20 / (durationMs / 1000)) * 100) / 100,
      durationMs: Math.round(durationMs),
    };
  } finally {
    await client.db(databaseName).dropDatabase().catch(() => undefined);
    await client.close().catch(() => undefined);
  }
}
