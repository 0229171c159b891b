import { percentile } from '@benchpool/utils';
import { histogramCount, LATENCY_BUCKET_COUNT, latencyBucketBounds, latencyBucketIndex, LatencyHistogram, mergeHistograms, percentileFromHistogram } from './latency-histogram';

/** Deterministic log-normal-ish latencies (LCG + Box–Muller), so the test never flakes. */
function latencies(count: number, seed: number, medianMs: number, sigma: number): number[] {
  let state = seed;
  const uniform = (): number => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return (state + 0.5) / 4294967296;
  };
  return Array.from({ length: count }, () => {
    const normal = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    return Math.round(medianMs * Math.exp(sigma * normal));
  });
}

function histogramOf(values: number[]): LatencyHistogram {
  const histogram: LatencyHistogram = {};
  for (const value of values) {
    const index = latencyBucketIndex(value);
    histogram[index] = (histogram[index] ?? 0) + 1;
  }
  return histogram;
}

describe('latency histogram', () => {
  it('places every value inside the bounds of its bucket', () => {
    for (const value of [0, 0.5, 1, 1.18, 1.19, 2, 3, 10, 99, 100, 1000, 4080, 65_536, 3_600_000]) {
      const { lower, upper } = latencyBucketBounds(latencyBucketIndex(value));
      expect(value).toBeGreaterThanOrEqual(lower);
      expect(value).toBeLessThan(upper);
    }
  });

  it('uses log-spaced bounds (factor 2^(1/4)) and clamps huge values into the last bucket', () => {
    expect(latencyBucketIndex(2)).toBe(latencyBucketIndex(1) + 4);
    expect(latencyBucketIndex(1024)).toBe(latencyBucketIndex(512) + 4);
    const { lower, upper } = latencyBucketBounds(20);
    expect(upper / lower).toBeCloseTo(2 ** 0.25, 10);
    expect(latencyBucketIndex(1e12)).toBe(LATENCY_BUCKET_COUNT - 1);
  });

  it.each([
    [50, 'p50'], [95, 'p95'], [99, 'p99'],
  ])('reads percentile %i within one bucket width (19 %%) of the exact value', (p) => {
    for (const [seed, median, sigma] of [[1, 4000, 0.6], [7, 120, 1.2], [42, 25_000, 0.3]]) {
      const values = latencies(5_000, seed, median, sigma);
      const exact = percentile(values, p);
      const estimate = percentileFromHistogram(histogramOf(values), p);
      expect(Math.abs(estimate - exact) / exact).toBeLessThan(2 ** 0.25 - 1);
    }
  });

  it('orders percentiles and answers NaN for an empty histogram', () => {
    const histogram = histogramOf(latencies(1_000, 3, 800, 1));
    const p50 = percentileFromHistogram(histogram, 50);
    const p95 = percentileFromHistogram(histogram, 95);
    const p99 = percentileFromHistogram(histogram, 99);
    expect(p50).toBeLessThan(p95);
    expect(p95).toBeLessThan(p99);
    expect(percentileFromHistogram({}, 50)).toBeNaN();
  });

  it('merges histograms by adding counts per bucket', () => {
    const merged = mergeHistograms({ 3: 2, 10: 1 }, { 10: 4, 12: 1 });
    expect(merged).toEqual({ 3: 2, 10: 5, 12: 1 });
    expect(histogramCount(merged)).toBe(8);
  });
});
