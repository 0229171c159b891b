import { randomBytes } from 'node:crypto';
import type { Model } from 'mongoose';
import type { Clock } from '../clock';
import type { AgentStatsDailyRepository } from '../cold/agent-stats-daily.repository';
import { DAY_MS, dayKey } from '../hot/time-buckets';
import type { DatapointStore, StoreHooks } from '../ingest/datapoint-store';
import type { StorageBatchRepository } from '../journal/storage-batch.repository';
import type { QuarantineRepository } from '../quarantine/quarantine.repository';
import { silentLogger, StorageLogger, StorageMetrics } from '../storage.metrics';
import type { DatapointRepository } from '../warm/datapoint.repository';
import type { RedisLease } from './redis-lease';
import type { RetentionRunDocument } from './retention-run.schema';

export interface RetentionPolicy {
  /** warm points older than this many days are deleted (once their day is in the cold tier). */
  warmDays: number;
  /** cold aggregates of days older than this are deleted. */
  coldDays: number;
  /** documents per delete. */
  chunkSize: number;
}

export interface RetentionReport {
  runId: string;
  resumed: boolean;
  asOf: string;
  warmCutoff: string;
  coldCutoffDay: string;
  /** points of interrupted batches whose cold (and hot) increments the job applied before deleting. */
  movedToCold: number;
  warmDeleted: number;
  quarantineMarkersDeleted: number;
  coldDeleted: number;
  durationMs: number;
}

export interface RetentionDependencies {
  warm: DatapointRepository;
  cold: AgentStatsDailyRepository;
  journal: StorageBatchRepository;
  quarantine: QuarantineRepository;
  runs: Model<RetentionRunDocument>;
  store: DatapointStore;
  lease: RedisLease;
  clock: Clock;
  metrics?: StorageMetrics;
  logger?: StorageLogger;
}

/**
 * Moves and deletes by age — a job, not TTL indexes (FerretDB has none, and a job reports what
 * it did). Under a Redis lease (one replica at a time). Resumable: a run records its cutoffs and
 * progress in storage_retention_runs; an unfinished run is resumed with the same cutoffs.
 *
 * Warm: a point older than the warm window is deleted only when its storage batch is not open,
 * i.e. its cold increment is in agent_stats_daily. Interrupted batches are completed first
 * (that is what "moved" counts). Cold: whole days older than the cold window are deleted.
 */
export class RetentionJob {
  private readonly logger: StorageLogger;

  constructor(
    private readonly deps: RetentionDependencies,
    private readonly policy: RetentionPolicy,
  ) {
    this.logger = deps.logger ?? silentLogger;
  }

  /** null when another replica holds the lease. */
  async run(hooks: StoreHooks = {}): Promise<RetentionReport | null> {
    const started = Date.now();
    try {
      const report = await this.deps.lease.runExclusive((renew) => this.runLocked(renew, hooks, started));
      this.deps.metrics?.retentionRuns.inc({ outcome: report ? 'completed' : 'skipped-lease-held' });
      return report ?? null;
    } catch (error) {
      this.deps.metrics?.retentionRuns.inc({ outcome: 'failed' });
      throw error;
    }
  }

  private async runLocked(renew: () => Promise<void>, hooks: StoreHooks, started: number): Promise<RetentionReport> {
    const { run, resumed } = await this.currentRun();
    const runs = this.deps.runs.collection;
    const progress = async (fields: Partial<Record<'movedToCold' | 'warmDeleted' | 'quarantineMarkersDeleted' | 'coldDeleted', number>>, phase?: RetentionRunDocument['phase']): Promise<void> => {
      await runs.updateOne({ _id: run._id } as never, { $inc: fields, ...(phase ? { $set: { phase } } : {}) });
      for (const [field, amount] of Object.entries(fields)) (run as unknown as Record<string, number>)[field] += amount ?? 0;
      if (phase) run.phase = phase;
      await renew();
    };

    if (run.phase === 'warm') {
      const moved = await this.deps.store.recoverStaleBatches(hooks, 1_000);
      if (moved.points > 0) this.deps.metrics?.retentionPoints.inc({ action: 'moved-to-cold' }, moved.points);
      await progress({ movedToCold: moved.points });
      const openTokens = await this.deps.journal.openTokens();
      for (;;) {
        const ids = await this.deps.warm.findDeletableBefore(run.warmCutoff, openTokens, this.policy.chunkSize);
        if (ids.length === 0) break;
        const deleted = await this.deps.warm.deleteByIds(ids);
        this.deps.metrics?.retentionPoints.inc({ action: 'warm-deleted' }, deleted);
        await progress({ warmDeleted: deleted });
      }
      const markers = await this.deps.quarantine.deleteBefore(run.warmCutoff);
      await progress({ quarantineMarkersDeleted: markers }, 'cold');
    }
    if (run.phase === 'cold') {
      const coldDeleted = await this.deps.cold.deleteDaysBefore(run.coldCutoffDay);
      this.deps.metrics?.retentionPoints.inc({ action: 'cold-deleted' }, coldDeleted);
      await progress({ coldDeleted }, 'done');
    }
    await runs.updateOne({ _id: run._id } as never, { $set: { finishedAt: new Date() } });
    const report: RetentionReport = {
      runId: run._id,
      resumed,
      asOf: run.asOf.toISOString(),
      warmCutoff: run.warmCutoff.toISOString(),
      coldCutoffDay: run.coldCutoffDay,
      movedToCold: run.movedToCold,
      warmDeleted: run.warmDeleted,
      quarantineMarkersDeleted: run.quarantineMarkersDeleted,
      coldDeleted: run.coldDeleted,
      durationMs: Date.now() - started,
    };
    this.logger.log(JSON.stringify({ msg: 'retention run finished', ...report }), 'RetentionJob');
    return report;
  }

  private async currentRun(): Promise<{ run: RetentionRunDocument; resumed: boolean }> {
    const runs = this.deps.runs.collection;
    const unfinished = (await runs.find({ finishedAt: { $exists: false } }).sort({ startedAt: -1 }).limit(1).toArray())[0] as unknown as
      | RetentionRunDocument
      | undefined;
    if (unfinished) {
      this.logger.log(JSON.stringify({ msg: 'resuming an interrupted retention run', runId: unfinished._id, phase: unfinished.phase }), 'RetentionJob');
      return { run: unfinished, resumed: true };
    }
    const asOf = this.deps.clock.now();
    const run: RetentionRunDocument = {
      _id: `retention-${asOf.toISOString()}-${randomBytes(3).toString('hex')}`,
      startedAt: new Date(),
      asOf,
      warmCutoff: new Date(asOf.getTime() - this.policy.warmDays * DAY_MS),
      coldCutoffDay: dayKey(asOf.getTime() - this.policy.coldDays * DAY_MS),
      phase: 'warm',
      movedToCold: 0,
      warmDeleted: 0,
      quarantineMarkersDeleted: 0,
      coldDeleted: 0,
      owner: this.deps.lease.holder,
    };
    await runs.insertOne(run as never);
    return { run, resumed: false };
  }
}
