import { randomUUID } from 'node:crypto';
import { Consumer, Kafka, KafkaMessage, logLevel, Producer } from 'kafkajs';
import { CLOUDEVENTS_CONTENT_TYPE, CloudEvent, createCloudEvent, EVENT_CONTRACTS, EventContract, Topic, TopicDataMap } from '@benchpool/contracts';

export const TEST_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/** A topic prefix of its own for each test run, so runs never see each other's records. */
export function uniqueTopicPrefix(label: string): string {
  return `t-${label}-${Date.now().toString(36)}-${randomUUID().slice(0, 6)}.`;
}

export interface CollectedRecord<T = unknown> {
  topic: string;
  key: string | null;
  headers: Record<string, string>;
  value: Buffer | null;
  event?: CloudEvent<T>;
  message: KafkaMessage;
}

/**
 * A plain kafkajs client for tests: publishes CloudEvents as an outside arbiter would (structured
 * JSON, keys = task/agent id) and collects what the services publish.
 */
export class TestKafka {
  readonly kafka: Kafka;
  private producer: Producer | undefined;
  private readonly consumers: Consumer[] = [];
  private readonly collected = new Map<string, CollectedRecord[]>();

  constructor(readonly prefix: string, brokers = TEST_BROKERS) {
    this.kafka = new Kafka({ clientId: `test-${randomUUID().slice(0, 8)}`, brokers, logLevel: logLevel.NOTHING });
  }

  topic(name: string): string {
    return `${this.prefix}${name}`;
  }

  async createTopics(names: string[], partitions = 3): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const topics = names.map((name) => this.topic(name)).filter((name) => !existing.has(name));
      if (topics.length) await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: partitions })) });
    } finally {
      await admin.disconnect();
    }
  }

  async publish<K extends Topic>(topic: K, data: TopicDataMap[K], options: { tenantId?: string; id?: string; key?: string } = {}): Promise<CloudEvent> {
    const contract = EVENT_CONTRACTS[topic] as unknown as EventContract<TopicDataMap[K]>;
    const key = options.key ?? contract.keyOf(data);
    const event = createCloudEvent(topic, data, { source: 'test-arbiter', tenantId: options.tenantId ?? 'tenant-test', id: options.id, correlationId: key });
    await this.publishRaw(topic, JSON.stringify(event), key, { 'content-type': CLOUDEVENTS_CONTENT_TYPE });
    return event;
  }

  async publishRaw(topic: string, value: string | Buffer, key: string | null = null, headers: Record<string, string> = {}): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ allowAutoTopicCreation: true });
      await this.producer.connect();
    }
    await this.producer.send({ topic: this.topic(topic), messages: [{ key, value, headers }] });
  }

  /** Starts collecting every record of the given topics from the beginning. */
  async collect(names: string[]): Promise<void> {
    await this.createTopics(names);
    const consumer = this.kafka.consumer({ groupId: `test-collector-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topics: names.map((name) => this.topic(name)), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const name = topic.slice(this.prefix.length);
        const headers: Record<string, string> = {};
        for (const [header, value] of Object.entries(message.headers ?? {})) if (value !== undefined) headers[header] = value.toString();
        let event: CloudEvent | undefined;
        try {
          event = message.value ? (JSON.parse(message.value.toString()) as CloudEvent) : undefined;
        } catch {
          event = undefined;
        }
        const list = this.collected.get(name) ?? [];
        list.push({ topic: name, key: message.key?.toString() ?? null, headers, value: message.value, event, message });
        this.collected.set(name, list);
      },
    });
    this.consumers.push(consumer);
  }

  records<T = unknown>(name: string): CollectedRecord<T>[] {
    return (this.collected.get(name) ?? []) as CollectedRecord<T>[];
  }

  events<T = unknown>(name: string): Array<CloudEvent<T>> {
    return this.records<T>(name).flatMap((record) => (record.event ? [record.event] : []));
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.disconnect()));
    if (this.producer) await this.producer.disconnect();
  }
}

/**
 * Deletes every topic whose name starts with `prefix` (a bench's or test run's own). A broker that
 * keeps thousands of partitions from earlier runs slows down (each has its log files and index
 * maps), which made later runs of one benchmark slower than earlier ones. Never throws: cleaning up
 * must not hide a run's own error.
 */
export async function deleteTopicsWithPrefix(prefix: string, brokers = TEST_BROKERS): Promise<number> {
  if (!prefix) throw new Error('deleteTopicsWithPrefix needs a non-empty prefix');
  const admin = new Kafka({ clientId: `cleanup-${randomUUID().slice(0, 8)}`, brokers, logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 30_000 });
    return topics.length;
  } catch {
    return 0;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
