import type { Trend } from '@benchpool/contracts';
import { normalCdf, studentTTwoSidedPValue } from './distributions';

/**
 * The tests behind agent feedback trends, computed from the sums the cold tier keeps:
 * success rate — two-proportion z-test; quality and latency — Welch's t-test from count, sum and
 * sum of squares. Two-sided, alpha 0.05 by default. Fewer than `minimumSamples` observations in
 * either window is not evidence of anything: the trend is 'stable'.
 */
export const TREND_TEST_DESCRIPTION = 'two-proportion z-test (success), Welch t-test (quality, latency), alpha 0.05';
export const DEFAULT_ALPHA = 0.05;
export const DEFAULT_MINIMUM_SAMPLES = 5;

export interface ProportionSample {
  successes: number;
  trials: number;
}

export interface MeanSample {
  count: number;
  sum: number;
  sumOfSquares: number;
}

export interface TestResult {
  statistic: number;
  pValue: number;
  /** after − before (proportion or mean). */
  difference: number;
  before: number;
  after: number;
}

export function twoProportionZTest(before: ProportionSample, after: ProportionSample): TestResult | null {
  if (before.trials <= 0 || after.trials <= 0) return null;
  const p1 = before.successes / before.trials;
  const p2 = after.successes / after.trials;
  const pooled = (before.successes + after.successes) / (before.trials + after.trials);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / before.trials + 1 / after.trials));
  const difference = p2 - p1;
  if (standardError === 0) return { statistic: 0, pValue: 1, difference, before: p1, after: p2 };
  const z = difference / standardError;
  return { statistic: z, pValue: 2 * (1 - normalCdf(Math.abs(z))), difference, before: p1, after: p2 };
}

export function meanAndVariance(sample: MeanSample): { mean: number; variance: number } {
  const mean = sample.count > 0 ? sample.sum / sample.count : Number.NaN;
  // sample variance from sums; clamp the tiny negatives floating point produces for constant samples
  const variance = sample.count > 1 ? Math.max(0, (sample.sumOfSquares - (sample.sum * sample.sum) / sample.count) / (sample.count - 1)) : 0;
  return { mean, variance };
}

export function welchTTest(before: MeanSample, after: MeanSample): TestResult | null {
  if (before.count < 2 || after.count < 2) return null;
  const a = meanAndVariance(before);
  const b = meanAndVariance(after);
  const difference = b.mean - a.mean;
  const termA = a.variance / before.count;
  const termB = b.variance / after.count;
  const standardError = Math.sqrt(termA + termB);
  if (standardError === 0) {
    return { statistic: difference === 0 ? 0 : Math.sign(difference) * Number.POSITIVE_INFINITY, pValue: difference === 0 ? 1 : 0, difference, before: a.mean, after: b.mean };
  }
  const t = difference / standardError;
  const degreesOfFreedom = (termA + termB) ** 2 / (termA ** 2 / (before.count - 1) + termB ** 2 / (after.count - 1));
  return { statistic: t, pValue: studentTTwoSidedPValue(t, degreesOfFreedom), difference, before: a.mean, after: b.mean };
}

/** Significant change in the good direction → improving, in the bad one → degrading, else stable. */
export function classifyTrend(result: TestResult | null, higherIsBetter: boolean, alpha = DEFAULT_ALPHA): Trend {
  if (!result || !(result.pValue < alpha) || result.difference === 0) return 'stable';
  const better = higherIsBetter ? result.difference > 0 : result.difference < 0;
  return better ? 'improving' : 'degrading';
}

export function hasEnoughSamples(countBefore: number, countAfter: number, minimumSamples = DEFAULT_MINIMUM_SAMPLES): boolean {
  return countBefore >= minimumSamples && countAfter >= minimumSamples;
}
