import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { BaseServiceConfig } from '@benchpool/service-kit';

const toNumber = ({ value }: { value: unknown }): unknown => Number(value);

export class StorageTieringConfig extends BaseServiceConfig {
  override PORT = 3105;

  /** prefix of every Redis key storage-tiering writes (hot stats, markers, job leases). */
  @Matches(/^[A-Za-z0-9:._-]{1,64}$/, { message: 'HOT_KEY_PREFIX may hold letters, digits and : . _ - (1–64)' })
  HOT_KEY_PREFIX = 'hot:';

  /** the hot tier's window: hourly buckets live this long; agent statistics up to it come from Redis. */
  @Transform(toNumber) @IsInt() @Min(1) @Max(24 * 31)
  HOT_WINDOW_HOURS = 168;

  @Transform(toNumber) @IsInt() @Min(1) @Max(3650)
  WARM_RETENTION_DAYS = 90;

  @Transform(toNumber) @IsInt() @Min(1) @Max(3650)
  COLD_RETENTION_DAYS = 730;

  /** how often the retention job runs (one replica at a time); 0 disables the timer (POST /v1/admin/retention/run still works). */
  @Transform(toNumber) @IsInt() @Min(0) @Max(7 * 86_400_000)
  RETENTION_INTERVAL_MS = 3_600_000;

  /** how often abandoned storage batches are completed and committed ones settled; 0 disables. */
  @Transform(toNumber) @IsInt() @Min(0) @Max(3_600_000)
  MAINTENANCE_INTERVAL_MS = 15_000;

  /** how often the agent feedback job runs (it reports each day once); 0 disables. */
  @Transform(toNumber) @IsInt() @Min(0) @Max(7 * 86_400_000)
  FEEDBACK_INTERVAL_MS = 3_600_000;

  @Transform(toNumber) @IsInt() @Min(1) @Max(90)
  FEEDBACK_WINDOW_DAYS = 7;

  /** documents per bulk write. */
  @Transform(toNumber) @IsInt() @Min(1) @Max(500)
  STORAGE_MAX_BULK = 500;

  /** an open storage batch of another process older than this is considered abandoned (> a batch's longest run). */
  @Transform(toNumber) @IsInt() @Min(1_000) @Max(3_600_000)
  STALE_BATCH_AFTER_MS = 30_000;

  /** committed batches are settled this long after their commit. */
  @Transform(toNumber) @IsInt() @Min(0) @Max(3_600_000)
  SETTLE_DELAY_MS = 60_000;

  /** bootstrap admin key (hashed at boot, never stored in clear); from a Kubernetes Secret in production. */
  @IsOptional() @IsString() @MinLength(24, { message: 'STORAGE_ADMIN_API_KEY must be at least 24 characters' })
  // initialised so loadConfig (which reads only declared own properties) sees the variable
  STORAGE_ADMIN_API_KEY?: string = undefined;

  @Transform(toNumber) @IsInt() @Min(0) @Max(300_000)
  API_KEY_CACHE_MS = 10_000;

  /** ε of one differentially private cross-tenant aggregate (always applied for analysts; others may ask with ?epsilon=). */
  @Transform(toNumber) @IsNumber() @Min(0.01) @Max(10)
  STORAGE_DP_EPSILON = 1;

  /** ε each tenant scope may spend on aggregates per STORAGE_DP_PERIOD; a query past it is refused (403). */
  @Transform(toNumber) @IsNumber() @Min(0.01)
  STORAGE_DP_BUDGET = 20;

  @IsIn(['day', 'week', 'month', 'year', 'lifetime'])
  STORAGE_DP_PERIOD: 'day' | 'week' | 'month' | 'year' | 'lifetime' = 'day';

  /** key of the noise derivation: the same query in one period gets the same noise, so repeating it reveals nothing. */
  @IsString() @MinLength(16)
  STORAGE_DP_NOISE_KEY = 'benchpool-local-development-dp-noise-key';
}
