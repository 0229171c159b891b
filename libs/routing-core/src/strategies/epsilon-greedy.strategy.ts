import { probabilityBeatsStrongestAlternative } from './posterior-confidence';
import { ArmCandidate, RoutingStrategy, StrategyContext, StrategyResult, formatScore } from './strategy.model';

export interface EpsilonGreedyConfig {
  initialEpsilon: number;
  decay: number;
  floor: number;
}

/** The seeds' defaults. */
export const DEFAULT_EPSILON_GREEDY_CONFIG: EpsilonGreedyConfig = { initialEpsilon: 0.1, decay: 0.995, floor: 0.01 };

const TIE_TOLERANCE = 1e-12;

/** ε_t = max(floor, ε₀ · decay^t), t = decisions already made in the segment. */
export function epsilonAt(config: EpsilonGreedyConfig, decisionsInSegment: number): number {
  return Math.max(config.floor, config.initialEpsilon * Math.pow(config.decay, Math.max(0, decisionsInSegment)));
}

/**
 * ONE uniform draw u decides everything, and the rationale reports that same u: u < ε explores
 * and picks candidate ⌊(u/ε)·k⌋ (uniform given u < ε); otherwise it exploits the highest posterior
 * mean, ties split by ⌊((u − ε)/(1 − ε))·g⌋. Propensity = (1 − ε)·[greedy]/g + ε/k, exact.
 */
export class EpsilonGreedyStrategy implements RoutingStrategy {
  readonly name = 'epsilon-greedy' as const;

  constructor(private readonly config: EpsilonGreedyConfig = DEFAULT_EPSILON_GREEDY_CONFIG) {}

  select(candidates: readonly ArmCandidate[], context: StrategyContext): StrategyResult {
    const count = candidates.length;
    const epsilon = epsilonAt(this.config, context.decisionsInSegment);
    const means = candidates.map((candidate) => candidate.posterior.mean);
    const bestMean = Math.max(...means);
    const greedy = means.map((mean, index) => (bestMean - mean <= TIE_TOLERANCE ? index : -1)).filter((index) => index >= 0);
    const draw = context.random.next();
    const explored = draw < epsilon;
    const selectedIndex = explored
      ? Math.min(count - 1, Math.floor((draw / epsilon) * count))
      : greedy[Math.min(greedy.length - 1, Math.floor(((draw - epsilon) / (1 - epsilon)) * greedy.length))];
    const actionProbabilities = candidates.map(
      (_, index) => (greedy.includes(index) ? (1 - epsilon) / greedy.length : 0) + epsilon / count,
    );
    const chosen = candidates[selectedIndex];
    const primaryReason = explored
      ? `ε-greedy explored: draw u=${draw.toFixed(4)} < ε=${epsilon.toFixed(4)}, so ${chosen.agentId} was picked uniformly among ${count} candidates${greedy.includes(selectedIndex) ? ' (it happens to be the greedy choice too)' : ''}`
      : `ε-greedy exploited: draw u=${draw.toFixed(4)} ≥ ε=${epsilon.toFixed(4)}, so ${chosen.agentId} was picked for the highest posterior mean ${formatScore(chosen.posterior.mean)}`;
    return {
      selectedIndex,
      propensity: actionProbabilities[selectedIndex],
      confidence: probabilityBeatsStrongestAlternative(
        chosen.posterior,
        candidates.filter((_, index) => index !== selectedIndex).map((candidate) => candidate.posterior),
      ),
      explored,
      finalScores: means,
      selectionReasons: candidates.map((_, index) =>
        index === selectedIndex
          ? explored
            ? 'picked by the exploration draw'
            : 'highest posterior mean'
          : greedy.includes(index)
            ? 'tied for the highest posterior mean, not drawn'
            : `posterior mean ${formatScore(means[index])} below the best ${formatScore(bestMean)}`,
      ),
      primaryReason,
      secondaryFactors: [`ε decayed to ${epsilon.toFixed(4)} after ${context.decisionsInSegment} decisions in this segment`],
      actionProbabilities,
    };
  }
}
