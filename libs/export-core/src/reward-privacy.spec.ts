import { LaplaceRewardNoise } from './reward-privacy';
import type { RewardValues } from './trl-records';

const values: RewardValues = {
  reward: 0.6, quality: 0.7, success: true,
  rubricScores: { format: 1, tool: 0.5, task: 0.5, minimal: 0.5, cost: 0.5, safety: 1 },
  turnRewards: [0.2, 0.8],
};

describe('LaplaceRewardNoise', () => {
  it('is deterministic for a key, release and point, and differs across points and keys', () => {
    const noise = new LaplaceRewardNoise('secret-key-1', 'batch-1', 1);
    expect(noise.apply('p-1', values)).toEqual(new LaplaceRewardNoise('secret-key-1', 'batch-1', 1).apply('p-1', values));
    expect(noise.apply('p-2', values).reward).not.toBe(noise.apply('p-1', values).reward);
    expect(new LaplaceRewardNoise('another-secret', 'batch-1', 1).apply('p-1', values).reward).not.toBe(noise.apply('p-1', values).reward);
  });

  it('keeps every value in [0, 1] and the turn count', () => {
    const noise = new LaplaceRewardNoise('k', 'batch-2', 0.1);
    for (let index = 0; index < 200; index++) {
      const noisy = noise.apply(`p-${index}`, values);
      for (const value of [noisy.reward, noisy.quality, ...Object.values(noisy.rubricScores), ...noisy.turnRewards]) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
      expect(noisy.turnRewards).toHaveLength(2);
    }
  });

  it('adds noise whose spread shrinks as ε grows (scale = 18/ε for a scalar)', () => {
    const spread = (epsilon: number): number => {
      const noise = new LaplaceRewardNoise('k', 'batch-3', epsilon);
      const errors = Array.from({ length: 400 }, (_, index) => Math.abs(noise.apply(`p-${index}`, { ...values, reward: 0.5 }).reward - 0.5));
      return errors.reduce((sum, error) => sum + error, 0) / errors.length;
    };
    expect(spread(1_000)).toBeLessThan(0.05);
    expect(spread(1)).toBeGreaterThan(0.3);
  });

  it('refuses a non-positive ε', () => {
    expect(() => new LaplaceRewardNoise('k', 'b', 0)).toThrow('dpEpsilon');
  });
});
