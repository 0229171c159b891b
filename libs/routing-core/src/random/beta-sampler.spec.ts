import { BetaSampler, prepareGamma } from './beta-sampler';
import { createSeededRandom, hashSeed } from './seeded-random';

function moments(values: number[]): { mean: number; variance: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  return { mean, variance };
}

describe('seeded random', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const first = createSeededRandom(42);
    const again = createSeededRandom(42);
    const other = createSeededRandom(43);
    const sequence = Array.from({ length: 5 }, () => first.next());
    expect(Array.from({ length: 5 }, () => again.next())).toEqual(sequence);
    expect(Array.from({ length: 5 }, () => other.next())).not.toEqual(sequence);
    expect(sequence.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(hashSeed('a')).not.toBe(hashSeed('b'));
  });

  it('is roughly uniform', () => {
    const random = createSeededRandom('uniform');
    const buckets = new Array(10).fill(0);
    for (let index = 0; index < 50_000; index += 1) buckets[Math.floor(random.next() * 10)] += 1;
    for (const bucket of buckets) expect(Math.abs(bucket - 5_000)).toBeLessThan(300);
  });
});

describe('BetaSampler', () => {
  it.each([
    [2, 5],
    [30, 10],
    [0.5, 0.5],
    [0.3, 4],
  ])('Beta(%p, %p) samples have the right mean and variance', (alpha, beta) => {
    const sampler = new BetaSampler(createSeededRandom(`beta-${alpha}-${beta}`));
    const values = Array.from({ length: 40_000 }, () => sampler.beta(alpha, beta));
    const total = alpha + beta;
    const { mean, variance } = moments(values);
    expect(mean).toBeCloseTo(alpha / total, 2);
    expect(variance).toBeCloseTo((alpha * beta) / (total * total * (total + 1)), 2);
    expect(values.every((value) => value >= 0 && value <= 1)).toBe(true);
  });

  it.each([
    [2, 5],
    [0.5, 0.5],
    [40, 3],
  ])('fillBetas draws Beta(%p, %p) like beta() does', (alpha, beta) => {
    const sampler = new BetaSampler(createSeededRandom(`fill-${alpha}-${beta}`));
    const prepared = [prepareGamma(alpha), prepareGamma(3)];
    const preparedBeta = [prepareGamma(beta), prepareGamma(3)];
    const out = new Float64Array(2);
    const values: number[] = [];
    for (let index = 0; index < 40_000; index += 1) {
      sampler.fillBetas(prepared, preparedBeta, [alpha / (alpha + beta), 0.5], out);
      values.push(out[0]);
    }
    const total = alpha + beta;
    const { mean, variance } = moments(values);
    expect(mean).toBeCloseTo(alpha / total, 2);
    expect(variance).toBeCloseTo((alpha * beta) / (total * total * (total + 1)), 2);
  });

  it('countWins (stops a draw at the first rival that beats the chosen arm) estimates the same win probabilities as full re-draws', () => {
    const posteriors = [
      [30, 12],
      [28, 13],
      [0.6, 0.7],
      [8, 5],
      [40, 30],
    ];
    const alphas = posteriors.map(([alpha]) => prepareGamma(alpha));
    const betas = posteriors.map(([, beta]) => prepareGamma(beta));
    const means = posteriors.map(([alpha, beta]) => alpha / (alpha + beta));
    const draws = 40_000;
    const full = new BetaSampler(createSeededRandom('full-redraws'));
    const out = new Float64Array(posteriors.length);
    const fullWins = new Array<number>(posteriors.length).fill(0);
    for (let draw = 0; draw < draws; draw += 1) {
      full.fillBetas(alphas, betas, means, out);
      fullWins[out.indexOf(Math.max(...out))] += 1;
    }
    const early = new BetaSampler(createSeededRandom('early-exit'));
    posteriors.forEach((_, chosen) => {
      const rivals = posteriors.map((__, index) => index).filter((index) => index !== chosen).sort((left, right) => means[right] - means[left]);
      const probability = early.countWins(chosen, rivals, alphas, betas, means, draws) / draws;
      const reference = fullWins[chosen] / draws;
      expect(Math.abs(probability - reference)).toBeLessThan(5 * Math.sqrt((2 * reference * (1 - reference)) / draws) + 1e-3);
    });
    // the ordering of the rivals changes the work, not the estimate
    const reversed = [4, 3, 2, 1];
    const forward = early.countWins(0, [1, 3, 4, 2], alphas, betas, means, draws) / draws;
    expect(Math.abs(early.countWins(0, reversed, alphas, betas, means, draws) / draws - forward)).toBeLessThan(0.015);
  });

  it.each([0.4, 1, 3.5])('Gamma(%p) has mean and variance equal to its shape', (shape) => {
    const sampler = new BetaSampler(createSeededRandom(`gamma-${shape}`));
    const { mean, variance } = moments(Array.from({ length: 40_000 }, () => sampler.gamma(shape)));
    expect(mean).toBeCloseTo(shape, 1);
    expect(Math.abs(variance - shape) / shape).toBeLessThan(0.06);
  });

  it('rejects a non-positive shape', () => {
    expect(() => new BetaSampler(createSeededRandom(1)).gamma(0)).toThrow(RangeError);
  });
});
