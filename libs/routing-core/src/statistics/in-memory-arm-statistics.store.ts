import {
  ArmStats,
  ArmStatsSnapshot,
  BetaParameters,
  DiscountClock,
  StoredArmStats,
  UNIFORM_PRIOR,
  applyRewardToArm,
  armLevels,
  discountArmStats,
  warmStartFromParent,
  armStatsKey,
} from './arm-statistics.model';

export interface ArmStatisticsStoreOptions {
  /** γ per tick of a level clock; 1 = no forgetting. */
  discountFactor: number;
  discountClock?: DiscountClock;
  prior?: BetaParameters;
}

/**
 * The same arithmetic as the Redis scripts, in process: for the simulation harness, the bench,
 * off-policy replay and tests. Idempotent per task id like the Redis applyReward.
 */
export class InMemoryArmStatisticsStore implements ArmStatsSnapshot {
  private readonly arms = new Map<string, { stored: StoredArmStats; clockField: string }>();
  private readonly clocks = new Map<string, number>();
  private readonly appliedTasks = new Set<string>();
  private readonly prior: BetaParameters;

  constructor(private readonly options: ArmStatisticsStoreOptions) {
    this.prior = options.prior ?? UNIFORM_PRIOR;
  }

  get(key: string): ArmStats | undefined {
    const entry = this.arms.get(key);
    if (!entry) return undefined;
    return discountArmStats(entry.stored, this.clocks.get(entry.clockField) ?? 0, this.options.discountFactor, this.prior);
  }

  /** false when the task had already been applied (nothing changes). */
  applyReward(agentId: string, taskType: string, complexity: string, reward: number, taskId?: string): boolean {
    if (taskId !== undefined) {
      if (this.appliedTasks.has(taskId)) return false;
      this.appliedTasks.add(taskId);
    }
    const boundedReward = Math.min(1, Math.max(0, reward));
    const ticked = new Map<string, number>();
    for (const { key, clockField } of armLevels(agentId, taskType, complexity, this.options.discountClock ?? 'level')) {
      // one reward is one tick of each clock it touches, even when levels share a clock
      let tick = ticked.get(clockField);
      if (tick === undefined) {
        tick = (this.clocks.get(clockField) ?? 0) + 1;
        this.clocks.set(clockField, tick);
        ticked.set(clockField, tick);
      }
      const stored = applyRewardToArm(this.arms.get(key)?.stored, tick, boundedReward, this.options.discountFactor, this.prior);
      this.arms.set(key, { stored, clockField });
    }
    return true;
  }

  /** Copies a parent version's posteriors (every level it has) to a child, shrunk towards the prior. */
  warmStart(childAgentId: string, parentAgentId: string, retainedFraction: number): number {
    let copied = 0;
    const parentPrefix = armStatsKey(parentAgentId);
    for (const [key, entry] of [...this.arms.entries()]) {
      if (key !== parentPrefix && !key.startsWith(`${parentPrefix}:`)) continue;
      const childKey = childAgentId + key.slice(parentPrefix.length);
      if (this.arms.has(childKey)) continue;
      const current = this.get(key) as ArmStats;
      const started = warmStartFromParent(current, retainedFraction, this.prior);
      // per-arm clocks are the child's own; a shared segment clock stays shared
      const clockField = entry.clockField.startsWith('arm:') ? `arm:${childKey}` : entry.clockField;
      this.arms.set(childKey, {
        stored: { ...started, count: 0, rewardSum: 0, tick: this.clocks.get(clockField) ?? 0 },
        clockField,
      });
      copied += 1;
    }
    return copied;
  }

  clock(clockField: string): number {
    return this.clocks.get(clockField) ?? 0;
  }
}
