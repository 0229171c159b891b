import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DatapointCollectedV1, ExecutionRecordedV1, Topic } from '@benchpool/contracts';
import { EventContext, EventProducer, PermanentError } from '@benchpool/kafka';
import { REDIS, SERVICE_CONFIG } from '@benchpool/service-kit';
import {
  IncomingPart, JoinStateRepository, PartReference, SweepSummary, TelemetryJoinEngine, TelemetryMetrics,
} from '@benchpool/telemetry-core';
import type { ExecutionTelemetryConfig } from './execution-telemetry.config';

/** One record of a `{ batch: true }` handler. */
export interface BatchRecord<T> {
  data: T;
  context: EventContext;
}

/** Task ids become Redis keys `join:{<taskId>}`: braces would break the key layout. */
const KEY_SAFE_TASK_ID = /^[^{}]{1,200}$/;

/** Stores parts of the join and publishes what they complete; sweeps timed-out joins. */
@Injectable()
export class JoinTelemetryUseCase {
  private readonly engine: TelemetryJoinEngine;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ExecutionTelemetryConfig,
    @Inject(REDIS) redis: Redis,
    @Inject(EventProducer) producer: EventProducer,
  ) {
    const repository = new JoinStateRepository(redis, {
      keyPrefix: config.JOIN_KEY_PREFIX,
      joinTimeoutMs: config.JOIN_TIMEOUT_SECONDS * 1000,
      stateTtlSeconds: config.JOIN_STATE_TTL_SECONDS,
      emittedTtlSeconds: config.JOIN_EMITTED_TTL_SECONDS,
      emitLeaseMs: config.JOIN_EMIT_LEASE_MS,
      recordWaitMs: config.JOIN_RECORD_WAIT_MS,
    });
    this.engine = new TelemetryJoinEngine(
      repository,
      {
        publishRecorded: (payload, target) => producer.publish(Topic.ExecutionRecorded, payload as ExecutionRecordedV1, target),
        publishCollected: (point, target) => producer.publish(Topic.DatapointCollected, point as DatapointCollectedV1, target),
      },
      new TelemetryMetrics(),
    );
  }

  /** One fetch of one topic: every record becomes the join part it fills. */
  async ingest<T extends { taskId: string }>(records: ReadonlyArray<BatchRecord<T>>, partOf: (data: T) => { part: PartReference; data: unknown }): Promise<void> {
    const unsafe = records.find((record) => !KEY_SAFE_TASK_ID.test(record.data.taskId));
    if (unsafe) throw new PermanentError(`task id ${JSON.stringify(unsafe.data.taskId.slice(0, 210))} cannot be a join key (braces, or longer than 200)`);
    const parts: IncomingPart[] = records.map(({ data, context }) => ({
      taskId: data.taskId,
      ...partOf(data),
      eventId: context.event.id,
      tenantId: context.tenantId,
    }));
    await this.engine.ingest(parts);
  }

  /** Emits every due join, one claim batch after another. */
  async sweep(): Promise<SweepSummary> {
    const total: SweepSummary = { claimed: 0, recordedWithoutTask: 0, emitted: 0, timedOut: 0, recovered: 0, expired: 0 };
    for (;;) {
      const round = await this.engine.sweep(this.config.JOIN_SWEEP_BATCH);
      for (const key of Object.keys(total) as Array<keyof SweepSummary>) total[key] += round[key];
      if (round.claimed < this.config.JOIN_SWEEP_BATCH && round.recordedWithoutTask < this.config.JOIN_SWEEP_BATCH) return total;
    }
  }
}
