import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { AccessAuditRepository } from './access/access-audit.repository';
import { ApiKeyRepository } from './access/api-key.repository';
import { Clock, systemClock } from './clock';
import { AgentStatsDailyRepository } from './cold/agent-stats-daily.repository';
import { InProcessKeyLock, RedisKeyLock } from './cold/key-lock';
import { AgentFeedbackService } from './feedback/agent-feedback.service';
import { HotStatsRepository } from './hot/hot-stats.repository';
import { DatapointStore, StoreHooks } from './ingest/datapoint-store';
import { StorageBatchRepository } from './journal/storage-batch.repository';
import { QuarantineRepository } from './quarantine/quarantine.repository';
import { DatapointQueryService } from './query/datapoint-query.service';
import { StatisticsService } from './query/statistics.service';
import { RedisLease } from './retention/redis-lease';
import { RetentionJob } from './retention/retention.job';
import { StorageModels } from './storage-models';
import { silentLogger, StorageLogger, StorageMetrics } from './storage.metrics';
import { DatapointRepository } from './warm/datapoint.repository';

export interface StorageCoreOptions {
  /** Redis key prefix of everything this lib writes (hot stats, markers, leases); default 'hot:'. */
  hotKeyPrefix: string;
  hotWindowHours: number;
  warmRetentionDays: number;
  coldRetentionDays: number;
  /** documents per bulk write (≤ 500). */
  maxBulk: number;
  /** an open storage batch of another process older than this is recovered. */
  staleBatchAfterMs: number;
  /** committed batches are settled (tokens pulled from cold documents) this long after their commit. */
  settleDelayMs: number;
  apiKeyCacheMs: number;
  /** lease time of the retention / maintenance / feedback jobs (renewed while they work). */
  jobLeaseMs: number;
  /**
   * How updates of one cold document are serialised: 'redis' (across replicas; needed on FerretDB,
   * whose single-document updates are not atomic) or 'process' (enough on MongoDB, or one replica).
   */
  coldLock: 'redis' | 'process';
}

export const DEFAULT_STORAGE_CORE_OPTIONS: StorageCoreOptions = {
  hotKeyPrefix: 'hot:', hotWindowHours: 168, warmRetentionDays: 90, coldRetentionDays: 730, maxBulk: 500,
  staleBatchAfterMs: 30_000, settleDelayMs: 60_000, apiKeyCacheMs: 10_000, jobLeaseMs: 60_000, coldLock: 'redis',
};

/** Everything storage-tiering needs, wired on one MongoDB connection and one Redis client. */
export class StorageCore {
  readonly options: StorageCoreOptions;
  readonly models: StorageModels;
  readonly warm: DatapointRepository;
  readonly cold: AgentStatsDailyRepository;
  readonly hot: HotStatsRepository;
  readonly journal: StorageBatchRepository;
  readonly quarantine: QuarantineRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly audit: AccessAuditRepository;
  readonly store: DatapointStore;
  readonly retention: RetentionJob;
  readonly statistics: StatisticsService;
  readonly datapoints: DatapointQueryService;
  readonly feedback: AgentFeedbackService;
  readonly metrics: StorageMetrics;

  constructor(
    connection: Connection,
    readonly redis: Redis,
    options: Partial<StorageCoreOptions> = {},
    readonly clock: Clock = systemClock,
    readonly logger: StorageLogger = silentLogger,
  ) {
    this.options = { ...DEFAULT_STORAGE_CORE_OPTIONS, ...options };
    this.metrics = new StorageMetrics();
    this.models = new StorageModels(connection);
    this.warm = new DatapointRepository(this.models.datapoints);
    this.cold = new AgentStatsDailyRepository(
      this.models.agentStatsDaily,
      this.options.coldLock === 'redis' ? new RedisKeyLock(redis, `${this.options.hotKeyPrefix}lock:cold:`) : new InProcessKeyLock(),
    );
    this.hot = new HotStatsRepository(redis, { keyPrefix: this.options.hotKeyPrefix, windowHours: this.options.hotWindowHours });
    this.journal = new StorageBatchRepository(this.models.storageBatches);
    this.quarantine = new QuarantineRepository(this.models.quarantinedPoints);
    this.apiKeys = new ApiKeyRepository(this.models.apiKeys, this.options.apiKeyCacheMs);
    this.audit = new AccessAuditRepository(this.models.accessAudit);
    this.store = new DatapointStore(
      { warm: this.warm, cold: this.cold, hot: this.hot, journal: this.journal, clock, metrics: this.metrics, logger },
      { maxBulk: this.options.maxBulk, staleAfterMs: this.options.staleBatchAfterMs },
    );
    this.retention = new RetentionJob(
      {
        warm: this.warm, cold: this.cold, journal: this.journal, quarantine: this.quarantine, runs: this.models.retentionRuns, store: this.store,
        lease: this.lease('retention'), clock, metrics: this.metrics, logger,
      },
      { warmDays: this.options.warmRetentionDays, coldDays: this.options.coldRetentionDays, chunkSize: this.options.maxBulk },
    );
    this.statistics = new StatisticsService(this.hot, this.cold, this.quarantine, clock, this.options.hotWindowHours);
    this.datapoints = new DatapointQueryService(this.warm);
    this.feedback = new AgentFeedbackService(this.cold, clock);
  }

  /** A job lease under the lib's Redis prefix, e.g. `hot:lease:retention`. */
  lease(job: string): RedisLease {
    return new RedisLease(this.redis, `${this.options.hotKeyPrefix}lease:${job}`, this.options.jobLeaseMs);
  }

  /** Creates collections and indexes (idempotent). */
  async init(): Promise<void> {
    await this.models.ensureIndexes();
  }

  /**
   * Frequent upkeep, one replica at a time: completes abandoned storage batches and settles
   * committed ones. null when another replica holds the lease.
   */
  async maintain(hooks: StoreHooks = {}): Promise<{ recoveredBatches: number; recoveredPoints: number; settledBatches: number } | null> {
    const result = await this.lease('maintenance').runExclusive(async () => {
      const recovered = await this.store.recoverStaleBatches(hooks);
      const settledBatches = await this.store.settleCommittedBatches(this.options.settleDelayMs);
      return { recoveredBatches: recovered.batches, recoveredPoints: recovered.points, settledBatches };
    });
    return result ?? null;
  }
}
