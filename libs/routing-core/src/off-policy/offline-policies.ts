import { RandomSource, createSeededRandom } from '../random/seeded-random';
import { RoutingConfig, strategyConfigFor } from '../routing/routing-config.model';
import { createStrategyByName } from '../routing/router';
import { resolveArmStats } from '../statistics/arm-statistics.resolver';
import { InMemoryArmStatisticsStore } from '../statistics/in-memory-arm-statistics.store';
import { ArmCandidate, BanditStrategyName } from '../strategies/strategy.model';
import { thompsonWinProbabilities, weightedPosterior } from '../strategies/thompson-sampling.strategy';
import { LoggedDecision, OfflinePolicy } from './off-policy-evaluation';

export interface OfflinePolicyOptions {
  seed?: number | string;
  /** Monte-Carlo draws for Thompson sampling's action probability (default 2,000). */
  thompsonDraws?: number;
}

/**
 * A routing strategy + config as a candidate policy for off-policy evaluation. Its statistics
 * start empty and learn from every logged outcome in log order (discount, back-off and prior as
 * configured). Action probabilities: exact for UCB1, ε-greedy, capability-match and
 * load-balance (an indicator, or 1/#tied, or the ε-greedy mixture); Monte-Carlo for Thompson
 * sampling. Capability and load come from the logged candidates.
 */
export function createOfflinePolicy(strategy: BanditStrategyName, config: RoutingConfig, options: OfflinePolicyOptions = {}): OfflinePolicy {
  const store = new InMemoryArmStatisticsStore({
    discountFactor: config.discountFactor,
    discountClock: config.discountClock,
    prior: config.prior,
  });
  const random: RandomSource = createSeededRandom(options.seed ?? `offline-${strategy}`);
  const decisionsInSegment = new Map<string, number>();
  const thompsonDraws = options.thompsonDraws ?? 2000;

  return {
    name: strategy,
    probabilityOfLoggedAction(entry: LoggedDecision): number {
      const { type, complexity } = entry.context;
      const arms: ArmCandidate[] = entry.candidates.map((candidate) => ({
        agentId: candidate.agentId,
        capabilityScore: candidate.capabilityScore,
        loadScore: candidate.loadScore,
        utilisation: 1 - candidate.loadScore,
        posterior: resolveArmStats(store, candidate.agentId, type, complexity, {
          minSamples: config.minSegmentSamples,
          prior: config.prior,
        }),
      }));
      const loggedIndex = arms.findIndex((arm) => arm.agentId === entry.chosenAgentId);
      if (strategy === 'thompson-sampling') {
        const { evidenceWeight } = strategyConfigFor(config, type).thompsonSampling;
        const posteriors = arms.map((arm) => weightedPosterior(arm.posterior, evidenceWeight, config.prior, config.discountFactor));
        return thompsonWinProbabilities(posteriors, thompsonDraws, random)[loggedIndex];
      }
      const segment = `${type}:${complexity}`;
      const result = createStrategyByName(strategy, { ...strategyConfigFor(config, type), strategy }).select(arms, {
        random,
        prior: config.prior,
        decisionsInSegment: decisionsInSegment.get(segment) ?? 0,
      });
      return (result.actionProbabilities as number[])[loggedIndex];
    },
    observe(entry: LoggedDecision): void {
      const { type, complexity } = entry.context;
      const segment = `${type}:${complexity}`;
      decisionsInSegment.set(segment, (decisionsInSegment.get(segment) ?? 0) + 1);
      store.applyReward(entry.chosenAgentId, type, complexity, entry.reward);
    },
  };
}

/** A fixed (non-learning) policy from a function giving each candidate's probability. */
export function createStaticPolicy(
  name: string,
  probabilities: (entry: LoggedDecision) => ReadonlyMap<string, number> | Record<string, number>,
): OfflinePolicy {
  return {
    name,
    probabilityOfLoggedAction(entry: LoggedDecision): number {
      const distribution = probabilities(entry);
      const value = distribution instanceof Map ? distribution.get(entry.chosenAgentId) : (distribution as Record<string, number>)[entry.chosenAgentId];
      return value ?? 0;
    },
  };
}
