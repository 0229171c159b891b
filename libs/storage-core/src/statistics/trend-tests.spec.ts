import { normalCdf, studentTTwoSidedPValue } from './distributions';
import { classifyTrend, meanAndVariance, twoProportionZTest, welchTTest } from './trend-tests';

const sumsOf = (values: number[]) => ({ count: values.length, sum: values.reduce((a, b) => a + b, 0), sumOfSquares: values.reduce((a, b) => a + b * b, 0) });

describe('distributions', () => {
  it('matches normal table values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 5);
  });

  it('matches Student-t critical values (two-sided 0.05) and a known p-value', () => {
    expect(studentTTwoSidedPValue(2.228139, 10)).toBeCloseTo(0.05, 4);
    expect(studentTTwoSidedPValue(2.085963, 20)).toBeCloseTo(0.05, 4);
    expect(studentTTwoSidedPValue(-12.7062, 1)).toBeCloseTo(0.05, 4);
    expect(studentTTwoSidedPValue(2, 5)).toBeCloseTo(0.101939, 4);
    expect(studentTTwoSidedPValue(0, 7)).toBeCloseTo(1, 8);
  });
});

describe('trend tests', () => {
  it('two-proportion z-test: 45/100 → 60/100 is significant at 0.05', () => {
    const result = twoProportionZTest({ successes: 45, trials: 100 }, { successes: 60, trials: 100 })!;
    expect(result.statistic).toBeCloseTo(2.124, 3);
    expect(result.pValue).toBeCloseTo(0.0337, 3);
    expect(classifyTrend(result, true)).toBe('improving');
    expect(classifyTrend(twoProportionZTest({ successes: 60, trials: 100 }, { successes: 45, trials: 100 }), true)).toBe('degrading');
  });

  it('two-proportion z-test: a small difference is stable', () => {
    expect(classifyTrend(twoProportionZTest({ successes: 50, trials: 100 }, { successes: 55, trials: 100 }), true)).toBe('stable');
    expect(twoProportionZTest({ successes: 0, trials: 0 }, { successes: 1, trials: 1 })).toBeNull();
    expect(twoProportionZTest({ successes: 10, trials: 10 }, { successes: 10, trials: 10 })!.pValue).toBe(1);
  });

  it('Welch t-test from sums equals the textbook computation from raw values', () => {
    const before = [19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0];
    const after = [28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 23.9, 13.3];
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const variance = (values: number[]) => values.reduce((a, b) => a + (b - mean(values)) ** 2, 0) / (values.length - 1);
    const se = Math.sqrt(variance(before) / before.length + variance(after) / after.length);
    const expectedT = (mean(after) - mean(before)) / se;
    const result = welchTTest(sumsOf(before), sumsOf(after))!;
    expect(result.statistic).toBeCloseTo(expectedT, 8);
    expect(meanAndVariance(sumsOf(after)).variance).toBeCloseTo(variance(after), 8);
    // Wikipedia's Welch example (unequal sizes and variances): t = 2.22, df ≈ 24.5, p ≈ 0.036
    expect(result.statistic).toBeCloseTo(2.2255, 3);
    expect(result.pValue).toBeGreaterThan(0.034);
    expect(result.pValue).toBeLessThan(0.037);
    expect(classifyTrend(result, true)).toBe('improving');
    expect(classifyTrend(result, false)).toBe('degrading');
  });

  it('Welch t-test: identical samples are stable; too few samples give no result', () => {
    const sample = sumsOf([0.7, 0.8, 0.9, 0.75, 0.85]);
    expect(classifyTrend(welchTTest(sample, sample), true)).toBe('stable');
    expect(welchTTest(sumsOf([0.5]), sample)).toBeNull();
    expect(classifyTrend(null, true)).toBe('stable');
  });
});
