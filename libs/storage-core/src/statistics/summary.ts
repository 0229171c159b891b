import { LatencyHistogram, percentileFromHistogram } from '../hot/latency-histogram';

/** The sums both tiers keep (hot hashes and cold cells); averages are computed here. */
export interface TierSums {
  count: number;
  successes: number;
  qualityCount: number;
  qualitySum: number;
  rewardCount: number;
  rewardSum: number;
  tokensSum: number;
  latencyCount: number;
  latencySum: number;
  latencyHistogram: LatencyHistogram;
}

export interface StatisticsSummary {
  count: number;
  successes: number;
  successRate: number | null;
  averageQuality: number | null;
  averageReward: number | null;
  tokensTotal: number;
  averageTokens: number | null;
  latencyMs: { mean: number; p50: number; p95: number; p99: number } | null;
}

const round = (value: number, digits = 4): number => Math.round(value * 10 ** digits) / 10 ** digits;

export function summarizeSums(sums: TierSums): StatisticsSummary {
  const latencyKnown = sums.latencyCount > 0;
  return {
    count: sums.count,
    successes: sums.successes,
    successRate: sums.count > 0 ? round(sums.successes / sums.count) : null,
    averageQuality: sums.qualityCount > 0 ? round(sums.qualitySum / sums.qualityCount) : null,
    averageReward: sums.rewardCount > 0 ? round(sums.rewardSum / sums.rewardCount) : null,
    tokensTotal: sums.tokensSum,
    averageTokens: sums.count > 0 ? round(sums.tokensSum / sums.count, 1) : null,
    latencyMs: latencyKnown
      ? {
          mean: round(sums.latencySum / sums.latencyCount, 1),
          p50: round(percentileFromHistogram(sums.latencyHistogram, 50), 1),
          p95: round(percentileFromHistogram(sums.latencyHistogram, 95), 1),
          p99: round(percentileFromHistogram(sums.latencyHistogram, 99), 1),
        }
      : null,
  };
}
