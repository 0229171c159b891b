import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';

export interface FootprintSnapshot {
  takenAt: string;
  mongo: { dataSize: number; storageSize: number; indexSize: number; objects: number; datapoints: number } | { error: string };
  redis: { usedMemory: number; keys: number } | { error: string };
  kafka: { logDirBytes: number; records: number; topics: number } | { error: string };
}

export interface FootprintGrowth {
  mongoDataBytes: number | null;
  mongoStorageBytes: number | null;
  mongoIndexBytes: number | null;
  mongoObjects: number | null;
  datapoints: number | null;
  redisUsedMemoryBytes: number | null;
  redisKeys: number | null;
  kafkaLogDirBytes: number | null;
  kafkaRecords: number | null;
}

export interface FootprintTargets {
  mongoUri: string;
  redisUrl: string;
  brokers: string[];
  kafkaDataDir: string;
  /** count only this prefix's topics (an isolated run); the whole broker otherwise */
  topicPrefix?: string;
}

/**
 * Bytes allocated on disk under a directory (what `du` counts), 0 when it does not exist. Allocated
 * blocks, not apparent sizes: Kafka preallocates 10 MiB sparse index files for every segment.
 */
export function directoryBytes(path: string, entryPrefix = ''): number {
  if (!existsSync(path)) return 0;
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entryPrefix && !entry.name.startsWith(entryPrefix)) continue;
    const full = join(path, entry.name);
    try {
      if (entry.isDirectory()) total += directoryBytes(full);
      else if (entry.isFile()) total += statSync(full).blocks * 512;
    } catch {
      // a segment deleted by retention while we walk: skip it
    }
  }
  return total;
}

/** Records on every topic of the cluster (sum of high watermarks − low watermarks). */
export async function kafkaRecordCount(brokers: string[], topicPrefix = ''): Promise<{ records: number; topics: number }> {
  const admin = new Kafka({ clientId: 'perf-footprint', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => !topic.startsWith('__') && topic.startsWith(topicPrefix));
    let records = 0;
    // a few topics per request keeps the metadata calls small on a broker with many test topics
    for (let start = 0; start < topics.length; start += 50) {
      const slice = topics.slice(start, start + 50);
      const offsets = await Promise.all(slice.map((topic) => admin.fetchTopicOffsets(topic).catch(() => [])));
      for (const partitions of offsets) {
        for (const partition of partitions) records += Number(partition.high) - Number(partition.low);
      }
    }
    return { records, topics: topics.length };
  } finally {
    await admin.disconnect();
  }
}

export async function takeFootprint(targets: FootprintTargets): Promise<FootprintSnapshot> {
  const [mongo, redis, kafka] = await Promise.all([mongoFootprint(targets.mongoUri), redisFootprint(targets.redisUrl), kafkaFootprint(targets)]);
  return { takenAt: new Date().toISOString(), mongo, redis, kafka };
}

async function mongoFootprint(uri: string): Promise<FootprintSnapshot['mongo']> {
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.connect();
    const database = client.db();
    const stats = await database.command({ dbStats: 1 });
    // collStats, not a count: FerretDB 1.x counts by scanning every document
    const collection = await database.command({ collStats: 'datapoints' }).catch(() => ({ count: 0 }));
    const datapoints = Number(collection.count ?? 0);
    return {
      dataSize: Number(stats.dataSize ?? 0),
      storageSize: Number(stats.storageSize ?? 0),
      indexSize: Number(stats.indexSize ?? 0),
      objects: Number(stats.objects ?? 0),
      datapoints,
    };
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function redisFootprint(url: string): Promise<FootprintSnapshot['redis']> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5_000 });
  try {
    await redis.connect();
    const memory = await redis.info('memory');
    const keys = await redis.dbsize();
    const usedMemory = Number(/used_memory:(\d+)/.exec(memory)?.[1] ?? 0);
    return { usedMemory, keys };
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    redis.disconnect();
  }
}

async function kafkaFootprint(targets: FootprintTargets): Promise<FootprintSnapshot['kafka']> {
  try {
    const { records, topics } = await kafkaRecordCount(targets.brokers, targets.topicPrefix);
    // partition directories are named <topic>-<partition>
    return { logDirBytes: directoryBytes(targets.kafkaDataDir, targets.topicPrefix ?? ''), records, topics };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

export function footprintGrowth(before: FootprintSnapshot, after: FootprintSnapshot): FootprintGrowth {
  const difference = <T extends object>(left: T | { error: string }, right: T | { error: string }, field: keyof T): number | null =>
    'error' in left || 'error' in right ? null : Number(right[field]) - Number(left[field]);
  return {
    mongoDataBytes: difference(before.mongo, after.mongo, 'dataSize'),
    mongoStorageBytes: difference(before.mongo, after.mongo, 'storageSize'),
    mongoIndexBytes: difference(before.mongo, after.mongo, 'indexSize'),
    mongoObjects: difference(before.mongo, after.mongo, 'objects'),
    datapoints: difference(before.mongo, after.mongo, 'datapoints'),
    redisUsedMemoryBytes: difference(before.redis, after.redis, 'usedMemory'),
    redisKeys: difference(before.redis, after.redis, 'keys'),
    kafkaLogDirBytes: difference(before.kafka, after.kafka, 'logDirBytes'),
    kafkaRecords: difference(before.kafka, after.kafka, 'records'),
  };
}
