import type { Admin, Kafka } from 'kafkajs';
import { deadLetterTopicOf } from '@benchpool/contracts';
import { delay } from '@benchpool/utils';
import { KafkaSettings, physicalTopic } from './kafka.settings';

/**
 * Creates the topics a service uses (and the DLQ of each consumed topic) with the configured
 * partition count, then waits until every one of them has a leader for every partition.
 * Idempotent and safe when several services (or replicas) bootstrap the same topics at once:
 * "already exists" is success, and metadata is polled until the broker serves all partitions.
 * Runs before consumers join, so a new consumer group never misses the first records.
 */
export async function ensureTopics(kafka: Kafka, settings: KafkaSettings, produced: string[], consumed: string[], timeoutMs = 60_000): Promise<string[]> {
  const wanted = [...new Set([...produced, ...consumed, ...consumed.map(deadLetterTopicOf)].map((topic) => physicalTopic(settings, topic)))];
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      try {
        await admin.createTopics({
          waitForLeaders: false,
          topics: missing.map((topic) => ({ topic, numPartitions: settings.partitions, replicationFactor: 1 })),
        });
      } catch (error) {
        if (!onlyAlreadyExists(error)) throw error;
      }
    }
    await waitUntilServed(admin, wanted, timeoutMs);
    return missing;
  } finally {
    await admin.disconnect();
  }
}

function onlyAlreadyExists(error: unknown): boolean {
  const nested = (error as { errors?: Array<{ type?: string; message?: string }> }).errors;
  const all = nested && nested.length > 0 ? nested : [error as { type?: string; message?: string }];
  return all.every((item) => item.type === 'TOPIC_ALREADY_EXISTS' || /already exists/i.test(item.message ?? ''));
}

async function waitUntilServed(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const unserved = metadata.filter((topic) => topic.partitions.length === 0 || topic.partitions.some((partition) => partition.leader < 0));
      if (unserved.length === 0) return;
      if (Date.now() > deadline) throw new Error(`topics without leaders after ${timeoutMs} ms: ${unserved.map((topic) => topic.name).join(', ')}`);
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await delay(250);
  }
}
