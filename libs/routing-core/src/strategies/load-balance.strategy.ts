import { randomIndex } from '../random/seeded-random';
import { probabilityBeatsStrongestAlternative } from './posterior-confidence';
import { ArmCandidate, RoutingStrategy, StrategyContext, StrategyResult, formatScore } from './strategy.model';

const TIE_TOLERANCE = 1e-12;

/**
 * The least utilised agent; equally utilised agents (e.g. all idle) are drawn uniformly so idle
 * capacity is spread, which makes the propensity 1/#tied.
 */
export class LoadBalanceStrategy implements RoutingStrategy {
  readonly name = 'load-balance' as const;

  select(candidates: readonly ArmCandidate[], context: StrategyContext): StrategyResult {
    const lowest = Math.min(...candidates.map((candidate) => candidate.utilisation));
    const tied = candidates
      .map((candidate, index) => (candidate.utilisation - lowest <= TIE_TOLERANCE ? index : -1))
      .filter((index) => index >= 0);
    const selectedIndex = tied.length === 1 ? tied[0] : tied[randomIndex(context.random, tied.length)];
    const chosen = candidates[selectedIndex];
    return {
      selectedIndex,
      propensity: 1 / tied.length,
      confidence: probabilityBeatsStrongestAlternative(
        chosen.posterior,
        candidates.filter((_, index) => index !== selectedIndex).map((candidate) => candidate.posterior),
      ),
      explored: false,
      finalScores: candidates.map((candidate) => candidate.loadScore),
      selectionReasons: candidates.map((candidate, index) =>
        index === selectedIndex
          ? `lowest utilisation ${formatScore(candidate.utilisation)}`
          : tied.includes(index)
            ? 'equally low utilisation, not drawn'
            : `utilisation ${formatScore(candidate.utilisation)} above ${formatScore(lowest)}`,
      ),
      primaryReason: `load balance picked ${chosen.agentId}: lowest utilisation ${Math.round(chosen.utilisation * 100)}%${tied.length > 1 ? `, drawn among ${tied.length} equally loaded agents` : ''}`,
      secondaryFactors: [],
      actionProbabilities: candidates.map((_, index) => (tied.includes(index) ? 1 / tied.length : 0)),
    };
  }
}
