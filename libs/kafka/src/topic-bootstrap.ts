import type { Kafka } from 'kafkajs';
import { deadLetterTopicOf } from '@benchpool/contracts';
import { KafkaSettings, physicalTopic } from './kafka.settings';

/**
 * Creates the topics a service uses (and the DLQ of each consumed topic) with the configured
 * partition count. Idempotent: existing topics are left as they are. Runs before consumers join,
 * so a new consumer group never misses the first records of a topic created later.
 */
export async function ensureTopics(kafka: Kafka, settings: KafkaSettings, produced: string[], consumed: string[]): Promise<string[]> {
  const wanted = new Set<string>([...produced, ...consumed, ...consumed.map(deadLetterTopicOf)].map((topic) => physicalTopic(settings, topic)));
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...wanted].filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: settings.partitions, replicationFactor: 1 })),
        });
      } catch (error) {
        // another replica may have created them between listTopics and createTopics
        if (!String((error as Error).message).includes('already exists')) throw error;
      }
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
