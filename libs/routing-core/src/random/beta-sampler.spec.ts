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
