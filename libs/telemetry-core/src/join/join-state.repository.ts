import type { Redis } from 'ioredis';
import { fieldOf, hashFromPairs, PartReference } from './join-parts';
import { CLAIM_DUE_SCRIPT, CLAIM_RECORD_DUE_SCRIPT, CONFIRM_SCRIPT, STORE_PARTS_SCRIPT } from './join-state.scripts';

export interface JoinStateOptions {
  /** every key starts with it (default `join:`); tests and benchmarks use their own. */
  keyPrefix: string;
  /** an open join with no new part for this long is emitted as incomplete. */
  joinTimeoutMs: number;
  /** TTL of the join hash, refreshed on every part; must exceed the timeout. */
  stateTtlSeconds: number;
  /** TTL of the emission marker: how long redelivered parts of an emitted task are recognised. */
  emittedTtlSeconds: number;
  /** how long a claimed emission may stay unconfirmed before a sweeper re-publishes it. */
  emitLeaseMs: number;
  /**
   * how long a completion waits for its task.submitted before execution.recorded goes out without
   * the task's risk tier and budget (topics are fetched independently, so the task may be late).
   */
  recordWaitMs: number;
}

export const DEFAULT_JOIN_STATE_OPTIONS: JoinStateOptions = {
  keyPrefix: 'join:',
  joinTimeoutMs: 300_000,
  stateTtlSeconds: 3_600,
  emittedTtlSeconds: 7 * 24 * 3_600,
  emitLeaseMs: 30_000,
  recordWaitMs: 5_000,
};

export interface PartWrite {
  taskId: string;
  part: PartReference;
  /** the part's canonical JSON: identical redeliveries compare equal. */
  value: string;
  eventId: string;
  tenantId: string;
}

export type StoreOutcome = 'stored' | 'duplicate' | 'conflict' | 'frozen';
export type JoinState = 'open' | 'claimed' | 'emitting' | 'emitted';

export interface StoreResult {
  write: PartWrite;
  outcome: StoreOutcome;
  /** claimed: this write completed the join and now holds the emission claim. */
  state: JoinState;
  recorded: boolean;
  claimedAtMs?: number;
  /**
   * the join hash, when claimed, or for a completion or task once execution.recorded is due — without this write's own field when the outcome is
   * stored or duplicate (Redis then holds exactly `write.value`, which the caller has).
   */
  hash?: Record<string, string>;
}

/** A completion whose wait for its task ran out, with the join as it stands. */
export interface DueRecording {
  taskId: string;
  hash: Record<string, string>;
}

export interface DueClaim {
  taskId: string;
  /** timeout: open join past its deadline; retry: an unconfirmed claim past its lease; expired: state gone. */
  kind: 'timeout' | 'retry' | 'expired';
  claimedAtMs: number;
  hash: Record<string, string>;
}

interface JoinCommands {
  /** per part, a status string, or [status, field, value…] when the hash comes back (see STORE_PARTS_SCRIPT). */
  telemetryJoinStoreParts(...args: Array<string | number>): Promise<Array<string | string[]>>;
  telemetryJoinClaimDue(...args: Array<string | number>): Promise<Array<string[]>>;
  telemetryJoinClaimRecordDue(...args: Array<string | number>): Promise<Array<string[]>>;
  telemetryJoinConfirm(...args: Array<string | number>): Promise<number>;
}

/** Parts per script call: bounds how long one call holds Redis. */
const PARTS_PER_CALL = 200;

/**
 * The join's partial state in Redis. Every multi-step update is one Lua script; a batch of
 * writes is one script call per 200 parts (one round trip), executed in order. Keys of many tasks
 * in one script: a single Redis (or Sentinel) deployment, not Redis Cluster.
 */
export class JoinStateRepository {
  private readonly commands: JoinCommands;

  constructor(
    private readonly redis: Redis,
    readonly options: JoinStateOptions = DEFAULT_JOIN_STATE_OPTIONS,
  ) {
    if (options.stateTtlSeconds * 1000 <= options.joinTimeoutMs) {
      throw new Error(`join state TTL (${options.stateTtlSeconds} s) must exceed the join timeout (${options.joinTimeoutMs} ms)`);
    }
    redis.defineCommand('telemetryJoinStoreParts', { numberOfKeys: 2, lua: STORE_PARTS_SCRIPT });
    redis.defineCommand('telemetryJoinClaimDue', { numberOfKeys: 1, lua: CLAIM_DUE_SCRIPT });
    redis.defineCommand('telemetryJoinClaimRecordDue', { numberOfKeys: 1, lua: CLAIM_RECORD_DUE_SCRIPT });
    redis.defineCommand('telemetryJoinConfirm', { numberOfKeys: 2, lua: CONFIRM_SCRIPT });
    this.commands = redis as unknown as JoinCommands;
  }

  hashKey(taskId: string): string {
    // braces: no task id can then collide with another task's marker or the deadlines set,
    // and one task's keys share a Redis Cluster slot
    return `${this.options.keyPrefix}{${taskId}}`;
  }

  markerKey(taskId: string): string {
    return `${this.hashKey(taskId)}:emitted`;
  }

  get deadlinesKey(): string {
    return `${this.options.keyPrefix}deadlines`;
  }

  get recordDueKey(): string {
    return `${this.options.keyPrefix}record-due`;
  }

  /** Stores a batch of parts in order, in one round trip. */
  async storeParts(writes: readonly PartWrite[], nowMs: number): Promise<StoreResult[]> {
    if (writes.length === 0) return [];
    const { joinTimeoutMs, stateTtlSeconds, emittedTtlSeconds, emitLeaseMs, recordWaitMs, keyPrefix } = this.options;
    const calls: Array<Promise<Array<string | string[]>>> = [];
    for (let from = 0; from < writes.length; from += PARTS_PER_CALL) {
      const to = Math.min(writes.length, from + PARTS_PER_CALL);
      // the script builds each task's keys from the prefix and the task id
      const args: Array<string | number> = [
        this.deadlinesKey, this.recordDueKey, nowMs, joinTimeoutMs, stateTtlSeconds, emittedTtlSeconds, emitLeaseMs, recordWaitMs, keyPrefix,
      ];
      for (let index = from; index < to; index++) {
        const write = writes[index];
        args.push(fieldOf(write.part), write.value, write.eventId, write.tenantId, write.taskId);
      }
      calls.push(this.commands.telemetryJoinStoreParts(...args));
    }
    const replies = (await Promise.all(calls)).flat(1);
    return replies.map((reply, index) => toStoreResult(writes[index], reply));
  }

  /**
   * Confirms publications in one round trip: execution.recorded published (noted while the join
   * is open) and points published (marker → emitted, state removed, only by the claim holder).
   * Returns how many point claims were still held.
   */
  async confirm(recordedTaskIds: readonly string[], emitted: ReadonlyArray<{ taskId: string; claimedAtMs: number }>, nowMs: number): Promise<number> {
    const calls: Array<Promise<number>> = [];
    // each call: ≤ 200 tasks, the recorded ones first (ARGV 4 says how many), then the points
    for (let recordedFrom = 0, emittedFrom = 0; recordedFrom < recordedTaskIds.length || emittedFrom < emitted.length;) {
      const recorded = recordedTaskIds.slice(recordedFrom, recordedFrom + PARTS_PER_CALL);
      const points = emitted.slice(emittedFrom, emittedFrom + PARTS_PER_CALL - recorded.length);
      recordedFrom += recorded.length;
      emittedFrom += points.length;
      const args: Array<string | number> = [
        this.deadlinesKey, this.recordDueKey, this.options.emittedTtlSeconds, nowMs, this.options.keyPrefix, recorded.length, ...recorded,
      ];
      for (const claim of points) args.push(claim.taskId, claim.claimedAtMs);
      calls.push(this.commands.telemetryJoinConfirm(...args));
    }
    return (await Promise.all(calls)).reduce((total, confirmed) => total + Number(confirmed), 0);
  }

  /** Claims tasks whose deadline (join timeout or emission lease) has passed. */
  async claimDue(nowMs: number, limit: number): Promise<DueClaim[]> {
    const reply = await this.commands.telemetryJoinClaimDue(
      this.deadlinesKey, nowMs, this.options.emitLeaseMs, limit, this.options.keyPrefix, this.options.emittedTtlSeconds,
    );
    return reply.map((entry) => ({
      taskId: entry[0],
      kind: entry[1] as DueClaim['kind'],
      claimedAtMs: claimTimeOf(entry[2]) ?? nowMs,
      hash: hashFromPairs(entry, 3),
    }));
  }

  /** Claims completions whose wait for their task ran out (see CLAIM_RECORD_DUE_SCRIPT). */
  async claimRecordDue(nowMs: number, limit: number): Promise<DueRecording[]> {
    const reply = await this.commands.telemetryJoinClaimRecordDue(this.recordDueKey, nowMs, this.options.emitLeaseMs, limit, this.options.keyPrefix);
    return reply.map((entry) => ({ taskId: entry[0], hash: hashFromPairs(entry, 1) }));
  }

  /** Joins not yet confirmed as emitted (open, or claimed and in flight). */
  openJoins(): Promise<number> {
    return this.redis.zcard(this.deadlinesKey);
  }
}

function toStoreResult(write: PartWrite, reply: string | string[]): StoreResult {
  const withHash = typeof reply !== 'string';
  // `<outcome> <recorded> <claimedAt> <state>`: the state last, a marker holds '|'
  const status = withHash ? reply[0] : reply;
  const afterOutcome = status.indexOf(' ');
  const afterRecorded = afterOutcome + 2;
  const afterClaimedAt = status.indexOf(' ', afterRecorded + 1);
  const state = status.slice(afterClaimedAt + 1);
  const result: StoreResult = {
    write,
    outcome: status.slice(0, afterOutcome) as StoreOutcome,
    state: state === 'open' || state === 'claimed' ? state : state.startsWith('emitted|') ? 'emitted' : 'emitting',
    recorded: status[afterOutcome + 1] === '1',
  };
  if (afterClaimedAt > afterRecorded + 1) result.claimedAtMs = Number(status.slice(afterRecorded + 1, afterClaimedAt));
  if (withHash) result.hash = hashFromPairs(reply, 1);
  return result;
}

function claimTimeOf(marker: string | undefined): number | undefined {
  if (!marker) return undefined;
  const separator = marker.indexOf('|');
  return separator < 0 ? undefined : Number(marker.slice(separator + 1));
}
