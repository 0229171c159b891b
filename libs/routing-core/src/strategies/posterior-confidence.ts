import { BetaParameters, posteriorMean, posteriorVariance } from '../statistics/arm-statistics.model';

/**
 * Confidence for the strategies that do not sample: the posterior probability that the chosen
 * agent's expected reward exceeds that of the strongest alternative (highest posterior mean),
 * by a normal approximation of the two Betas — cheap, and it moves with every reward. With no
 * alternative it is the lone agent's posterior mean (the chance it does well).
 */
export function probabilityBeatsStrongestAlternative(
  chosen: BetaParameters,
  alternatives: readonly BetaParameters[],
): number {
  if (alternatives.length === 0) return posteriorMean(chosen);
  let strongest = alternatives[0];
  for (const alternative of alternatives) if (posteriorMean(alternative) > posteriorMean(strongest)) strongest = alternative;
  const spread = Math.sqrt(posteriorVariance(chosen) + posteriorVariance(strongest));
  return standardNormalCdf((posteriorMean(chosen) - posteriorMean(strongest)) / spread);
}

/** Φ(x) via the Abramowitz–Stegun erf approximation (|error| < 1.5e-7). */
export function standardNormalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const polynomial = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - polynomial * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
