import { plainToInstance, Transform } from 'class-transformer';
import { getMetadataStorage, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const BROKER_LIST = /^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$/;

/**
 * Configuration every service shares, read from the environment and validated at boot. A service
 * extends it with its own variables. Defaults point at the local stack (deploy/local).
 */
export class BaseServiceConfig {
  @Matches(BROKER_LIST, { message: 'KAFKA_BROKERS must be host:port[,host:port…]' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  @Matches(/^mongodb(\+srv)?:\/\/.+/, { message: 'MONGODB_URI must be a mongodb:// URI' })
  MONGODB_URI = 'mongodb://127.0.0.1:27017/benchpool';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URI' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Matches(/^[a-z0-9._-]*$/, { message: 'KAFKA_TOPIC_PREFIX may hold only a-z, 0-9, dot, dash, underscore' })
  KAFKA_TOPIC_PREFIX = '';

  @Transform(({ value }) => Number(value)) @IsInt() @Min(1) @Max(1000)
  KAFKA_PARTITIONS = 12;

  @IsIn(['gzip', 'none'])
  KAFKA_COMPRESSION: 'gzip' | 'none' = 'gzip';

  @Transform(({ value }) => Number(value)) @IsInt() @Min(1) @Max(64)
  KAFKA_PARTITIONS_CONCURRENCY = 4;

  /** how long the producer batches records before a request; 0 = at the end of the event-loop turn (latency-sensitive services). */
  @Transform(({ value }) => Number(value)) @IsInt() @Min(0) @Max(1000)
  KAFKA_LINGER_MS = 2;

  /** commit handled offsets at most this often (ms) instead of after every batch; unset = after every batch. */
  @IsOptional() @Transform(({ value }) => Number(value)) @IsInt() @Min(1) @Max(60_000)
  KAFKA_COMMIT_INTERVAL_MS?: number;

  /** how long the broker may hold a fetch that finds nothing (a record ends the wait at once). */
  @Transform(({ value }) => Number(value)) @IsInt() @Min(1) @Max(10_000)
  KAFKA_FETCH_MAX_WAIT_MS = 20;

  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' = 'info';

  @IsOptional() @IsString()
  SERVICE_INSTANCE_ID?: string;

  @Transform(({ value }) => Number(value)) @IsInt() @Min(1) @Max(65535)
  PORT = 3100;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Builds and validates a config object from the environment. Only variables the class declares
 * are read; `portVariable` (e.g. ROUTING_PORT) overrides PORT, then PORT, then the class default.
 */
export function loadConfig<T extends BaseServiceConfig>(
  ConfigClass: new () => T,
  env: NodeJS.ProcessEnv = process.env,
  defaults: Partial<Record<keyof T, unknown>> = {},
  portVariable?: string,
): T {
  // optional variables without an initial value are not own keys of an instance: take the
  // decorated property names from class-validator's metadata as well
  const decorated = getMetadataStorage()
    .getTargetValidationMetadatas(ConfigClass, '', true, false)
    .map((metadata) => metadata.propertyName);
  const declared = [...new Set([...Object.keys(new ConfigClass()), ...decorated])];
  const raw: Record<string, unknown> = { ...defaults };
  for (const name of declared) if (env[name] !== undefined && env[name] !== '') raw[name] = env[name];
  if (portVariable && env[portVariable]) raw.PORT = env[portVariable];
  const config = plainToInstance(ConfigClass, raw, { exposeDefaultValues: true });
  const errors = validateSync(config as object);
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((error) => `${error.property}=${JSON.stringify(raw[error.property] ?? null)}: ${Object.values(error.constraints ?? {}).join(', ')}`),
    );
  }
  return config;
}
