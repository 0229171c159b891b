import { randomUUID } from 'node:crypto';
import { Admin, Consumer, EachBatchPayload, Kafka, logLevel } from 'kafkajs';
import { CLOUDEVENTS_CONTENT_TYPE, CloudEvent, createCloudEvent, deadLetterTopicOf, Topic, TopicDataMap, EVENT_CONTRACTS, EventContract } from '@benchpool/contracts';
import { DEFAULT_KAFKA_SETTINGS, EventProducer, KafkaSettings } from '@benchpool/kafka';

export interface GatewayOptions {
  brokers: string[];
  topicPrefix: string;
  clientId: string;
  /** partitions for topics the simulator has to create (the services create theirs with the same default) */
  partitions?: number;
}

/**
 * kafkajs's own `waitForLeaders` gives up when a KRaft broker briefly answers "unknown topic"
 * for a topic it has just created; poll the metadata until every partition has a leader instead.
 */
export async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      if (metadata.topics.every((topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0))) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics without a leader after ${timeoutMs / 1000} s: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Retries a metadata-level call while a just-created topic's leadership settles. */
export async function retryTransient<T>(call: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const retriable = (error as { retriable?: boolean }).retriable === true || /leader|does not host/i.test(String((error as Error).message));
      if (!retriable || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** A record the simulator received, already parsed. */
export interface ReceivedRecord {
  /** logical topic (prefix removed) */
  topic: string;
  key: string | null;
  event?: CloudEvent;
  headers: Record<string, string>;
  receivedAt: number;
}

export type RecordListener = (record: ReceivedRecord) => void;

/** Topics the simulator listens to: the answers for its tasks and the dead letters of the loop. */
export const LISTENED_TOPICS: Topic[] = [
  Topic.DecisionMade,
  Topic.DatapointStored,
  Topic.DatapointQuarantined,
  Topic.ExportBatch,
  Topic.ExportCompleted,
  Topic.AgentStatusChanged,
];

/** Dead-letter topics whose records name one of our tasks (key = task id). */
export const WATCHED_DEAD_LETTER_TOPICS: string[] = [
  Topic.TaskSubmitted,
  Topic.ExecutionTurn,
  Topic.ExecutionCompleted,
  Topic.DecisionMade,
  Topic.ExecutionRecorded,
  Topic.EvaluationCompleted,
  Topic.DatapointCollected,
  Topic.DatapointAnonymized,
].map(deadLetterTopicOf);

/** The topics the simulator publishes on (it creates them when the services have not yet). */
export const PUBLISHED_TOPICS: Topic[] = [
  Topic.AgentRegistered, Topic.TaskSubmitted, Topic.ExecutionTurn, Topic.ExecutionCompleted, Topic.ExportRequested, Topic.AgentDeployed,
];

/**
 * The simulator's Kafka side: publishes structured-mode CloudEvents exactly as an outside arbiter
 * (keys = task id / agent id, tenantid per tenant) through the batching producer, and delivers
 * records of the listened topics whose (topic, key) pass `keyFilter` to one listener (parsing only those). It starts reading at
 * the end offsets taken before it joined, so it never misses an answer and never replays history.
 */
export class SimulatorKafkaGateway {
  readonly kafka: Kafka;
  private readonly settings: KafkaSettings;
  private readonly producer: EventProducer;
  private consumer: Consumer | undefined;
  private groupId: string | undefined;

  constructor(private readonly options: GatewayOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 5_000,
      requestTimeout: 30_000,
      retry: { initialRetryTime: 200, retries: 8 },
    });
    this.settings = {
      ...DEFAULT_KAFKA_SETTINGS,
      brokers: options.brokers,
      clientId: options.clientId,
      topicPrefix: options.topicPrefix,
      partitions: options.partitions ?? DEFAULT_KAFKA_SETTINGS.partitions,
      // the simulator shares the machine with the system under test: spend no CPU on compression
      compression: 'none',
    };
    this.producer = new EventProducer(this.kafka, this.settings, 'benchpool-arbiter-sim');
  }

  physical(topic: string): string {
    return `${this.options.topicPrefix}${topic}`;
  }

  /** Creates the published and listened topics that do not exist yet; returns the existing physical topic names. */
  async ensureTopics(): Promise<Set<string>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const wanted = [...PUBLISHED_TOPICS, ...LISTENED_TOPICS].map((topic) => this.physical(topic));
      const missing = wanted.filter((topic) => !existing.has(topic));
      if (missing.length > 0) {
        try {
          await admin.createTopics({
            waitForLeaders: false,
            topics: missing.map((topic) => ({ topic, numPartitions: this.settings.partitions, replicationFactor: 1 })),
          });
        } catch (error) {
          if (!String((error as Error).message).includes('already exists')) throw error;
        }
        await waitForLeaders(admin, missing);
        missing.forEach((topic) => existing.add(topic));
      }
      return existing;
    } finally {
      await admin.disconnect();
    }
  }

  async connectProducer(): Promise<void> {
    await this.producer.connect();
  }

  /**
   * Publishes one event; resolves with its size in bytes once the broker acknowledged it.
   * `time` lets turns carry the time they happened.
   */
  async publish<K extends Topic>(topic: K, data: TopicDataMap[K], tenantId: string, options: { id?: string; time?: Date } = {}): Promise<number> {
    const contract = EVENT_CONTRACTS[topic] as unknown as EventContract<TopicDataMap[K]>;
    const key = contract.keyOf(data);
    const event = createCloudEvent(topic, data, {
      source: 'benchpool-arbiter-sim',
      tenantId,
      correlationId: key,
      id: options.id,
      time: options.time,
    });
    const value = JSON.stringify(event);
    await this.producer.sendRaw(this.physical(topic), { key, value, headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE } }, topic);
    return Buffer.byteLength(value) + Buffer.byteLength(key);
  }

  /**
   * Subscribes to the listened topics and the existing watched DLQs from their current end, and
   * resolves once the consumer joined its group (so nothing published afterwards is missed).
   */
  async listen(existingTopics: Set<string>, keyFilter: (topic: string, key: string) => boolean, listener: RecordListener, joinTimeoutMs = 60_000): Promise<void> {
    const logical = [...LISTENED_TOPICS, ...WATCHED_DEAD_LETTER_TOPICS.filter((topic) => existingTopics.has(this.physical(topic)))];
    const physical = logical.map((topic) => this.physical(topic));
    const admin = this.kafka.admin();
    await admin.connect();
    const endOffsets = new Map<string, Array<{ partition: number; offset: string }>>();
    try {
      for (const topic of physical) endOffsets.set(topic, await retryTransient(() => admin.fetchTopicOffsets(topic)));
    } finally {
      await admin.disconnect();
    }
    this.groupId = `arbiter-sim-${randomUUID()}`;
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      maxWaitTimeInMs: 50,
      minBytes: 1,
    });
    this.consumer = consumer;
    await consumer.connect();
    const joined = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the simulator's consumer did not join its group within ${joinTimeoutMs / 1000} s`)), joinTimeoutMs);
      consumer.on(consumer.events.GROUP_JOIN, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await consumer.subscribe({ topics: physical, fromBeginning: false });
    const prefixLength = this.options.topicPrefix.length;
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch }: EachBatchPayload) => {
        const topic = batch.topic.slice(prefixLength);
        for (const message of batch.messages) {
          const key = message.key ? message.key.toString() : null;
          if (key === null || !keyFilter(topic, key)) continue;
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(message.headers ?? {})) if (value !== undefined) headers[name] = value.toString();
          let event: CloudEvent | undefined;
          try {
            event = message.value ? (JSON.parse(message.value.toString()) as CloudEvent) : undefined;
          } catch {
            event = undefined;
          }
          listener({ topic, key, event, headers, receivedAt: Date.now() });
        }
      },
    });
    for (const [topic, offsets] of endOffsets) {
      for (const { partition, offset } of offsets) consumer.seek({ topic, partition, offset });
    }
    await joined;
  }

  /** Disconnects, and deletes the run's own consumer group so runs do not pile groups up on the broker. */
  async close(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
    if (!this.consumer) return;
    await this.consumer.disconnect().catch(() => undefined);
    if (!this.groupId) return;
    const admin = this.kafka.admin();
    await admin.connect().then(() => admin.deleteGroups([this.groupId as string])).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
