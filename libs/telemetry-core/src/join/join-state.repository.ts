import type { ChainableCommander, Redis } from 'ioredis';
import { eventIdFieldOf, fieldOf, hashFromPairs, PartReference } from './join-parts';
import { CLAIM_DUE_SCRIPT, MARK_EMITTED_SCRIPT, MARK_RECORDED_SCRIPT, STORE_PART_SCRIPT } from './join-state.scripts';

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
}

export const DEFAULT_JOIN_STATE_OPTIONS: JoinStateOptions = {
  keyPrefix: 'join:',
  joinTimeoutMs: 300_000,
  stateTtlSeconds: 3_600,
  emittedTtlSeconds: 7 * 24 * 3_600,
  emitLeaseMs: 30_000,
};

export interface PartWrite {
  taskId: string;
  part: PartReference;
  /** the part's canonical JSON: identical redeliveries compare equal. */
  value: string;
  eventId: string;
  tenantId: string;
  /** return the whole hash when the execution is not recorded yet (for completions). */
  wantStateUnlessRecorded?: boolean;
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
  /** the join hash, when claimed or asked for. */
  hash?: Record<string, string>;
}

export interface DueClaim {
  taskId: string;
  /** timeout: open join past its deadline; retry: an unconfirmed claim past its lease; expired: state gone. */
  kind: 'timeout' | 'retry' | 'expired';
  claimedAtMs: number;
  hash: Record<string, string>;
}

interface JoinCommands {
  telemetryJoinStorePart(...args: Array<string | number>): Promise<string[]>;
  telemetryJoinClaimDue(...args: Array<string | number>): Promise<Array<string[]>>;
  telemetryJoinMarkEmitted(...args: Array<string | number>): Promise<number>;
  telemetryJoinMarkRecorded(...args: Array<string | number>): Promise<number>;
}

/**
 * The join's partial state in Redis. Every multi-step update is one Lua script; a batch of
 * writes goes out as one pipeline (one round trip), executed in order.
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
    redis.defineCommand('telemetryJoinStorePart', { numberOfKeys: 3, lua: STORE_PART_SCRIPT });
    redis.defineCommand('telemetryJoinClaimDue', { numberOfKeys: 1, lua: CLAIM_DUE_SCRIPT });
    redis.defineCommand('telemetryJoinMarkEmitted', { numberOfKeys: 3, lua: MARK_EMITTED_SCRIPT });
    redis.defineCommand('telemetryJoinMarkRecorded', { numberOfKeys: 1, lua: MARK_RECORDED_SCRIPT });
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

  /** Stores a batch of parts in order, in one round trip. */
  async storeParts(writes: readonly PartWrite[], nowMs: number): Promise<StoreResult[]> {
    if (writes.length === 0) return [];
    const pipeline = this.redis.pipeline() as unknown as ChainableCommander & JoinCommandsChain;
    for (const write of writes) {
      pipeline.telemetryJoinStorePart(
        this.hashKey(write.taskId), this.markerKey(write.taskId), this.deadlinesKey,
        fieldOf(write.part), write.value, eventIdFieldOf(write.part), write.eventId, write.tenantId, nowMs,
        this.options.joinTimeoutMs, this.options.stateTtlSeconds, write.taskId, this.options.emittedTtlSeconds,
        this.options.emitLeaseMs, write.wantStateUnlessRecorded ? '1' : '0',
      );
    }
    const replies = await execPipeline<string[]>(pipeline);
    return replies.map((reply, index) => toStoreResult(writes[index], reply));
  }

  /** Marks execution.recorded as published for tasks whose join is still open. */
  async markRecorded(taskIds: readonly string[], nowMs: number): Promise<void> {
    if (taskIds.length === 0) return;
    const pipeline = this.redis.pipeline() as unknown as ChainableCommander & JoinCommandsChain;
    for (const taskId of taskIds) pipeline.telemetryJoinMarkRecorded(this.hashKey(taskId), nowMs);
    await execPipeline(pipeline);
  }

  /** Confirms published points; returns how many claims were still held. */
  async markEmitted(claims: ReadonlyArray<{ taskId: string; claimedAtMs: number }>): Promise<number> {
    if (claims.length === 0) return 0;
    const pipeline = this.redis.pipeline() as unknown as ChainableCommander & JoinCommandsChain;
    for (const claim of claims) {
      pipeline.telemetryJoinMarkEmitted(
        this.hashKey(claim.taskId), this.markerKey(claim.taskId), this.deadlinesKey,
        claim.taskId, claim.claimedAtMs, this.options.emittedTtlSeconds,
      );
    }
    const replies = await execPipeline<number>(pipeline);
    return replies.reduce((total, reply) => total + Number(reply), 0);
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

  /** Joins not yet confirmed as emitted (open, or claimed and in flight). */
  openJoins(): Promise<number> {
    return this.redis.zcard(this.deadlinesKey);
  }
}

interface JoinCommandsChain {
  telemetryJoinStorePart(...args: Array<string | number>): JoinCommandsChain;
  telemetryJoinMarkEmitted(...args: Array<string | number>): JoinCommandsChain;
  telemetryJoinMarkRecorded(...args: Array<string | number>): JoinCommandsChain;
}

async function execPipeline<T>(pipeline: ChainableCommander): Promise<T[]> {
  const results = (await pipeline.exec()) ?? [];
  return results.map(([error, value]) => {
    if (error) throw error;
    return value as T;
  });
}

function toStoreResult(write: PartWrite, reply: string[]): StoreResult {
  const [outcome, state, recorded, claimedAt] = reply;
  const result: StoreResult = {
    write,
    outcome: outcome as StoreOutcome,
    state: state === 'open' || state === 'claimed' ? state : state.startsWith('emitted|') ? 'emitted' : 'emitting',
    recorded: recorded === '1',
  };
  if (claimedAt) result.claimedAtMs = Number(claimedAt);
  if (reply.length > 4) result.hash = hashFromPairs(reply, 4);
  return result;
}

function claimTimeOf(marker: string | undefined): number | undefined {
  if (!marker) return undefined;
  const separator = marker.indexOf('|');
  return separator < 0 ? undefined : Number(marker.slice(separator + 1));
}
