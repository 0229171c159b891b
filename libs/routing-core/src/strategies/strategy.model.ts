import { RandomSource } from '../random/seeded-random';
import { BetaParameters } from '../statistics/arm-statistics.model';
import { ResolvedArmStats } from '../statistics/arm-statistics.resolver';

export type BanditStrategyName = 'thompson-sampling' | 'ucb1' | 'epsilon-greedy' | 'capability-match' | 'load-balance';

/** One eligible agent as a strategy sees it. */
export interface ArmCandidate {
  agentId: string;
  capabilityScore: number;
  /** 1 − utilisation. */
  loadScore: number;
  utilisation: number;
  posterior: ResolvedArmStats;
}

export interface StrategyContext {
  random: RandomSource;
  prior: BetaParameters;
  /** decisions already made in this segment (drives ε-greedy's decay). */
  decisionsInSegment: number;
  /** γ of the statistics, when a strategy needs to age evidence (default 1). */
  discountFactor?: number;
}

export interface StrategyResult {
  selectedIndex: number;
  /** probability the strategy had of choosing the selected candidate, in (0, 1]. */
  propensity: number;
  /** Monte-Carlo draws behind the propensity, when it is an estimate. */
  propensityDraws?: number;
  confidence: number;
  explored: boolean;
  /** per candidate, in input order: the strategy's own score (sampled θ, UCB value, …). */
  finalScores: number[];
  selectionReasons: string[];
  primaryReason: string;
  secondaryFactors: string[];
  /** every candidate's exact probability, when the strategy knows it (sums to 1). */
  actionProbabilities?: number[];
}

export interface RoutingStrategy {
  readonly name: BanditStrategyName;
  select(candidates: readonly ArmCandidate[], context: StrategyContext): StrategyResult;
}

export function formatScore(value: number): string {
  return value.toFixed(3);
}

/** Deterministic order for ties: lower id first. */
export function compareIds(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
