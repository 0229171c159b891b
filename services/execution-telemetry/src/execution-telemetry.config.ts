import { Transform } from 'class-transformer';
import { IsInt, Matches, Max, Min, ValidateBy } from 'class-validator';
import { BaseServiceConfig } from '@benchpool/service-kit';

const toNumber = ({ value }: { value: unknown }): number => Number(value);

export class ExecutionTelemetryConfig extends BaseServiceConfig {
  override PORT = 3102;

  /**
   * five consumers (one per topic, see the bootstrap): idle fetches every half second rather than 50 a
   * second each (idle service: ≈ 6 % instead of ≈ 17 % of a core); a record still ends the wait at once.
   */
  override KAFKA_FETCH_MAX_WAIT_MS = 500;

  /** an open join with no new part for this long is emitted flagged `incomplete`. */
  @Transform(toNumber) @IsInt() @Min(1) @Max(7 * 24 * 3_600)
  JOIN_TIMEOUT_SECONDS = 300;

  /** how often every replica looks for timed-out joins and unconfirmed emissions. */
  @Transform(toNumber) @IsInt() @Min(50) @Max(600_000)
  JOIN_SWEEP_INTERVAL_MS = 1_000;

  /** joins claimed per sweep round trip (a sweep repeats while rounds come back full). */
  @Transform(toNumber) @IsInt() @Min(1) @Max(10_000)
  JOIN_SWEEP_BATCH = 500;

  /** TTL of a task's partial state, refreshed on every part; must exceed the join timeout. */
  @Transform(toNumber) @IsInt() @Min(2) @Max(30 * 24 * 3_600)
  @ValidateBy({
    name: 'exceedsJoinTimeout',
    validator: {
      validate: (value, args) => typeof value === 'number' && value > (args?.object as ExecutionTelemetryConfig).JOIN_TIMEOUT_SECONDS,
      defaultMessage: () => 'JOIN_STATE_TTL_SECONDS must be greater than JOIN_TIMEOUT_SECONDS',
    },
  })
  JOIN_STATE_TTL_SECONDS = 3_600;

  /** how long an emitted task is remembered, so redelivered parts never emit it again. */
  @Transform(toNumber) @IsInt() @Min(60) @Max(90 * 24 * 3_600)
  JOIN_EMITTED_TTL_SECONDS = 7 * 24 * 3_600;

  /** a claimed emission not confirmed within this is re-published by a sweeper. */
  @Transform(toNumber) @IsInt() @Min(100) @Max(3_600_000)
  JOIN_EMIT_LEASE_MS = 30_000;

  /**
   * how long a completion waits for its task.submitted before telemetry.execution.recorded goes out
   * without the task's risk tier and budget (caws-evaluation then grades with its defaults).
   */
  @Transform(toNumber) @IsInt() @Min(0) @Max(3_600_000)
  JOIN_RECORD_WAIT_MS = 5_000;

  /** prefix of every Redis key of the join (tests and benchmarks use their own). */
  @Matches(/^[A-Za-z0-9:._-]{1,64}$/, { message: 'JOIN_KEY_PREFIX may hold only letters, digits, colon, dot, dash, underscore' })
  JOIN_KEY_PREFIX = 'join:';
}
