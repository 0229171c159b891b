/**
 * reward = clamp01(w_s·success + w_q·overallScore − w_l·latencyPenalty − w_c·costPenalty)
 *
 * latencyPenalty = min(1, latencyMs / referenceLatencyMs) and costPenalty = min(1, cost /
 * referenceCost) with cost = tokens × costPer1kTokens / 1000, the references being per task type
 * (what a "slow" or "expensive" task of that type costs), so a research task is not punished
 * against a trivial edit's yardstick. Defaults: w_s = 0.5, w_q = 0.5, w_l = 0.1, w_c = 0.1: a
 * successful, fully compliant task at the reference latency and cost still earns 0.8, a failed
 * one at most 0.5 × its quality. A missing overall score counts as 1 on success and 0 on failure.
 */
export interface RewardWeights {
  success: number;
  quality: number;
  latency: number;
  cost: number;
}

export interface RewardReference {
  /** latency at which the latency penalty reaches 1. */
  latencyMs: number;
  /** cost (same currency as costPer1kTokens) at which the cost penalty reaches 1. */
  cost: number;
}

export interface RewardConfig {
  weights: RewardWeights;
  defaultReference: RewardReference;
  referencesByTaskType: Record<string, RewardReference>;
}

export interface RewardInput {
  taskType: string;
  success: boolean;
  /** the CAWS evaluation's overall score in [0, 1]. */
  overallScore?: number;
  latencyMs?: number;
  tokensUsed?: number;
  costPer1kTokens?: number;
}

export interface RewardBreakdown {
  reward: number;
  latencyPenalty: number;
  costPenalty: number;
  cost: number;
  quality: number;
}

export const DEFAULT_REWARD_CONFIG: RewardConfig = {
  weights: { success: 0.5, quality: 0.5, latency: 0.1, cost: 0.1 },
  defaultReference: { latencyMs: 120_000, cost: 0.5 },
  referencesByTaskType: {
    'code-editing': { latencyMs: 120_000, cost: 0.5 },
    research: { latencyMs: 300_000, cost: 1 },
    'data-analysis': { latencyMs: 180_000, cost: 0.75 },
    design: { latencyMs: 180_000, cost: 0.75 },
    planning: { latencyMs: 60_000, cost: 0.25 },
  },
};

export function computeReward(input: RewardInput, config: RewardConfig = DEFAULT_REWARD_CONFIG): RewardBreakdown {
  const reference = config.referencesByTaskType[input.taskType] ?? config.defaultReference;
  const quality = clamp01(input.overallScore ?? (input.success ? 1 : 0));
  const latencyPenalty = reference.latencyMs > 0 ? clamp01((input.latencyMs ?? 0) / reference.latencyMs) : 0;
  const cost = Math.max(0, ((input.tokensUsed ?? 0) * (input.costPer1kTokens ?? 0)) / 1000);
  const costPenalty = reference.cost > 0 ? clamp01(cost / reference.cost) : 0;
  const { weights } = config;
  const reward = clamp01(
    weights.success * (input.success ? 1 : 0) + weights.quality * quality - weights.latency * latencyPenalty - weights.cost * costPenalty,
  );
  return { reward, latencyPenalty, costPenalty, cost, quality };
}

/** The fields of a stored BenchmarkDataPoint the reward reads. */
export interface RewardSourceDataPoint {
  task: { type: string };
  execution: { success: boolean; latencyMs: number; tokensUsed: number } | null;
  evaluation: { overallScore: number } | null;
}

/** null when the point has no execution (nothing to reward yet). */
export function rewardInputFromDataPoint(point: RewardSourceDataPoint, costPer1kTokens?: number): RewardInput | null {
  if (!point.execution) return null;
  return {
    taskType: point.task.type,
    success: point.execution.success,
    overallScore: point.evaluation?.overallScore,
    latencyMs: point.execution.latencyMs,
    tokensUsed: point.execution.tokensUsed,
    costPer1kTokens,
  };
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
