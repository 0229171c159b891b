import type { mongo } from 'mongoose';
import type { ExportBatchRecordV1, ExportCompletedV1, ExportRequestedV1 } from '@benchpool/contracts';
import { PermanentError } from '@benchpool/kafka';
import { sha256Hex } from '@benchpool/utils';
import { BatchManifest, buildManifest } from './batch-manifest';
import { isEligible, selectBatch, Shortfall } from './batch-selection';
import { BatchChecksum, canonicalLine, JsonRecord } from './canonical-json';
import { DatapointReader } from './datapoint-reader.repository';
import { resolveCriteria } from './export-criteria';
import { ExportBatchDocument, ExportBatchRepository } from './export-batch.repository';
import { ExportMetrics } from './export-metrics';
import { MongoPrivacyBudgetConfig, MongoPrivacyBudgetLedger } from './privacy-budget-ledger.repository';
import { LaplaceRewardNoise } from './reward-privacy';
import { batchIdFor, StoredDataPoint } from './stored-datapoint';
import { grpoRecord, IDENTITY_REWARDS, preferenceRecord, RewardTransform, sftRecord, turnLevelRecord } from './trl-records';

/** Where a batch goes: rl.export.batch.v1 and rl.export.completed.v1 in the service, anything in tests. */
export interface BatchSink {
  /** Publishes in call order; must enqueue synchronously so that calls keep their order. Resolves once acknowledged. */
  publishBatchRecords(records: ExportBatchRecordV1[]): Promise<void>;
  publishCompleted(events: ExportCompletedV1[]): Promise<void>;
}

export interface ExportLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface BatchExporterOptions {
  db: mongo.Db;
  sink: BatchSink;
  /** secret for the deterministic DP noise (see LaplaceRewardNoise). */
  noiseKey: string;
  /** each tenant's ε per period for DP exports. */
  privacyBudget: MongoPrivacyBudgetConfig;
  metrics?: ExportMetrics;
  logger?: ExportLogger;
  now?: () => Date;
}

export interface ExportRunOptions {
  /** keeps the Kafka consumer in its group during a long export. */
  heartbeat?: () => Promise<void>;
}

export interface ExportOutcome {
  batchId: string;
  status: BatchManifest['status'];
  records: number;
  checksum: string;
  /** true when the batch had been selected before (a repeated request). */
  repeated: boolean;
  manifest: BatchManifest;
}

/** Records built and published per step (two steps are in flight at once). */
const PUBLISH_CHUNK = 500;
/** rl.export.completed.v1 carries at most this many ids per event (Kafka's 1 MB record limit). */
const COMPLETED_CHUNK = 5_000;
const EMPTY_CHECKSUM = `sha256:${sha256Hex('')}`;

/**
 * Answers one rl.export.requested.v1: resolve the criteria, select (or reuse the frozen
 * selection), then publish the manifest, the records and the end marker keyed by batch id, and
 * tell storage-tiering which points went out. Idempotent per request id: the batch id derives from
 * it and a repeat re-publishes the recorded selection with identical content.
 */
export class BatchExporter {
  private readonly reader: DatapointReader;
  private readonly batches: ExportBatchRepository;
  private readonly ledger: MongoPrivacyBudgetLedger;
  private readonly metrics: ExportMetrics;
  private readonly now: () => Date;
  private readonly logger: ExportLogger;

  constructor(private readonly options: BatchExporterOptions) {
    this.reader = new DatapointReader(options.db);
    this.batches = new ExportBatchRepository(options.db);
    this.now = options.now ?? (() => new Date());
    this.ledger = new MongoPrivacyBudgetLedger(options.db, options.privacyBudget, this.now);
    this.metrics = options.metrics ?? new ExportMetrics();
    this.logger = options.logger ?? { log: () => undefined, warn: () => undefined };
  }

  async export(request: ExportRequestedV1, run: ExportRunOptions = {}): Promise<ExportOutcome> {
    const started = performance.now();
    const batchId = batchIdFor(request.requestId);
    try {
      let stored = await this.batches.find(batchId);
      const repeated = stored !== null;
      if (stored && stored.phase !== request.phase) {
        throw new PermanentError(`request ${request.requestId} already named a ${stored.phase} batch (${batchId}); use a new request id for a ${request.phase} batch`);
      }
      let retained = new Map<string, StoredDataPoint>();
      if (stored) {
        this.metrics.repeats.inc({ phase: stored.phase });
        this.logger.log(JSON.stringify({ msg: 'repeated export request: re-publishing the recorded batch', batchId, requestId: request.requestId, status: stored.status }));
      } else {
        ({ stored, retained } = await this.select(request, batchId, run));
      }
      const outcome = await this.publish(stored, repeated, run, retained);
      this.metrics.batchSeconds.observe({ phase: stored.phase }, (performance.now() - started) / 1000);
      return outcome;
    } catch (error) {
      this.metrics.failures.inc({ phase: request.phase, reason: error instanceof PermanentError ? 'permanent' : 'transient' });
      throw error;
    }
  }

  private async select(request: ExportRequestedV1, batchId: string, run: ExportRunOptions): Promise<{ stored: ExportBatchDocument; retained: Map<string, StoredDataPoint> }> {
    const createdAt = this.now();
    const criteria = resolveCriteria(request, createdAt);
    // one pass over the window: every later step works from what it kept
    const { candidates, retained } = await this.reader.readCandidates(criteria, (candidate) => isEligible(candidate, criteria), async (read) => {
      await run.heartbeat?.();
      if (read > 0 && read % 5_000 === 0) this.logger.log(JSON.stringify({ msg: 'export selection progress', batchId, read }));
    });
    const windowTaskTypes = criteria.fullTaskDistribution ? [...new Set(candidates.map((candidate) => candidate.taskType))].sort() : undefined;
    const selection = selectBatch(candidates, criteria, { windowTaskTypes });
    let rewards: RewardTransform = IDENTITY_REWARDS;
    let privacy: BatchManifest['privacy'] = null;
    const extraShortfalls: Shortfall[] = [];
    let chargedTenants: string[] = [];
    if (criteria.dpEpsilon !== null && selection.shortfalls.length === 0) {
      const tenants = [...new Set([...selection.points.values()].map((point) => point.tenantId))].sort();
      const charge = await this.chargeTenants(tenants, criteria.dpEpsilon, batchId);
      if ('shortfall' in charge) extraShortfalls.push(charge.shortfall);
      else {
        chargedTenants = charge.charged;
        rewards = new LaplaceRewardNoise(this.options.noiseKey, batchId, criteria.dpEpsilon);
        privacy = { mechanism: 'laplace (reward inputs), randomized response (success)', epsilon: criteria.dpEpsilon, unit: 'data point', tenantsCharged: tenants.length };
      }
    }
    const manifest = buildManifest({ batchId, requestId: request.requestId, criteria, selection, createdAt, rewards, extraShortfalls, privacy });
    const ready = manifest.status === 'ready';
    const items = ready ? selection.items : [];
    const stored = await this.batches.freeze({
      _id: batchId,
      requestId: request.requestId,
      phase: request.phase,
      status: ready ? 'selected' : 'rejected',
      manifestJson: JSON.stringify(manifest),
      itemIds: items.map((item) => item.id),
      rejectedIds: criteria.phase === 'preference' ? items.map((item) => item.rejectedId ?? '') : null,
      splits: items.map((item) => (item.split === 'train' ? 't' : 'e')).join(''),
      chargedTenants,
      recordCount: items.length,
      checksum: null,
      createdAt,
      publishedAt: null,
      publishCount: 0,
    });
    if (!ready) {
      for (const shortfall of manifest.shortfalls) this.metrics.rejections.inc({ phase: manifest.phase, reason: shortfall.criterion });
    }
    this.logger.log(JSON.stringify({ msg: 'export selected', batchId, phase: manifest.phase, status: manifest.status, records: items.length, candidates: candidates.length }));
    return { stored, retained };
  }

  /** Charges ε to every tenant in the batch, or none of them: a tenant short of budget rejects the batch. */
  private async chargeTenants(tenants: string[], epsilon: number, releaseId: string): Promise<{ charged: string[] } | { shortfall: Shortfall }> {
    const short: Array<{ tenantId: string; remaining: number }> = [];
    for (const tenantId of tenants) {
      const state = await this.ledger.state(tenantId);
      if (!state.charged(releaseId) && state.remaining < epsilon - 1e-9) short.push({ tenantId, remaining: state.remaining });
    }
    if (short.length === 0) {
      const charged: string[] = [];
      for (const tenantId of tenants) {
        const charge = await this.ledger.tryCharge(tenantId, epsilon, releaseId);
        if (charge.granted) {
          charged.push(tenantId);
          continue;
        }
        // another release spent the budget in between: give back what this one took
        for (const chargedTenant of charged) await this.ledger.refund(chargedTenant, epsilon, releaseId);
        short.push({ tenantId, remaining: charge.remaining });
        break;
      }
      if (short.length === 0) return { charged };
    }
    const { epsilonPerPeriod, period } = this.options.privacyBudget;
    return {
      shortfall: {
        criterion: 'privacyBudget',
        required: epsilon,
        actual: Math.min(...short.map((entry) => entry.remaining)),
        message: `privacy budget exceeded: dpEpsilon ${epsilon} is more than the remaining ε (budget ${epsilonPerPeriod} per ${period}) of ${short.length} tenant(s): ${short
          .map((entry) => `${entry.tenantId} (remaining ε=${Math.round(entry.remaining * 1e4) / 1e4})`)
          .join(', ')}`,
      },
    };
  }

  private async publish(stored: ExportBatchDocument, repeated: boolean, run: ExportRunOptions, retained: Map<string, StoredDataPoint>): Promise<ExportOutcome> {
    const manifest = JSON.parse(stored.manifestJson) as BatchManifest;
    const batchId = stored._id;
    if (stored.status === 'rejected') {
      await this.options.sink.publishBatchRecords([
        { batchId, kind: 'manifest', sequence: 0, manifest: manifest as unknown as Record<string, unknown> },
        { batchId, kind: 'end', sequence: 1, count: 0, checksum: EMPTY_CHECKSUM },
      ]);
      await this.batches.markRejectedPublished(batchId, this.now());
      this.metrics.batches.inc({ phase: manifest.phase, status: 'rejected' });
      return { batchId, status: 'rejected', records: 0, checksum: EMPTY_CHECKSUM, repeated, manifest };
    }
    // the points behind the batch: kept from the selection pass, or read again (a repeat, or a batch too large to keep)
    const pointIds = [...new Set([...stored.itemIds, ...(stored.rejectedIds ?? []).filter((id) => id !== '')])];
    const points = pointIds.every((id) => retained.has(id))
      ? retained
      : await this.reader.findByIds(pointIds, async () => {
          await run.heartbeat?.();
        });
    const missing = pointIds.filter((id) => !points.has(id));
    if (missing.length > 0) {
      // fail before publishing anything: the batch can no longer be rebuilt as it was selected
      throw new PermanentError(`batch ${batchId} cannot be ${repeated ? 're-published identically' : 'built'}: ${missing.length} of its points no longer exist (e.g. ${missing.slice(0, 3).join(', ')})`);
    }
    const rewards: RewardTransform =
      manifest.privacy && manifest.criteria.dpEpsilon !== null ? new LaplaceRewardNoise(this.options.noiseKey, batchId, manifest.criteria.dpEpsilon) : IDENTITY_REWARDS;
    const checksum = new BatchChecksum();
    const total = stored.itemIds.length;
    const inFlight: Array<Promise<void>> = [this.options.sink.publishBatchRecords([{ batchId, kind: 'manifest', sequence: 0, manifest: manifest as unknown as Record<string, unknown> }])];
    let nextProgress = 0.1;
    for (let start = 0; start < total; start += PUBLISH_CHUNK) {
      const ids = stored.itemIds.slice(start, start + PUBLISH_CHUNK);
      const rejectedIds = stored.rejectedIds?.slice(start, start + PUBLISH_CHUNK) ?? [];
      const records: ExportBatchRecordV1[] = ids.map((id, offset) => {
        const index = start + offset;
        const record = this.buildRecord(manifest, points, id, rejectedIds[offset] ?? null, stored.splits[index] === 'e' ? 'eval' : 'train', rewards, batchId);
        checksum.addLine(canonicalLine(record));
        return { batchId, kind: 'record', sequence: index + 1, record };
      });
      inFlight.push(this.options.sink.publishBatchRecords(records));
      // two steps in flight: MongoDB reads overlap with Kafka acknowledgements, order is kept by the producer
      while (inFlight.length > 2) await inFlight.shift();
      await run.heartbeat?.();
      const done = Math.min(total, start + PUBLISH_CHUNK);
      if (done / total >= nextProgress) {
        this.logger.log(JSON.stringify({ msg: 'export progress', batchId, published: done, total, percent: Math.round((100 * done) / total) }));
        while (nextProgress <= done / total) nextProgress += 0.1;
      }
    }
    await Promise.all(inFlight);
    const digest = checksum.digest();
    if (stored.checksum && stored.checksum !== digest) {
      throw new PermanentError(`batch ${batchId} no longer reproduces its recorded checksum ${stored.checksum} (got ${digest}); its points changed since it was first published`);
    }
    await this.options.sink.publishBatchRecords([{ batchId, kind: 'end', sequence: total + 1, count: total, checksum: digest }]);
    await this.batches.markPublished(batchId, digest, this.now());
    const completed: ExportCompletedV1[] = [];
    for (let start = 0; start < pointIds.length; start += COMPLETED_CHUNK) {
      completed.push({ batchId, requestId: stored.requestId, phase: stored.phase, dataPointIds: pointIds.slice(start, start + COMPLETED_CHUNK), exportedAt: manifest.createdAt });
    }
    await this.options.sink.publishCompleted(completed);
    this.metrics.batches.inc({ phase: manifest.phase, status: 'ready' });
    this.metrics.batchRecords.observe({ phase: manifest.phase }, total);
    this.logger.log(JSON.stringify({ msg: 'export published', batchId, phase: manifest.phase, records: total, checksum: digest, repeated }));
    return { batchId, status: 'ready', records: total, checksum: digest, repeated, manifest };
  }

  private buildRecord(
    manifest: BatchManifest,
    points: Map<string, StoredDataPoint>,
    id: string,
    rejectedId: string | null,
    split: 'train' | 'eval',
    rewards: RewardTransform,
    batchId: string,
  ): JsonRecord {
    const point = points.get(id);
    if (!point) throw new PermanentError(`point ${id} of batch ${batchId} no longer exists`);
    const common = { point, split, rewards };
    switch (manifest.criteria.phase) {
      case 'sft':
      case 'curriculum':
        return sftRecord(common, manifest.criteria.format);
      case 'grpo':
        return grpoRecord(common);
      case 'turn-level':
        return turnLevelRecord(common);
      case 'preference': {
        const rejected = rejectedId ? points.get(rejectedId) : undefined;
        if (!rejected) throw new PermanentError(`rejected point ${rejectedId} of batch ${batchId} no longer exists`);
        return preferenceRecord(common, rejected);
      }
    }
  }
}
