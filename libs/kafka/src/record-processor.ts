import type { IHeaders, KafkaMessage } from 'kafkajs';
import { CloudEvent, deadLetterTopicOf, EnvelopeError, eventTypeOf, parseCloudEvent, Topic, validateEventData } from '@benchpool/contracts';
import { backoffDelay, BackoffOptions, delay } from '@benchpool/utils';
import { DeadLetterReasonClass, PermanentError } from './errors';
import type { KafkaMetrics } from './kafka.metrics';
import { dedicatedGroupId, KafkaSettings, physicalTopic } from './kafka.settings';
import type { EventProducer } from './event-producer';
import type { LogSink } from './kafka-client.factory';

/** What a handler receives beside the validated data. */
export interface EventContext {
  topic: Topic;
  event: CloudEvent;
  key: string | null;
  partition: number;
  offset: string;
  tenantId: string;
  correlationId: string;
  /**
   * Set only for a handler registered with `invalidData: 'deliver'`: why the data breaks its
   * topic's contract (the data is then whatever the producer sent, not the contract type).
   */
  contractErrors?: string[];
  /** keeps the consumer in its group during long work (also sent automatically every few seconds). */
  heartbeat: () => Promise<void>;
}

export interface ValidRecord<T = unknown> {
  data: T;
  context: EventContext;
  message: KafkaMessage;
}

export type RecordHandler = (records: ValidRecord[]) => Promise<void>;

export interface RetryPolicy extends BackoffOptions {
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, initialMs: 100, maxMs: 5_000, factor: 3 };

interface ProcessorDependencies {
  settings: KafkaSettings;
  producer: Pick<EventProducer, 'sendRaw'>;
  metrics: KafkaMetrics;
  logger: LogSink;
  consumerGroup: string;
  /** topics consumed in a group of their own, named by dedicatedGroupId (DLQ records name that group) */
  dedicatedTopics?: ReadonlySet<Topic>;
  retry: RetryPolicy;
}

/**
 * The one path every consumed record takes: parse the CloudEvent envelope → validate the data
 * against its topic's contract → handler (retried with backoff on transient errors) → metrics.
 * Invalid records and records whose retries ran out go to `<topic>.dlq` with the original bytes
 * and the reason. Nothing is swallowed: if the DLQ itself cannot be written, the error propagates
 * and the offset is not committed.
 */
export class RecordProcessor {
  constructor(private readonly deps: ProcessorDependencies) {}

  /**
   * Parses and validates; returns the valid records, dead-letters the others. With
   * `deliverInvalidData`, a well-formed envelope whose data breaks the contract is returned too,
   * with `context.contractErrors`, instead of being dead-lettered.
   */
  async admit(
    topic: Topic, partition: number, messages: KafkaMessage[], heartbeat: () => Promise<void>, deliverInvalidData = false,
  ): Promise<ValidRecord[]> {
    const valid: ValidRecord[] = [];
    // one label lookup per fetch, not per record
    if (messages.length > 0) this.deps.metrics.consumed.inc({ topic }, messages.length);
    for (const message of messages) {
      let event: CloudEvent;
      try {
        event = parseCloudEvent(message.value, message.headers as Record<string, Buffer | string | undefined>);
      } catch (error) {
        await this.deadLetter(topic, partition, message, 'invalid-envelope', (error as EnvelopeError).message);
        continue;
      }
      if (event.type !== eventTypeOf(topic)) {
        await this.deadLetter(topic, partition, message, 'unknown-type', `type '${event.type}' does not belong on ${topic}`);
        continue;
      }
      const result = validateEventData(topic, event.data);
      let contractErrors: string[] | undefined;
      if (!result.ok) {
        if (!deliverInvalidData) {
          await this.deadLetter(topic, partition, message, 'invalid-data', result.errors.slice(0, 20).join('; '));
          continue;
        }
        this.deps.metrics.invalidDelivered.inc({ topic });
        contractErrors = result.errors.slice(0, 20);
      }
      const key = message.key ? message.key.toString() : null;
      valid.push({
        data: result.ok ? result.value : event.data,
        message,
        context: {
          topic, event, key, partition, offset: message.offset, heartbeat,
          tenantId: event.tenantid,
          correlationId: event.correlationid ?? key ?? event.id,
          ...(contractErrors ? { contractErrors } : {}),
        },
      });
    }
    return valid;
  }

  /**
   * Runs the handler on a group of records with retries. When a group of several keeps failing,
   * each record is retried alone so that only the poison record is dead-lettered.
   */
  async handle(topic: Topic, records: ValidRecord[], handler: RecordHandler, retry: RetryPolicy = this.deps.retry): Promise<void> {
    if (records.length === 0) return;
    const outcome = await this.attempt(topic, records, handler, retry, records.length > 1 ? Math.min(2, retry.maxAttempts) : retry.maxAttempts);
    if (outcome === 'done') return;
    if (records.length > 1) {
      for (const record of records) await this.handle(topic, [record], handler, retry);
      return;
    }
    const [record] = records;
    await this.deadLetter(topic, record.context.partition, record.message, outcome.reasonClass, outcome.reason);
  }

  private async attempt(
    topic: Topic,
    records: ValidRecord[],
    handler: RecordHandler,
    retry: RetryPolicy,
    maxAttempts: number,
  ): Promise<'done' | { reasonClass: DeadLetterReasonClass; reason: string }> {
    for (let attemptNumber = 1; ; attemptNumber++) {
      const stopTimer = this.deps.metrics.handlerDuration.startTimer({ topic });
      const keepAlive = setInterval(() => void records[0].context.heartbeat().catch(() => undefined), 3_000);
      try {
        await handler(records);
        return 'done';
      } catch (error) {
        const permanent = error instanceof PermanentError;
        this.deps.metrics.failed.inc({ topic, kind: permanent ? 'permanent' : 'transient' });
        const reason = (error as Error)?.message ?? String(error);
        this.deps.logger.warn(
          JSON.stringify({ msg: 'handler failed', topic, attempt: attemptNumber, records: records.length, permanent, reason,
            correlationId: records[0].context.correlationId }),
          'RecordProcessor',
        );
        if (permanent) return { reasonClass: 'permanent', reason };
        if (attemptNumber >= maxAttempts) return { reasonClass: 'retries-exhausted', reason: `after ${attemptNumber} attempts: ${reason}` };
        await delay(backoffDelay(attemptNumber, retry));
        await records[0].context.heartbeat().catch(() => undefined);
      } finally {
        clearInterval(keepAlive);
        stopTimer();
      }
    }
  }

  async deadLetter(topic: Topic, partition: number, message: KafkaMessage, reasonClass: DeadLetterReasonClass, reason: string): Promise<void> {
    const headers: IHeaders = {
      ...(message.headers ?? {}),
      'dlq-reason-class': reasonClass,
      'dlq-reason': reason.slice(0, 4_000),
      'dlq-source-topic': topic,
      'dlq-source-partition': String(partition),
      'dlq-source-offset': message.offset,
      'dlq-consumer-group': this.deps.dedicatedTopics?.has(topic) ? dedicatedGroupId(this.deps.consumerGroup, topic) : this.deps.consumerGroup,
      'dlq-failed-at': new Date().toISOString(),
    };
    await this.deps.producer.sendRaw(
      physicalTopic(this.deps.settings, deadLetterTopicOf(topic)),
      { key: message.key, value: message.value, headers },
      deadLetterTopicOf(topic),
    );
    this.deps.metrics.deadLettered.inc({ topic, reason: reasonClass });
    this.deps.logger.warn(JSON.stringify({ msg: 'dead-lettered', topic, reasonClass, reason, offset: message.offset }), 'RecordProcessor');
  }
}
