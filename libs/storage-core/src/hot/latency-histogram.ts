/**
 * A fixed, log-spaced latency histogram shared by the hot tier (Redis hash fields) and the cold
 * tier (agent_stats_daily): bucket 0 holds [0, 1 ms); bucket i ≥ 1 holds [2^((i-1)/4), 2^(i/4)) ms,
 * so neighbouring bounds differ by 2^(1/4) ≈ 1.19 and a percentile read from it is within 19 % of
 * the exact value; the last bucket is open-ended (≥ 2^(94/4) ms ≈ 3.4 h).
 * Do not change the spacing without a migration: stored histograms would be misread.
 */
export const LATENCY_BUCKETS_PER_DOUBLING = 4;
export const LATENCY_BUCKET_COUNT = 96;

/** Sparse histogram: bucket index → count. */
export type LatencyHistogram = Record<number, number>;

export function latencyBucketIndex(latencyMs: number): number {
  if (!(latencyMs >= 1)) return 0;
  const index = 1 + Math.floor(LATENCY_BUCKETS_PER_DOUBLING * Math.log2(latencyMs) + 1e-9);
  return Math.min(LATENCY_BUCKET_COUNT - 1, index);
}

export function latencyBucketBounds(index: number): { lower: number; upper: number } {
  if (index <= 0) return { lower: 0, upper: 1 };
  return {
    lower: 2 ** ((index - 1) / LATENCY_BUCKETS_PER_DOUBLING),
    upper: index >= LATENCY_BUCKET_COUNT - 1 ? Number.POSITIVE_INFINITY : 2 ** (index / LATENCY_BUCKETS_PER_DOUBLING),
  };
}

export function histogramCount(histogram: LatencyHistogram): number {
  return Object.values(histogram).reduce((total, count) => total + count, 0);
}

/**
 * Nearest-rank percentile (p in (0, 100]) read from a histogram, interpolated geometrically
 * inside the bucket that holds the rank; NaN for an empty histogram.
 */
export function percentileFromHistogram(histogram: LatencyHistogram, p: number): number {
  const entries = Object.entries(histogram)
    .map(([index, count]) => [Number(index), count] as const)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => a - b);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let before = 0;
  for (const [index, count] of entries) {
    if (before + count >= rank) {
      const { lower, upper } = latencyBucketBounds(index);
      if (!Number.isFinite(upper)) return lower;
      const fraction = (rank - before) / count;
      return index === 0 ? fraction * upper : lower * (upper / lower) ** fraction;
    }
    before += count;
  }
  return Number.NaN;
}

export function mergeHistograms(target: LatencyHistogram, source: LatencyHistogram): LatencyHistogram {
  for (const [index, count] of Object.entries(source)) target[Number(index)] = (target[Number(index)] ?? 0) + count;
  return target;
}
