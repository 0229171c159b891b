import type { Redis } from 'ioredis';
import {
  ArmStats,
  BetaParameters,
  DiscountClock,
  UNIFORM_PRIOR,
  armLevels,
  armStatsKey,
  clockFieldFor,
  discountArmStats,
} from '../statistics/arm-statistics.model';
import { ROUTING_REDIS_COMMANDS } from './routing-lua.scripts';

export interface RoutingRedisStoreOptions {
  /** key prefix; default `routing:`. Tests use a unique prefix per run. */
  prefix?: string;
  discountFactor: number;
  discountClock?: DiscountClock;
  prior?: BetaParameters;
  /** how long the per-task reward guard lives; default 7 days (longer than ingress retention). */
  appliedTtlSeconds?: number;
  /** how long a completion tombstone lives; default 1 day. */
  completionTombstoneTtlSeconds?: number;
}

type ScriptedRedis = Redis & {
  routingApplyReward(...args: Array<string | number>): Promise<number>;
  routingIncrementInFlight(...args: Array<string | number>): Promise<number>;
  routingDecrementInFlight(...args: Array<string | number>): Promise<[number, number]>;
  routingWarmStart(...args: Array<string | number>): Promise<number>;
};

/**
 * Routing's Redis state behind one small API. The service wraps it in its repository; it owns
 * the `routing:*` keys. Reads are one pipelined round trip; writes are Lua scripts.
 */
export class RoutingRedisStore {
  private readonly redis: ScriptedRedis;
  private readonly prefix: string;
  private readonly prior: BetaParameters;
  private readonly discountClock: DiscountClock;

  constructor(redis: Redis, private readonly options: RoutingRedisStoreOptions) {
    for (const [name, definition] of Object.entries(ROUTING_REDIS_COMMANDS)) {
      if (!(name in redis)) redis.defineCommand(name, definition);
    }
    this.redis = redis as ScriptedRedis;
    this.prefix = options.prefix ?? 'routing:';
    this.prior = options.prior ?? UNIFORM_PRIOR;
    this.discountClock = options.discountClock ?? 'level';
  }

  armKey(agentId: string, taskType?: string, complexity?: string): string {
    return `${this.prefix}arm:${armStatsKey(agentId, taskType, complexity)}`;
  }

  /** Applies a task's reward to its three levels once; false when that task was already applied. */
  async applyReward(taskId: string, agentId: string, taskType: string, complexity: string, reward: number): Promise<boolean> {
    const levels = armLevels(agentId, taskType, complexity, this.discountClock);
    const applied = await this.redis.routingApplyReward(
      `${this.prefix}applied:${taskId}`,
      `${this.prefix}clocks`,
      ...levels.map((level) => `${this.prefix}arm:${level.key}`),
      this.options.appliedTtlSeconds ?? 7 * 24 * 3600,
      reward,
      this.options.discountFactor,
      this.prior.alpha,
      this.prior.beta,
      ...levels.map((level) => level.clockField),
    );
    return applied === 1;
  }

  /**
   * All three levels for every agent of one (task type, complexity) in one round trip, each
   * discounted to its clock's current value. Keys are armStatsKey(...) without the prefix, so the
   * result feeds resolveArmStats / decideRoute directly.
   */
  async readArmStats(agentIds: readonly string[], taskType: string, complexity: string): Promise<Map<string, ArmStats>> {
    const keys = agentIds.flatMap((agentId) => armLevels(agentId, taskType, complexity, this.discountClock).map((level) => level.key));
    const pipeline = this.redis.pipeline();
    pipeline.hgetall(`${this.prefix}clocks`);
    for (const key of keys) pipeline.hmget(`${this.prefix}arm:${key}`, 'alpha', 'beta', 'count', 'rewardSum', 'tick', 'clock');
    const results = (await pipeline.exec()) ?? [];
    const failure = results.find(([error]) => error);
    if (failure) throw failure[0];
    const clocks = (results[0][1] ?? {}) as Record<string, string>;
    const snapshot = new Map<string, ArmStats>();
    keys.forEach((key, index) => {
      const [alpha, beta, count, rewardSum, tick, clock] = results[index + 1][1] as Array<string | null>;
      if (alpha === null || beta === null) return;
      snapshot.set(
        key,
        discountArmStats(
          { alpha: Number(alpha), beta: Number(beta), count: Number(count ?? 0), rewardSum: Number(rewardSum ?? 0), tick: Number(tick ?? 0) },
          Number(clocks[clock ?? ''] ?? 0),
          this.options.discountFactor,
          this.prior,
        ),
      );
    });
    return snapshot;
  }

  /**
   * Rewards applied so far in a segment (the segment clock with the default 'level' clock; 0 with
   * the other clocks). A stand-in for ε-greedy's t when the service does not count decisions.
   */
  async readSegmentClock(taskType: string, complexity: string): Promise<number> {
    return Number((await this.redis.hget(`${this.prefix}clocks`, `segment:${taskType}:${complexity}`)) ?? 0);
  }

  /** Counts the task against the agent until it completes or `expiresAtMs` passes. Returns the live count. */
  async incrementInFlight(agentId: string, taskId: string, expiresAtMs: number, nowMs = Date.now()): Promise<number> {
    return this.redis.routingIncrementInFlight(
      `${this.prefix}inflight:${agentId}`,
      `${this.prefix}inflight-done:${taskId}`,
      taskId,
      expiresAtMs,
      nowMs,
    );
  }

  async decrementInFlight(agentId: string, taskId: string, nowMs = Date.now()): Promise<{ removed: boolean; inFlight: number }> {
    const [removed, inFlight] = await this.redis.routingDecrementInFlight(
      `${this.prefix}inflight:${agentId}`,
      `${this.prefix}inflight-done:${taskId}`,
      taskId,
      this.options.completionTombstoneTtlSeconds ?? 24 * 3600,
      nowMs,
    );
    return { removed: removed === 1, inFlight };
  }

  /** Live in-flight counts for many agents in one round trip. */
  async readInFlight(agentIds: readonly string[], nowMs = Date.now()): Promise<Map<string, number>> {
    const pipeline = this.redis.pipeline();
    for (const agentId of agentIds) pipeline.zcount(`${this.prefix}inflight:${agentId}`, `(${nowMs}`, '+inf');
    const results = (await pipeline.exec()) ?? [];
    const counts = new Map<string, number>();
    agentIds.forEach((agentId, index) => {
      const [error, value] = results[index];
      if (error) throw error;
      counts.set(agentId, Number(value));
    });
    return counts;
  }

  /**
   * Copies the parent's arms for the given segments (and its task-type and agent-wide arms) to
   * the child, evidence × retainedFraction; arms the child already has are left alone.
   */
  async warmStart(
    childAgentId: string,
    parentAgentId: string,
    segments: ReadonlyArray<{ taskType: string; complexity: string }>,
    retainedFraction: number,
  ): Promise<number> {
    const pairs = new Map<string, { parentKey: string; childClock: string }>();
    for (const { taskType, complexity } of segments) {
      for (const [taskTypePart, complexityPart] of [[taskType, complexity], [taskType, undefined], [undefined, undefined]] as const) {
        pairs.set(armStatsKey(childAgentId, taskTypePart, complexityPart), {
          parentKey: armStatsKey(parentAgentId, taskTypePart, complexityPart),
          childClock: clockFieldFor(this.discountClock, childAgentId, taskTypePart, complexityPart),
        });
      }
    }
    const pipeline = this.redis.pipeline() as ReturnType<Redis['pipeline']> & {
      routingWarmStart(...args: Array<string | number>): unknown;
    };
    for (const [childKey, { parentKey, childClock }] of pairs) {
      pipeline.routingWarmStart(
        `${this.prefix}arm:${parentKey}`,
        `${this.prefix}arm:${childKey}`,
        `${this.prefix}clocks`,
        retainedFraction,
        this.options.discountFactor,
        this.prior.alpha,
        this.prior.beta,
        childClock,
      );
    }
    const results = (await pipeline.exec()) ?? [];
    return results.filter(([error, value]) => !error && value === 1).length;
  }
}
