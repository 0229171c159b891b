import { probabilityBeatsStrongestAlternative } from './posterior-confidence';
import { ArmCandidate, RoutingStrategy, StrategyContext, StrategyResult, compareIds, formatScore } from './strategy.model';

/**
 * No learning: the best capability fit, then the lowest load, then the lowest id — a total order,
 * so the choice is deterministic and the propensity 1. Also the fallback when statistics are
 * unavailable (the router marks it). Confidence comes from whatever posterior is at hand.
 */
export class CapabilityMatchStrategy implements RoutingStrategy {
  readonly name = 'capability-match' as const;

  select(candidates: readonly ArmCandidate[], _context: StrategyContext): StrategyResult {
    const order = candidates
      .map((_, index) => index)
      .sort(
        (left, right) =>
          candidates[right].capabilityScore - candidates[left].capabilityScore ||
          candidates[left].utilisation - candidates[right].utilisation ||
          compareIds(candidates[left].agentId, candidates[right].agentId),
      );
    const selectedIndex = order[0];
    const chosen = candidates[selectedIndex];
    return {
      selectedIndex,
      propensity: 1,
      confidence: probabilityBeatsStrongestAlternative(
        chosen.posterior,
        candidates.filter((_, index) => index !== selectedIndex).map((candidate) => candidate.posterior),
      ),
      explored: false,
      finalScores: candidates.map((candidate) => candidate.capabilityScore),
      selectionReasons: candidates.map((candidate, index) =>
        index === selectedIndex
          ? `best capability fit ${formatScore(candidate.capabilityScore)}`
          : `capability ${formatScore(candidate.capabilityScore)}, load ${formatScore(candidate.utilisation)}: ranked ${order.indexOf(index) + 1}`,
      ),
      primaryReason: `capability match picked ${chosen.agentId}: best capability fit ${formatScore(chosen.capabilityScore)}, ties broken by lower load then id`,
      secondaryFactors: [`load ${Math.round(chosen.utilisation * 100)}%`],
      actionProbabilities: candidates.map((_, index) => (index === selectedIndex ? 1 : 0)),
    };
  }
}
