import { createEmptyBaseline, updateBaseline } from './task-type-baseline.updater';

describe('updateBaseline', () => {
  it('keeps exact running means for the first `window` samples', () => {
    const samples = [
      { tokensUsed: 100, latencyMs: 1_000, totalReward: 0.2 },
      { tokensUsed: 300, latencyMs: 3_000, totalReward: 0.6 },
      { tokensUsed: 800, latencyMs: 2_000, totalReward: 1 },
    ];
    let baseline = createEmptyBaseline('code-editing');
    for (const sample of samples) baseline = updateBaseline(baseline, sample, sample, { baselineWindow: 10 });
    expect(baseline.count).toBe(3);
    expect(baseline.meanTokens).toBeCloseTo(400, 9);
    expect(baseline.meanLatencyMs).toBeCloseTo(2_000, 9);
    expect(baseline.meanTotalReward).toBeCloseTo(0.6, 9);
    expect(baseline.taskType).toBe('code-editing');
  });

  it('becomes an exponential moving average with weight 1/window afterwards', () => {
    const start = { taskType: 't', count: 4, meanTokens: 100, meanLatencyMs: 100, meanTotalReward: 0.5 };
    const next = updateBaseline(start, { totalReward: 1 }, { tokensUsed: 500, latencyMs: 100 }, { baselineWindow: 4 });
    expect(next.count).toBe(5);
    expect(next.meanTokens).toBeCloseTo(100 + (500 - 100) / 4, 9);
    expect(next.meanTotalReward).toBeCloseTo(0.5 + 0.5 / 4, 9);
  });

  it('returns a new object and leaves the input untouched', () => {
    const start = Object.freeze({ taskType: 't', count: 1, meanTokens: 10, meanLatencyMs: 10, meanTotalReward: 0.1 });
    const next = updateBaseline(start, { totalReward: 0.3 }, { tokensUsed: 30, latencyMs: 30 });
    expect(next).not.toBe(start);
    expect(start.meanTokens).toBe(10);
  });

  it('ignores invalid values instead of poisoning the means', () => {
    const start = { taskType: 't', count: 3, meanTokens: 10, meanLatencyMs: 10, meanTotalReward: 0.1 };
    const next = updateBaseline(start, { totalReward: Number.NaN }, { tokensUsed: -5, latencyMs: Number.POSITIVE_INFINITY });
    expect(next).toMatchObject({ count: 4, meanTokens: 10, meanLatencyMs: 10, meanTotalReward: 0.1 });
  });
});
