import { randomIndex } from '../random/seeded-random';
import { ArmCandidate, RoutingStrategy, StrategyContext, StrategyResult, compareIds, formatScore } from './strategy.model';

/** below this much discounted evidence an arm counts as untried. */
const UNTRIED_EVIDENCE = 1e-9;
const TIE_TOLERANCE = 1e-12;

/**
 * UCB1 on the (discounted) evidence: n = α + β − α₀ − β₀, mean = (α − α₀) / n,
 * score = mean + √(2 ln N / n) with N = Σ n. Untried arms come first, lowest id first, so that
 * choice is deterministic (propensity 1). Exact score ties are broken uniformly at random, so
 * the propensity is 1/k for k tied arms. Confidence = 1 − the width of the chosen arm's interval
 * [mean − bonus, mean + bonus] ∩ [0, 1].
 */
export class Ucb1Strategy implements RoutingStrategy {
  readonly name = 'ucb1' as const;

  select(candidates: readonly ArmCandidate[], context: StrategyContext): StrategyResult {
    const evidence = candidates.map((candidate) => candidate.posterior.effectiveSamples);
    const means = candidates.map((candidate, index) =>
      evidence[index] > UNTRIED_EVIDENCE ? Math.max(0, candidate.posterior.alpha - context.prior.alpha) / evidence[index] : 0,
    );
    const totalEvidence = evidence.reduce((sum, value) => sum + value, 0);
    const logTotal = Math.log(Math.max(1, totalEvidence));
    const bonuses = evidence.map((value) => (value > UNTRIED_EVIDENCE ? Math.sqrt((2 * logTotal) / value) : Number.POSITIVE_INFINITY));
    const scores = means.map((mean, index) => mean + bonuses[index]);

    const untried = candidates.map((_, index) => index).filter((index) => evidence[index] <= UNTRIED_EVIDENCE);
    let selectedIndex: number;
    let tiedCount = 1;
    let primaryReason: string;
    if (untried.length > 0) {
      selectedIndex = untried.sort((left, right) => compareIds(candidates[left].agentId, candidates[right].agentId))[0];
      primaryReason = `UCB1 tries untried agents first: ${candidates[selectedIndex].agentId} has no reward yet (${untried.length} untried, lowest id first)`;
    } else {
      const best = Math.max(...scores);
      const tied = scores.map((score, index) => (best - score <= TIE_TOLERANCE ? index : -1)).filter((index) => index >= 0);
      tiedCount = tied.length;
      selectedIndex = tied.length === 1 ? tied[0] : tied[randomIndex(context.random, tied.length)];
      primaryReason = `UCB1 picked ${candidates[selectedIndex].agentId}: mean ${formatScore(means[selectedIndex])} + bonus ${formatScore(bonuses[selectedIndex])} = ${formatScore(scores[selectedIndex])}, the highest upper bound${tiedCount > 1 ? ` (tied with ${tiedCount - 1} other(s), broken at random)` : ''}`;
    }

    const bestMean = Math.max(...means);
    const explored = untried.length > 0 || means[selectedIndex] < bestMean;
    const interval = Number.isFinite(bonuses[selectedIndex])
      ? Math.min(1, means[selectedIndex] + bonuses[selectedIndex]) - Math.max(0, means[selectedIndex] - bonuses[selectedIndex])
      : 1;
    const actionProbabilities = candidates.map((_, index) => {
      if (untried.length > 0) return index === selectedIndex ? 1 : 0;
      return Math.max(...scores) - scores[index] <= TIE_TOLERANCE ? 1 / tiedCount : 0;
    });
    return {
      selectedIndex,
      propensity: actionProbabilities[selectedIndex],
      confidence: Math.min(1, Math.max(0, 1 - interval)),
      explored,
      finalScores: scores.map((score) => (Number.isFinite(score) ? score : Number.MAX_VALUE)),
      selectionReasons: candidates.map((_, index) =>
        !Number.isFinite(bonuses[index])
          ? index === selectedIndex
            ? 'untried: tried first'
            : 'untried: waits its turn (id order)'
          : index === selectedIndex
            ? `highest upper bound ${formatScore(scores[index])}`
            : `upper bound ${formatScore(scores[index])} (mean ${formatScore(means[index])} over ${evidence[index].toFixed(1)} samples)`,
      ),
      primaryReason,
      secondaryFactors: [
        explored
          ? 'exploring: the chosen agent does not have the highest mean reward'
          : 'exploiting: the chosen agent also has the highest mean reward',
        `N = ${totalEvidence.toFixed(1)} effective samples over ${candidates.length} candidates`,
      ],
      actionProbabilities,
    };
  }
}
