import { BetaSampler, PreparedGamma, prepareGamma } from '../random/beta-sampler';
import { RandomSource } from '../random/seeded-random';
import { ArmCandidate, RoutingStrategy, StrategyContext, StrategyResult, formatScore } from './strategy.model';

export interface ThompsonSamplingConfig {
  /** Monte-Carlo re-samplings of all arms used to estimate the propensity. */
  propensityDraws: number;
  /**
   * How many Bernoulli trials one fractional reward is worth when sampling: θ ~ Beta(α₀ + w·(α − α₀),
   * β₀ + w·(β − β₀)). 1 is textbook Thompson sampling; a reward in [0, 1] that is not a coin flip
   * has less variance than a Bernoulli of the same mean, so w > 1 stops the sampler from exploring
   * agents the evidence has already ruled out; the discount keeps re-opening idle agents, so an
   * over-confident posterior cannot lock a wrong choice in for good. Default 5, tuned with the
   * discount factor on the simulation (README). Only segment-level posteriors are sharpened;
   * stored statistics are not scaled.
   */
  evidenceWeight: number;
}

export const DEFAULT_THOMPSON_SAMPLING_CONFIG: ThompsonSamplingConfig = { propensityDraws: 200, evidenceWeight: 5 };

/** The Beta a Thompson sampler draws from: the posterior with its evidence weighted by w. */
export function weightedPosterior(
  posterior: { alpha: number; beta: number; level?: string; idleTicks?: number },
  evidenceWeight: number,
  prior: { alpha: number; beta: number },
  discountFactor = 1,
): { alpha: number; beta: number } {
  // a backed-off posterior is an informed prior already capped at minSamples: not sharpened
  if (evidenceWeight === 1 || (posterior.level !== undefined && posterior.level !== 'segment')) return posterior;
  // the premium fades as the arm sits idle (γ per idle tick): an agent nobody has tried for a
  // while is judged on its plain record, so the discount re-opens it as fast as with w = 1
  const freshness = posterior.idleTicks ? Math.pow(discountFactor, posterior.idleTicks) : 1;
  const weight = 1 + (evidenceWeight - 1) * freshness;
  return {
    alpha: prior.alpha + Math.max(0, posterior.alpha - prior.alpha) * weight,
    beta: prior.beta + Math.max(0, posterior.beta - prior.beta) * weight,
  };
}

/**
 * One θ per arm from its Beta posterior; the highest θ wins. The propensity — the probability
 * this policy picks that arm, which for Thompson sampling is the posterior probability that the
 * arm is the best — has no closed form for many arms, so it is estimated by K joint re-samplings
 * of the arms, counting the chosen arm's wins, clamped to [1/(K+1), 1] so it is never 0.
 * Confidence is that same estimate (P(chosen arm is best | posterior)).
 */
export class ThompsonSamplingStrategy implements RoutingStrategy {
  readonly name = 'thompson-sampling' as const;

  constructor(private readonly config: ThompsonSamplingConfig = DEFAULT_THOMPSON_SAMPLING_CONFIG) {}

  select(candidates: readonly ArmCandidate[], context: StrategyContext): StrategyResult {
    const count = candidates.length;
    const sampler = new BetaSampler(context.random);
    const samplingPosteriors = candidates.map((candidate) => weightedPosterior(candidate.posterior, this.config.evidenceWeight, context.prior, context.discountFactor));
    const alphas = samplingPosteriors.map((posterior) => prepareGamma(posterior.alpha));
    const betas = samplingPosteriors.map((posterior) => prepareGamma(posterior.beta));
    const means = samplingPosteriors.map((posterior) => posterior.alpha / (posterior.alpha + posterior.beta));
    const sampled = new Array<number>(count);
    let selectedIndex = 0;
    let highestMeanIndex = 0;
    for (let index = 0; index < count; index += 1) {
      sampled[index] = sampler.betaPrepared(alphas[index], betas[index], means[index]);
      if (sampled[index] > sampled[selectedIndex]) selectedIndex = index;
      if (candidates[index].posterior.mean > candidates[highestMeanIndex].posterior.mean) highestMeanIndex = index;
    }

    const draws = count > 1 ? Math.max(1, Math.floor(this.config.propensityDraws)) : 0;
    // strongest rivals first, so a lost re-sampling is usually settled by the first arm drawn
    const rivals: number[] = [];
    for (let index = 0; index < count; index += 1) if (index !== selectedIndex) rivals.push(index);
    rivals.sort((left, right) => means[right] - means[left]);
    const wins = draws > 0 ? sampler.countWins(selectedIndex, rivals, alphas, betas, means, draws) : 0;
    const estimate = count > 1 ? wins / draws : 1;
    const propensity = count > 1 ? clampMonteCarloPropensity(wins, draws) : 1;

    const chosen = candidates[selectedIndex];
    const explored = candidates[highestMeanIndex].posterior.mean > chosen.posterior.mean;
    const leader = candidates[highestMeanIndex];
    const primaryReason = explored
      ? `Thompson sampling explored: ${chosen.agentId} drew θ=${formatScore(sampled[selectedIndex])}, the highest sample, although its posterior mean ${formatScore(chosen.posterior.mean)} is below ${leader.agentId}'s ${formatScore(leader.posterior.mean)}`
      : `Thompson sampling exploited: ${chosen.agentId} drew θ=${formatScore(sampled[selectedIndex])}, the highest sample, and has the highest posterior mean ${formatScore(chosen.posterior.mean)}`;
    const secondaryFactors = [
      count > 1
        ? `P(${chosen.agentId} is best) ≈ ${formatScore(estimate)} from ${draws} posterior draws`
        : 'only one eligible candidate',
      `posterior Beta(${formatScore(chosen.posterior.alpha)}, ${formatScore(chosen.posterior.beta)}) from the ${chosen.posterior.level} level (${chosen.posterior.effectiveSamples.toFixed(1)} effective samples)${this.config.evidenceWeight === 1 ? '' : `, sampled with evidence weight ${this.config.evidenceWeight}`}`,
    ];
    return {
      selectedIndex,
      propensity,
      // no draws for a lone candidate: its propensity is exactly 1
      ...(draws > 0 ? { propensityDraws: draws } : {}),
      confidence: propensity,
      explored,
      finalScores: sampled,
      selectionReasons: candidates.map((candidate, index) =>
        index === selectedIndex
          ? `highest posterior sample θ=${formatScore(sampled[index])}`
          : `sample θ=${formatScore(sampled[index])} below ${formatScore(sampled[selectedIndex])}`,
      ),
      primaryReason,
      secondaryFactors,
    };
  }
}

/**
 * Monte-Carlo estimate of every arm's probability of being chosen by Thompson sampling (= of
 * being the best under the posterior): re-sample all arms `draws` times and count wins.
 */
export function thompsonWinProbabilities(
  posteriors: ReadonlyArray<{ alpha: number; beta: number }>,
  draws: number,
  random: RandomSource,
): number[] {
  const wins = new Array<number>(posteriors.length).fill(0);
  if (posteriors.length === 1) return [1];
  const sampler = new BetaSampler(random);
  const alphas: PreparedGamma[] = posteriors.map((posterior) => prepareGamma(posterior.alpha));
  const betas: PreparedGamma[] = posteriors.map((posterior) => prepareGamma(posterior.beta));
  const means = posteriors.map((posterior) => posterior.alpha / (posterior.alpha + posterior.beta));
  const redraw = new Float64Array(posteriors.length);
  for (let draw = 0; draw < draws; draw += 1) {
    sampler.fillBetas(alphas, betas, means, redraw);
    let winner = 0;
    for (let index = 1; index < posteriors.length; index += 1) if (redraw[index] > redraw[winner]) winner = index;
    wins[winner] += 1;
  }
  return wins.map((count) => count / draws);
}

/** wins/draws clamped to [1/(draws+1), 1]: the chosen arm did win once (the real draw), so never 0. */
export function clampMonteCarloPropensity(wins: number, draws: number): number {
  return Math.min(1, Math.max(1 / (draws + 1), wins / draws));
}
