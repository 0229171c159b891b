import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { Topic } from '@benchpool/contracts';
import { withCorrelationId } from '@benchpool/utils';
import type { EventProducer } from './event-producer';
import type { LogSink } from './kafka-client.factory';
import { KafkaMetrics } from './kafka.metrics';
import { dedicatedGroupId, KafkaSettings, logicalTopic, physicalTopic } from './kafka.settings';
import { DEFAULT_RETRY_POLICY, EventContext, RecordProcessor, RetryPolicy, ValidRecord } from './record-processor';
import { retryWhileRetriable } from './retry-retriable';
import { ensureTopics } from './topic-bootstrap';

export interface KafkaEventServerOptions {
  kafka: Kafka;
  settings: KafkaSettings;
  producer: EventProducer;
  consumerGroup: string;
  logger: LogSink;
  metrics?: KafkaMetrics;
  retry?: RetryPolicy;
  partitionsConsumedConcurrently?: number;
  /** a new consumer group reads topics from the beginning, so nothing published before it joined is lost. */
  fromBeginning?: boolean;
  /** topics this service produces: created (with the consumed topics and their DLQs) before the consumer joins. */
  producedTopics?: string[];
  /**
   * Commit handled offsets at most this often instead of after every batch. kafkajs's autoCommit
   * commits after each partition batch whatever autoCommitInterval says: one OffsetCommit round
   * trip per batch, awaited before the next fetch — for a latency-sensitive consumer of many small
   * batches, most of its requests. With this set, a crash redelivers up to this much handled work
   * (handlers are idempotent); a clean shutdown commits everything handled. The interval commit goes
   * out in the background (no batch, hence no fetch, waits for it). Unset: after every batch.
   */
  commitIntervalMs?: number;
  /**
   * How long the broker may hold a fetch that finds no record (default 20). It returns as soon as
   * one record arrives (minBytes 1), so a longer wait costs no latency; it saves the CPU of empty
   * fetches (kafkajs spends about 1.4 ms on one over 60 partitions here) while a service is idle.
   */
  fetchMaxWaitMs?: number;
  /**
   * Topics consumed by a consumer (and consumer group, `<consumerGroup>.<topic>`) of their own.
   * kafkajs fetches again only when every batch of the last fetch is handled, so a topic whose
   * records wait on no one (routing's task submissions) must not share fetches with topics whose
   * batches take long; its fetches also cover only its own partitions. A new such group starts
   * from the offsets the shared group committed for the topic, so splitting it off replays nothing.
   */
  dedicatedConsumerTopics?: Topic[];
}

/** One kafkajs consumer, its group and topics, and what it handled since it last joined. */
interface ConsumerGroupState {
  groupId: string;
  topics: Topic[];
  consumer?: Consumer;
  /** per partition, the offset after the last handled record since the last group join. */
  handledOffsets: Map<string, { topic: string; partition: number; offset: string }>;
  /** with commitIntervalMs: the interval commit under way, which no batch waits for. */
  commitInFlight?: Promise<void>;
  /** with commitIntervalMs: why the last interval commit failed; the next batch of this generation fails with it. */
  commitError?: unknown;
}

/** Attempts at handing the shared group's offsets to a dedicated group before start-up fails (about 40 s in all). */
const INHERIT_ATTEMPTS = 12;

/** Extras of `@EventPattern(topic, { batch: true })`: the handler receives all valid records of a fetch at once. */
export interface EventPatternExtras {
  batch?: boolean;
  /** a handler that must outlast a dependency's outage (e.g. learning while Redis restarts) retries longer. */
  retry?: Partial<RetryPolicy>;
  /**
   * What happens to a record whose envelope is fine but whose data breaks the topic's contract:
   * 'dead-letter' (default) sends its original bytes to `<topic>.dlq`; 'deliver' hands it to the
   * handler with `context.contractErrors` set, for a consumer whose job is to judge such data
   * itself (anonymization quarantines it, scrubbed, instead of parking raw private data in a DLQ).
   */
  invalidData?: 'dead-letter' | 'deliver';
}

/**
 * A NestJS custom transport over kafkajs. Handlers are ordinary `@EventPattern(Topic.X)` methods;
 * every record goes through RecordProcessor (envelope, contract, retries, DLQ, metrics). We use our
 * own strategy instead of Nest's built-in Kafka transport because that one commits offsets of
 * failed event handlers (it logs and moves on) and has no DLQ — see docs/adr/0002.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  private groups: ConsumerGroupState[] = [];
  private readonly processor: RecordProcessor;
  private readonly listeners = new Map<string, Array<(...args: unknown[]) => void>>();
  private readonly handlersByTopic = new Map<Topic, MessageHandler | null>();
  private running = false;

  constructor(private readonly options: KafkaEventServerOptions) {
    super();
    this.processor = new RecordProcessor({
      settings: options.settings,
      producer: options.producer,
      metrics: options.metrics ?? new KafkaMetrics(),
      logger: options.logger,
      consumerGroup: options.consumerGroup,
      dedicatedTopics: new Set(options.dedicatedConsumerTopics ?? []),
      retry: options.retry ?? DEFAULT_RETRY_POLICY,
    });
  }

  /** The logical topics this server's handlers consume. */
  consumedTopics(): Topic[] {
    return [...this.messageHandlers.keys()] as Topic[];
  }

  isRunning(): boolean {
    return this.running;
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    try {
      const topics = this.consumedTopics();
      await ensureTopics(this.options.kafka, this.options.settings, this.options.producedTopics ?? [], topics);
      const dedicated = (this.options.dedicatedConsumerTopics ?? []).filter((topic) => topics.includes(topic));
      const shared = topics.filter((topic) => !dedicated.includes(topic));
      this.groups = [
        ...(shared.length > 0 ? [{ groupId: this.options.consumerGroup, topics: shared }] : []),
        ...dedicated.map((topic) => ({ groupId: dedicatedGroupId(this.options.consumerGroup, topic), topics: [topic] })),
      ].map((group) => ({ ...group, handledOffsets: new Map() }));
      await Promise.all(this.groups.map(async (group) => {
        if (group.groupId !== this.options.consumerGroup) await this.inheritSharedGroupOffsets(group);
        await this.startConsumer(group);
      }));
      this.running = true;
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private async startConsumer(group: ConsumerGroupState): Promise<void> {
    const consumer = this.options.kafka.consumer({
      groupId: group.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: 2 * 1024 * 1024,
      // return a fetch as soon as one record is there; the broker would otherwise hold it up to 5 s
      minBytes: 1,
      maxWaitTimeInMs: this.options.fetchMaxWaitMs ?? 20,
      allowAutoTopicCreation: false,
    });
    group.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({
      topics: group.topics.map((topic) => physicalTopic(this.options.settings, topic)),
      fromBeginning: this.options.fromBeginning ?? true,
    });
    consumer.on(consumer.events.CRASH, (event) => {
      this.options.logger.error(
        `consumer ${group.groupId} crashed: ${String(event.payload.error)} restart=${event.payload.restart}`, undefined, 'KafkaEventServer',
      );
    });
    const commitIntervalMs = this.options.commitIntervalMs;
    // a rebalance may hand our partitions to another member: forget what we handled before it. An
    // interval commit that failed before it (a commit of the old generation) leaves those records to
    // be redelivered, to us or to the new owner: nothing is lost, and nothing is left to fail for.
    consumer.on(consumer.events.GROUP_JOIN, () => {
      group.handledOffsets.clear();
      if (group.commitError !== undefined) {
        this.options.logger.warn(`interval commit of ${group.groupId} failed before a rebalance (its records will be redelivered): ${String(group.commitError)}`, 'KafkaEventServer');
        group.commitError = undefined;
      }
    });
    await consumer.run({
      // kafkajs's autoCommit commits after every batch; commitIntervalMs commits from onBatch instead
      autoCommit: commitIntervalMs === undefined,
      autoCommitInterval: commitIntervalMs ?? 1_000,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 4,
      eachBatch: (payload) => this.onBatch(payload, group),
    });
  }

  /**
   * A dedicated group that has committed nothing yet starts where the shared group left its topic
   * (the service consumed it there before), not from the beginning. When another replica's
   * consumer already joined the group, that replica did this and the broker refuses: nothing to do.
   */
  private async inheritSharedGroupOffsets(group: ConsumerGroupState): Promise<void> {
    // a broker that has just started may have no coordinator for a group yet (NOT_COORDINATOR,
    // COORDINATOR_LOAD_IN_PROGRESS): kafkajs's admin does not retry fetchOffsets on those
    await retryWhileRetriable(() => this.copySharedGroupOffsets(group), {
      attempts: INHERIT_ATTEMPTS,
      onRetry: (attempt, error) => this.options.logger.warn(
        `offset hand-over to ${group.groupId} failed (attempt ${attempt} of ${INHERIT_ATTEMPTS}), retrying: ${String(error.message)}`,
        'KafkaEventServer',
      ),
    });
  }

  private async copySharedGroupOffsets(group: ConsumerGroupState): Promise<void> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      for (const topic of group.topics.map((name) => physicalTopic(this.options.settings, name))) {
        const [own] = await admin.fetchOffsets({ groupId: group.groupId, topics: [topic] });
        if (own.partitions.some((partition) => Number(partition.offset) >= 0)) continue;
        const [inherited] = await admin.fetchOffsets({ groupId: this.options.consumerGroup, topics: [topic] });
        const partitions = inherited.partitions.filter((partition) => Number(partition.offset) >= 0);
        if (partitions.length === 0) continue;
        try {
          await admin.setOffsets({ groupId: group.groupId, topic, partitions });
        } catch (error) {
          if (!/no running instances/i.test(String((error as Error).message))) throw error;
        }
      }
    } finally {
      await admin.disconnect();
    }
  }

  private async onBatch(payload: EachBatchPayload, group: ConsumerGroupState): Promise<void> {
    const { batch, heartbeat, resolveOffset, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    const topic = logicalTopic(this.options.settings, batch.topic) as Topic;
    const handler = this.handlerFor(topic);
    if (!handler) throw new Error(`no handler for ${topic}`);
    const extras = (handler.extras ?? {}) as EventPatternExtras;
    const valid = await this.processor.admit(topic, batch.partition, batch.messages, heartbeat, extras.invalidData === 'deliver');
    const retry = extras.retry ? { ...(this.options.retry ?? DEFAULT_RETRY_POLICY), ...extras.retry } : undefined;
    const last = batch.messages[batch.messages.length - 1];
    let handledThrough: string | undefined;
    if (extras.batch) {
      await this.processor.handle(topic, valid, (records) => this.invoke(handler, records.map(toPayload), records[0].context), retry);
      handledThrough = last?.offset;
    } else {
      let interrupted = false;
      for (const record of valid) {
        if (!isRunning() || isStale()) {
          interrupted = true;
          break;
        }
        await this.processor.handle(topic, [record], (records) => this.invoke(handler, records[0].data, records[0].context), retry);
        handledThrough = record.message.offset;
      }
      // invalid records were dead-lettered in admit(): when nothing interrupted us, the whole fetch is handled
      if (!interrupted) handledThrough = last?.offset;
    }
    if (handledThrough === undefined || isStale()) return;
    resolveOffset(handledThrough);
    const nextOffset = (BigInt(handledThrough) + 1n).toString();
    group.handledOffsets.set(`${batch.topic}|${batch.partition}`, { topic: batch.topic, partition: batch.partition, offset: nextOffset });
    if (!this.running && group.consumer) {
      // shutting down: commit now rather than at the next interval, so a restart resumes exactly here
      await group.commitInFlight;
      await group.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: nextOffset }]);
    } else if (this.options.commitIntervalMs !== undefined) {
      this.commitInBackground(group, commitOffsetsIfNecessary);
    } else {
      await commitOffsetsIfNecessary();
    }
    await heartbeat();
  }

  /**
   * An interval commit (commitIntervalMs) goes out without the batch waiting for it: kafkajs fetches
   * again only once every batch of the last fetch is done, so an awaited commit held the next fetch
   * for its round trip once per interval, and every record that arrived meanwhile waited with it
   * (routing under load: up to 15–24 ms). One commit at a time, so they reach the broker in order; a
   * failed one fails the group's next batch, as an awaited one failed its own.
   */
  private commitInBackground(group: ConsumerGroupState, commitOffsetsIfNecessary: () => Promise<void>): void {
    if (group.commitError !== undefined) {
      const error = group.commitError;
      group.commitError = undefined;
      throw error;
    }
    if (group.commitInFlight) return;
    group.commitInFlight = commitOffsetsIfNecessary()
      .catch((error: unknown) => {
        group.commitError = error;
      })
      .finally(() => {
        group.commitInFlight = undefined;
      });
  }

  /**
   * Nest's getHandlerByPattern tries JSON.parse on the pattern first, which throws (and builds a
   * stack trace) for a plain topic name on every batch: look each topic up once.
   */
  private handlerFor(topic: Topic): MessageHandler | null {
    let handler = this.handlersByTopic.get(topic);
    if (handler === undefined) {
      handler = this.getHandlerByPattern(topic);
      this.handlersByTopic.set(topic, handler);
    }
    return handler;
  }

  private invoke(handler: MessageHandler, data: unknown, context: EventContext): Promise<void> {
    return withCorrelationId(context.correlationId, async () => {
      const result = await handler(data, context);
      await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
    });
  }

  async close(): Promise<void> {
    this.running = false;
    await Promise.all(this.groups.map(async (group) => {
      const { consumer } = group;
      if (!consumer) return;
      // an interval commit under way must not land after (and undo) the final one below
      await group.commitInFlight;
      if (this.options.commitIntervalMs !== undefined && group.handledOffsets.size > 0) {
        // interval commits leave the last interval's handled offsets uncommitted: commit them before
        // leaving the group (batches still in flight commit their own on the way out, see onBatch)
        await consumer.commitOffsets([...group.handledOffsets.values()]).catch((error: unknown) => {
          this.options.logger.warn(`commit on shutdown failed (the records will be redelivered): ${String(error)}`, 'KafkaEventServer');
        });
      }
      // stop() waits for the batch in flight; disconnect() commits what was resolved
      await consumer.stop();
      await consumer.disconnect();
      group.consumer = undefined;
    }));
  }

  on<EventKey extends string = string, EventCallback extends Function = Function>(event: EventKey, callback: EventCallback): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), callback as unknown as (...args: unknown[]) => void]);
  }

  /** The consumer of the shared group (or of the first dedicated one when every topic has its own). */
  unwrap<T>(): T {
    const consumer = this.groups[0]?.consumer;
    if (!consumer) throw new Error('KafkaEventServer is not listening');
    return consumer as T;
  }
}

function toPayload(record: ValidRecord): { data: unknown; context: ValidRecord['context'] } {
  return { data: record.data, context: record.context };
}
