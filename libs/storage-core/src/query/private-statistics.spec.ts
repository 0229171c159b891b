import { privatizeSummary } from './private-statistics';
import type { StatisticsSummary } from '../statistics/summary';

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const summary: StatisticsSummary = {
  count: 1000, successes: 700, successRate: 0.7, averageQuality: 0.8, averageReward: 0.6, tokensTotal: 123_456, averageTokens: 123.5,
  latencyMs: { mean: 900, p50: 800, p95: 2000, p99: 3000 },
};

describe('privatizeSummary (Laplace mechanism for aggregate statistics)', () => {
  it('withholds unbounded figures and keeps rates in [0, 1]', () => {
    const released = privatizeSummary(summary, 1, seeded(1));
    expect(released.latencyMs).toBeNull();
    expect(released.averageTokens).toBeNull();
    expect(released.tokensTotal).toBe(0);
    for (const value of [released.successRate, released.averageQuality, released.averageReward]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
  });

  it('adds noise of the stated scale: the count error spreads like Laplace(4/ε)', () => {
    const errors = Array.from({ length: 4000 }, (_, index) => privatizeSummary(summary, 0.5, seeded(index + 7)).count - summary.count);
    const mean = errors.reduce((sum, error) => sum + error, 0) / errors.length;
    const meanAbsolute = errors.reduce((sum, error) => sum + Math.abs(error), 0) / errors.length;
    expect(Math.abs(mean)).toBeLessThan(0.6);
    // E|Laplace(b)| = b = 4 / ε = 8
    expect(meanAbsolute).toBeGreaterThan(7);
    expect(meanAbsolute).toBeLessThan(9);
    expect(new Set(errors).size).toBeGreaterThan(10);
  });

  it('noise shrinks as ε grows and the released rate stays near the truth for large groups', () => {
    const spread = (epsilon: number) =>
      Array.from({ length: 500 }, (_, index) => Math.abs((privatizeSummary(summary, epsilon, seeded(index)).successRate ?? 0) - 0.7)).reduce((a, b) => a + b, 0) / 500;
    expect(spread(5)).toBeLessThan(spread(0.2));
    expect(spread(1)).toBeLessThan(0.02);
  });

  it('is a pure function of its random source (the service derives it from a keyed hash of the query)', () => {
    expect(privatizeSummary(summary, 1, seeded(42))).toEqual(privatizeSummary(summary, 1, seeded(42)));
  });
});
