import { DEFAULT_REWARD_CONFIG, computeReward, rewardInputFromDataPoint } from './reward.function';

describe('computeReward', () => {
  it('weights success and quality and subtracts normalised latency and cost penalties', () => {
    const breakdown = computeReward({
      taskType: 'code-editing',
      success: true,
      overallScore: 0.8,
      latencyMs: 60_000,
      tokensUsed: 10_000,
      costPer1kTokens: 0.01,
    });
    expect(breakdown.latencyPenalty).toBeCloseTo(0.5, 12);
    expect(breakdown.cost).toBeCloseTo(0.1, 12);
    expect(breakdown.costPenalty).toBeCloseTo(0.2, 12);
    expect(breakdown.reward).toBeCloseTo(0.5 + 0.4 - 0.05 - 0.02, 12);
  });

  it('normalises by the task type reference', () => {
    const slowResearch = computeReward({ taskType: 'research', success: true, overallScore: 1, latencyMs: 150_000 });
    const slowPlanning = computeReward({ taskType: 'planning', success: true, overallScore: 1, latencyMs: 150_000 });
    expect(slowResearch.latencyPenalty).toBeCloseTo(0.5, 12);
    expect(slowPlanning.latencyPenalty).toBe(1);
    expect(computeReward({ taskType: 'unknown-type', success: true, latencyMs: 60_000 }).latencyPenalty).toBeCloseTo(0.5, 12);
  });

  it('stays in [0, 1] and uses success as the quality when there is no evaluation', () => {
    expect(computeReward({ taskType: 'design', success: false, overallScore: 0, latencyMs: 1e9, tokensUsed: 1e9, costPer1kTokens: 1 }).reward).toBe(0);
    expect(computeReward({ taskType: 'design', success: true }).reward).toBe(1);
    expect(computeReward({ taskType: 'design', success: false }).reward).toBe(0);
    expect(computeReward({ taskType: 'design', success: false, overallScore: 0.6 }).reward).toBeCloseTo(0.3, 12);
  });

  it('takes its weights from the config', () => {
    const qualityOnly = { ...DEFAULT_REWARD_CONFIG, weights: { success: 0, quality: 1, latency: 0, cost: 0 } };
    expect(computeReward({ taskType: 'design', success: false, overallScore: 0.42, latencyMs: 1e9 }, qualityOnly).reward).toBeCloseTo(0.42, 12);
  });
});

describe('rewardInputFromDataPoint', () => {
  it('reads success, score, latency and tokens from a stored data point', () => {
    const input = rewardInputFromDataPoint(
      { task: { type: 'research' }, execution: { success: true, latencyMs: 1000, tokensUsed: 500 }, evaluation: { overallScore: 0.7 } },
      0.002,
    );
    expect(input).toEqual({ taskType: 'research', success: true, overallScore: 0.7, latencyMs: 1000, tokensUsed: 500, costPer1kTokens: 0.002 });
    expect(rewardInputFromDataPoint({ task: { type: 'research' }, execution: null, evaluation: null })).toBeNull();
  });
});
