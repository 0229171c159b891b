import type { BenchmarkDataPoint } from '@benchpool/contracts';
import type { TelemetryMetrics } from '../telemetry.metrics';
import { assembleDataPoint, ExecutionRecordedPayload, executionRecordedOf } from './datapoint.assembler';
import { fieldOf, JoinParts, PART_NAMES, PartName, partLabelOf, partsFromHash, PartReference } from './join-parts';
import type { DueClaim, JoinStateRepository, StoreResult } from './join-state.repository';

/** One consumed event, reduced to the join part it fills. */
export interface IncomingPart {
  taskId: string;
  part: PartReference;
  /** what is stored for the part: task / decision / completion / turn data, or the evaluation. */
  data: unknown;
  /** CloudEvent id, kept for provenance. */
  eventId: string;
  /** raw tenant id from the CloudEvent's `tenantid`. */
  tenantId: string;
}

export interface PublishTarget {
  tenantId: string;
  /** stable event id: `recorded-<taskId>` / `collected-<taskId>`, so downstream dedupes re-publications. */
  id: string;
  correlationId: string;
}

/** Where the engine's two outputs go (the service wires the Kafka producer in). */
export interface JoinPublisher {
  publishRecorded(payload: ExecutionRecordedPayload, target: PublishTarget): Promise<void>;
  publishCollected(point: BenchmarkDataPoint, target: PublishTarget): Promise<void>;
}

export function recordedEventId(taskId: string): string {
  return `recorded-${taskId}`;
}

export function collectedEventId(taskId: string): string {
  return `collected-${taskId}`;
}

export interface IngestSummary {
  stored: number;
  recorded: number;
  emitted: number;
}

export interface SweepSummary {
  claimed: number;
  /** completions whose task never came in time, recorded without it */
  recordedWithoutTask: number;
  emitted: number;
  timedOut: number;
  recovered: number;
  expired: number;
}

/** what execution.recorded is built from once the join holds the task (the decision only stands in for a missing task). */
const RECORDING_PARTS: readonly PartName[] = ['task', 'completion'];

interface Emission {
  taskId: string;
  claimedAtMs: number;
  parts: JoinParts;
}

/**
 * The join: stores parts (one Lua call per ≤ 200 parts, in order), publishes
 * execution.recorded when a completion arrives, and the data point when the last of
 * decision / completion / evaluation arrives; the sweeper emits timed-out joins and re-publishes
 * claims whose claimant died. See the README for the emission protocol.
 */
export class TelemetryJoinEngine {
  constructor(
    private readonly repository: JoinStateRepository,
    private readonly publisher: JoinPublisher,
    private readonly metrics: TelemetryMetrics,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Handles one batch of parts (any mix of tasks and kinds); throws if anything could not be published. */
  async ingest(parts: readonly IncomingPart[]): Promise<IngestSummary> {
    const results = await this.repository.storeParts(
      parts.map((part) => ({
        taskId: part.taskId,
        part: part.part,
        // JSON.parse keeps key order, so a redelivered event serialises to the same bytes
        value: JSON.stringify(part.data),
        eventId: part.eventId,
        tenantId: part.tenantId,
      })),
      this.clock(),
    );
    this.countOutcomes(results);

    const recordings = new Map<string, JoinParts>();
    const emissions: Emission[] = [];
    results.forEach((result, index) => {
      const { taskId } = result.write;
      if (!result.hash) return;
      // stored or byte-identical: the part in Redis is this very data, no need to parse it back
      const known = result.outcome === 'stored' || result.outcome === 'duplicate' ? { field: fieldOf(result.write.part), data: parts[index].data } : undefined;
      // unclaimed, the hash came back for execution.recorded only: it needs neither decision nor evaluation
      const joined = partsFromHash(taskId, result.hash, known, result.state === 'claimed' ? PART_NAMES : RECORDING_PARTS);
      const open = result.state === 'open' || result.state === 'claimed';
      // recorded once both the completion and the task are in (whichever came second), so
      // caws-evaluation grades with the task's risk tier and budget; see sweep() for a task that never comes
      const recordable = result.write.part === 'completion' || result.write.part === 'task';
      if (recordable && open && !result.recorded && joined.completion && joined.task && !recordings.has(taskId)) recordings.set(taskId, joined);
      if (result.state === 'claimed' && result.claimedAtMs !== undefined) emissions.push({ taskId, claimedAtMs: result.claimedAtMs, parts: joined });
    });

    // concurrently: both go out in the same producer flush
    const [recorded, emitted] = await Promise.all([this.publishRecordings(recordings), this.publishEmissions(emissions)]);
    await this.repository.confirm(recorded.done, emitted.done, this.clock());
    throwIfFailed([...recorded.failures, ...emitted.failures]);
    return { stored: results.filter((result) => result.outcome === 'stored').length, recorded: recorded.done.length, emitted: emitted.done.length };
  }

  /**
   * Emits what is due: open joins past their timeout (as incomplete, or complete if they are),
   * and claims whose lease ran out (re-published with identical content and event id).
   */
  async sweep(limit: number): Promise<SweepSummary> {
    const recordedWithoutTask = await this.recordOverdue(limit);
    const claims = await this.repository.claimDue(this.clock(), limit);
    const summary: SweepSummary = { claimed: claims.length, recordedWithoutTask, emitted: 0, timedOut: 0, recovered: 0, expired: 0 };
    const emissions: Emission[] = [];
    const lost: DueClaim[] = [];
    for (const claim of claims) {
      if (claim.kind === 'expired' || Object.keys(claim.hash).length === 0) {
        summary.expired += 1;
        this.metrics.joinsExpired.inc();
        if (claim.kind !== 'expired') lost.push(claim);
        continue;
      }
      if (claim.kind === 'timeout') summary.timedOut += 1;
      else summary.recovered += 1;
      emissions.push({ taskId: claim.taskId, claimedAtMs: claim.claimedAtMs, parts: partsFromHash(claim.taskId, claim.hash) });
    }
    const emitted = await this.publishEmissions(emissions);
    // the lost ones are confirmed without a point: there is nothing left to build it from
    await this.repository.confirm([], [...emitted.done, ...lost], this.clock());
    const published = new Set(emitted.done.map((done) => done.taskId));
    for (const claim of claims) {
      if (!published.has(claim.taskId)) continue;
      if (claim.kind === 'timeout') this.metrics.joinTimeouts.inc();
      else this.metrics.emissionsRecovered.inc();
    }
    summary.emitted = emitted.done.length;
    this.metrics.openJoins.set(await this.repository.openJoins());
    throwIfFailed(emitted.failures);
    return summary;
  }

  /**
   * Publishes execution.recorded for completions whose task.submitted did not arrive within the
   * record wait, with the task context the decision gives (caws-evaluation then applies its
   * defaults and says so). Returns how many were published.
   */
  private async recordOverdue(limit: number): Promise<number> {
    const due = await this.repository.claimRecordDue(this.clock(), limit);
    if (due.length === 0) return 0;
    const recordings = new Map(due.map((entry) => [entry.taskId, partsFromHash(entry.taskId, entry.hash)]));
    const recorded = await this.publishRecordings(recordings);
    await this.repository.confirm(recorded.done, [], this.clock());
    this.metrics.recordedWithoutTask.inc(recorded.done.length);
    throwIfFailed(recorded.failures);
    return recorded.done.length;
  }

  private async publishRecordings(recordings: Map<string, JoinParts>): Promise<{ done: string[]; failures: unknown[] }> {
    const jobs = [...recordings.values()].flatMap((parts) => {
      const payload = executionRecordedOf(parts);
      if (!payload) return [];
      const target = { tenantId: parts.tenantId ?? 'unknown', id: recordedEventId(parts.taskId), correlationId: parts.taskId };
      return [{ taskId: parts.taskId, publish: this.publisher.publishRecorded(payload, target) }];
    });
    const settled = await Promise.allSettled(jobs.map((job) => job.publish));
    const done = jobs.filter((_, index) => settled[index].status === 'fulfilled').map((job) => job.taskId);
    this.metrics.executionsRecorded.inc(done.length);
    return { done, failures: rejections(settled) };
  }

  private async publishEmissions(emissions: readonly Emission[]): Promise<{ done: Array<{ taskId: string; claimedAtMs: number }>; failures: unknown[] }> {
    const points = emissions.map((emission) => assembleDataPoint(emission.parts, emission.claimedAtMs));
    const settled = await Promise.allSettled(
      points.map((point) => this.publisher.publishCollected(point, { tenantId: point.tenantId, id: collectedEventId(point.id), correlationId: point.id })),
    );
    const done: Array<{ taskId: string; claimedAtMs: number }> = [];
    settled.forEach((outcome, index) => {
      if (outcome.status !== 'fulfilled') return;
      done.push({ taskId: emissions[index].taskId, claimedAtMs: emissions[index].claimedAtMs });
      this.metrics.pointsEmitted.inc({ status: points[index].status });
    });
    return { done, failures: rejections(settled) };
  }

  private countOutcomes(results: readonly StoreResult[]): void {
    for (const result of results) {
      const part = partLabelOf(result.write.part);
      const isTurn = part === 'turn';
      switch (result.outcome) {
        case 'stored':
          if (isTurn) this.metrics.turnsRecorded.inc();
          if (isTurn && result.recorded) this.metrics.lateTurns.inc({ stage: 'after-recorded' });
          break;
        case 'duplicate':
          this.metrics.duplicateParts.inc({ part });
          break;
        case 'conflict':
          this.metrics.conflictingParts.inc({ part });
          break;
        case 'frozen':
          if (isTurn) this.metrics.lateTurns.inc({ stage: 'after-emitted' });
          else this.metrics.partsAfterEmission.inc({ part });
          break;
      }
    }
  }
}

function rejections(settled: ReadonlyArray<PromiseSettledResult<unknown>>): unknown[] {
  return settled.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
}

function throwIfFailed(failures: readonly unknown[]): void {
  if (failures.length === 0) return;
  const first = failures[0];
  const message = first instanceof Error ? first.message : String(first);
  throw new Error(`${failures.length} publication(s) failed, first: ${message}`);
}
