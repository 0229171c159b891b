import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { BenchmarkDataPoint } from '@benchpool/contracts';
import type { Clock } from '../clock';
import type { AgentStatsDailyRepository } from '../cold/agent-stats-daily.repository';
import { buildDailyIncrements } from '../cold/daily-increments';
import type { HotStatsRepository } from '../hot/hot-stats.repository';
import type { StorageBatchDocument } from '../journal/storage-batch.schema';
import type { StorageBatchRepository } from '../journal/storage-batch.repository';
import { silentLogger, StorageLogger, StorageMetrics } from '../storage.metrics';
import { DatapointDocument, tierFactsOf, toDatapointDocument } from '../warm/datapoint-document';
import type { DatapointRepository } from '../warm/datapoint.repository';

/*
 * EXACTLY-ONCE ACROSS THREE TIERS WITHOUT TRANSACTIONS — do not reorder these steps.
 *
 * Per bulk batch (≤ maxBulk points) with a fresh token T:
 *   1. journal.open(T, ids)                — storage_batches: {state: open, ids}
 *   2. warm insertMany(docs with batchToken T), unordered — duplicates (E11000) are untouched
 *   3. hot: one Lua script; per point `SET <prefix>applied:<id> NX` + HINCRBYs, atomically
 *   4. cold: per (day, agent, type) one updateOne {_id, pendingTokens ≠ T} → $inc + $push T, atomically
 *   5. onStored hook (publish benchmark.datapoint.stored.v1, stable id stored-<id>)
 *   6. journal.commit(T)                   — later "settled": T pulled from pendingTokens, entry deleted
 *
 * Invariant: a warm document whose batchToken has no OPEN journal entry has hot and cold applied.
 * A crash anywhere leaves T open. Its points come back (Kafka redelivers uncommitted offsets) as
 * duplicates of documents carrying T; the pipeline finds the open entry and re-runs 3–6 for T's
 * documents — the hot markers and the cold pendingTokens make the repeat count nothing twice.
 * T is recovered at once if this process opened it (a retry), otherwise once it is older than
 * `staleAfterMs` (its owner is dead, not merely slow). The repair job recovers stale open batches
 * whose points never come back (dead-lettered). Settling waits `settleDelay` after the commit so a
 * recoverer that read "T open" just before the commit cannot pass the pendingTokens guard.
 * Counts come from the stored document, never the redelivered event, so every attempt applies
 * the same increments.
 */

export interface StoreHooks {
  /** Runs after hot and cold are applied, before the batch commits; a throw leaves it open (redelivery repeats it idempotently). */
  onStored?: (documents: DatapointDocument[], meta: { recovered: boolean }) => Promise<void>;
}

export interface StoreResult {
  received: number;
  stored: number;
  duplicates: number;
  recovered: number;
}

export interface DatapointStoreOptions {
  /** documents per bulk insert (and per journal entry); ≤ 500. */
  maxBulk: number;
  /** an open batch of another process older than this is considered abandoned. */
  staleAfterMs: number;
  pollIntervalMs: number;
}

export const DEFAULT_STORE_OPTIONS: DatapointStoreOptions = { maxBulk: 500, staleAfterMs: 30_000, pollIntervalMs: 250 };

export interface DatapointStoreDependencies {
  warm: DatapointRepository;
  cold: AgentStatsDailyRepository;
  hot: HotStatsRepository;
  journal: StorageBatchRepository;
  clock: Clock;
  metrics?: StorageMetrics;
  logger?: StorageLogger;
}

export class DatapointStore {
  /** identifies this process's journal entries. */
  readonly owner = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly options: DatapointStoreOptions;
  private readonly inFlight = new Set<string>();
  private readonly logger: StorageLogger;

  constructor(
    private readonly deps: DatapointStoreDependencies,
    options: Partial<DatapointStoreOptions> = {},
  ) {
    this.options = { ...DEFAULT_STORE_OPTIONS, ...options };
    if (this.options.maxBulk < 1 || this.options.maxBulk > 500) throw new Error('maxBulk must be within 1..500');
    this.logger = deps.logger ?? silentLogger;
  }

  /** Stores a batch of anonymized points (any size; written in bounded bulk batches). */
  async storeBatch(points: readonly BenchmarkDataPoint[], hooks: StoreHooks = {}): Promise<StoreResult> {
    const unique = new Map<string, BenchmarkDataPoint>();
    for (const point of points) if (!unique.has(point.id)) unique.set(point.id, point);
    const result: StoreResult = { received: points.length, stored: 0, duplicates: points.length - unique.size, recovered: 0 };
    const all = [...unique.values()];
    for (let start = 0; start < all.length; start += this.options.maxBulk) {
      const chunk = await this.storeChunk(all.slice(start, start + this.options.maxBulk), hooks);
      result.stored += chunk.stored;
      result.duplicates += chunk.duplicates;
      result.recovered += chunk.recovered;
    }
    this.deps.metrics?.pointsStored.inc(result.stored);
    this.deps.metrics?.duplicatesIgnored.inc(result.duplicates);
    return result;
  }

  private async storeChunk(points: BenchmarkDataPoint[], hooks: StoreHooks): Promise<Omit<StoreResult, 'received'>> {
    const token = newBatchToken();
    this.inFlight.add(token);
    try {
      const storedAt = this.deps.clock.now();
      const documents = points.map((point) => toDatapointDocument(point, { batchToken: token, storedAt }));
      await this.deps.journal.open(token, this.owner, documents.map((document) => document._id), new Date());
      const { inserted, duplicateIds } = await this.deps.warm.insertBatch(documents);
      this.deps.metrics?.bulkBatchSize.observe(documents.length);
      const recovered = duplicateIds.length > 0 ? await this.recoverOpenBatchesHolding(duplicateIds, token, hooks) : 0;
      if (inserted.length === 0) await this.deps.journal.discard(token);
      else await this.applyTiers(token, inserted, hooks, false);
      return { stored: inserted.length, duplicates: duplicateIds.length, recovered };
    } finally {
      this.inFlight.delete(token);
    }
  }

  private async applyTiers(token: string, documents: DatapointDocument[], hooks: StoreHooks, recovered: boolean): Promise<void> {
    const facts = documents.map(tierFactsOf);
    await this.deps.hot.apply(facts, this.deps.clock.now().getTime());
    const increments = buildDailyIncrements(facts);
    await this.deps.cold.applyIncrements(token, increments);
    await hooks.onStored?.(documents, { recovered });
    await this.deps.journal.commit(token, increments.map((increment) => increment.key), new Date());
  }

  /** Completes an open batch: re-applies hot, cold and onStored for the documents it inserted, then commits it. */
  private async recover(entry: StorageBatchDocument, hooks: StoreHooks, by: string): Promise<number> {
    this.inFlight.add(entry._id);
    try {
      const documents = await this.deps.warm.findByIdsAndToken(entry.ids ?? [], entry._id);
      if (documents.length === 0) {
        await this.deps.journal.discard(entry._id);
        return 0;
      }
      await this.applyTiers(entry._id, documents, hooks, true);
      this.deps.metrics?.pointsRecovered.inc({ by }, documents.length);
      this.logger.warn(JSON.stringify({ msg: 'recovered an interrupted storage batch', token: entry._id, owner: entry.owner, points: documents.length, by }), 'DatapointStore');
      return documents.length;
    } finally {
      this.inFlight.delete(entry._id);
    }
  }

  private async recoverOpenBatchesHolding(ids: string[], token: string, hooks: StoreHooks): Promise<number> {
    let recovered = 0;
    for (const found of await this.deps.journal.findOpenContaining(ids, token)) {
      const entry = await this.waitUntilRecoverable(found);
      if (entry) recovered += await this.recover(entry, hooks, 'redelivery');
    }
    return recovered;
  }

  /**
   * An open batch may still be in progress elsewhere (a consumer that lost its partition but is
   * finishing its batch): wait until it commits or goes stale. Returns the entry to recover, or
   * null when its owner committed it meanwhile.
   */
  private async waitUntilRecoverable(found: StorageBatchDocument): Promise<StorageBatchDocument | null> {
    let entry: StorageBatchDocument | null = found;
    for (;;) {
      if (!entry || entry.state !== 'open') return null;
      const mine = entry.owner === this.owner;
      const busyHere = this.inFlight.has(entry._id);
      const stale = Date.now() - new Date(entry.openedAt).getTime() >= this.options.staleAfterMs;
      if (!busyHere && (mine || stale)) return entry;
      await new Promise((resolve) => setTimeout(resolve, this.options.pollIntervalMs));
      entry = await this.deps.journal.findById(found._id);
    }
  }

  /** Repair job: completes open batches older than staleAfterMs (their points may never be redelivered). */
  async recoverStaleBatches(hooks: StoreHooks = {}, limit = 50): Promise<{ batches: number; points: number }> {
    const stale = await this.deps.journal.findOpenedBefore(new Date(Date.now() - this.options.staleAfterMs), limit);
    let points = 0;
    let batches = 0;
    for (const entry of stale) {
      if (this.inFlight.has(entry._id)) continue;
      points += await this.recover(entry, hooks, 'repair');
      batches += 1;
    }
    return { batches, points };
  }

  /** Settles committed batches older than `settleDelayMs`: pulls their tokens from the cold tier and deletes the entries. */
  async settleCommittedBatches(settleDelayMs: number, limit = 500): Promise<number> {
    const committed = await this.deps.journal.findCommittedBefore(new Date(Date.now() - settleDelayMs), limit);
    if (committed.length === 0) return 0;
    const tokensByKey = new Map<string, string[]>();
    for (const entry of committed) {
      for (const key of entry.aggregateKeys ?? []) tokensByKey.set(key, [...(tokensByKey.get(key) ?? []), entry._id]);
    }
    await this.deps.cold.pullTokens(tokensByKey);
    await this.deps.journal.deleteMany(committed.map((entry) => entry._id));
    this.deps.metrics?.batchesSettled.inc(committed.length);
    return committed.length;
  }
}

function newBatchToken(): string {
  return `${Date.now().toString(36)}-${randomBytes(5).toString('hex')}`;
}
