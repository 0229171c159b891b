import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION, REDIS, SERVICE_CONFIG, ServiceRuntime } from '@benchpool/service-kit';
import { Clock, StorageCore } from '@benchpool/storage-core';
import type { StorageTieringConfig } from './storage-tiering.config';

/** The data clock (tests inject a ManualClock to move time forward). */
export const DATA_CLOCK = Symbol('DATA_CLOCK');

export function createStorageCore(connection: Connection, redis: Redis, config: StorageTieringConfig, clock: Clock, runtime: ServiceRuntime): StorageCore {
  return new StorageCore(
    connection,
    redis,
    {
      hotKeyPrefix: config.HOT_KEY_PREFIX,
      hotWindowHours: config.HOT_WINDOW_HOURS,
      warmRetentionDays: config.WARM_RETENTION_DAYS,
      coldRetentionDays: config.COLD_RETENTION_DAYS,
      maxBulk: config.STORAGE_MAX_BULK,
      staleBatchAfterMs: config.STALE_BATCH_AFTER_MS,
      settleDelayMs: config.SETTLE_DELAY_MS,
      apiKeyCacheMs: config.API_KEY_CACHE_MS,
    },
    clock,
    runtime.logger,
  );
}

export const storageCoreProvider = {
  provide: StorageCore,
  inject: [MONGO_CONNECTION, REDIS, SERVICE_CONFIG, DATA_CLOCK, ServiceRuntime],
  useFactory: createStorageCore,
};

/** Collections, indexes and the bootstrap admin key exist before the consumer and the HTTP port start. */
@Injectable()
export class StorageInitializer implements OnModuleInit {
  constructor(
    @Inject(StorageCore) private readonly core: StorageCore,
    @Inject(SERVICE_CONFIG) private readonly config: StorageTieringConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.core.init();
    if (this.config.STORAGE_ADMIN_API_KEY) await this.core.apiKeys.ensureBootstrapAdmin(this.config.STORAGE_ADMIN_API_KEY);
  }
}
