import { InvalidPrivacyParameterError, LaplaceMechanism, sampleLaplace } from './laplace-mechanism';
import { cryptoRandomSource, RandomSource, seededRandomSource } from './random-source';

function moments(samples: number[]): { mean: number; variance: number } {
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  const variance = samples.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (samples.length - 1);
  return { mean, variance };
}

describe('sampleLaplace', () => {
  it.each([
    [0.5, 1],
    [1, 0.25],
    [0.1, 1],
  ])('matches Laplace(0, sensitivity/ε) moments for ε=%s, sensitivity=%s', (epsilon, sensitivity) => {
    const random = seededRandomSource(42);
    const scale = sensitivity / epsilon;
    const samples = Array.from({ length: 200_000 }, () => sampleLaplace(scale, random));
    const { mean, variance } = moments(samples);
    // Standard error of the mean is sqrt(2)·b/sqrt(n) ≈ 0.0032·b; of the variance about 3% of 2b².
    expect(Math.abs(mean)).toBeLessThan(0.02 * scale);
    expect(variance / (2 * scale * scale)).toBeGreaterThan(0.95);
    expect(variance / (2 * scale * scale)).toBeLessThan(1.05);
  });

  it('has the Laplace median absolute value b·ln 2', () => {
    const random = seededRandomSource(7);
    const samples = Array.from({ length: 100_000 }, () => Math.abs(sampleLaplace(2, random))).sort((a, b) => a - b);
    expect(samples[50_000]).toBeCloseTo(2 * Math.LN2, 1);
  });

  it('is symmetric: about half the draws are negative', () => {
    const random = seededRandomSource(99);
    const negatives = Array.from({ length: 100_000 }, () => sampleLaplace(1, random)).filter((value) => value < 0).length;
    expect(negatives / 100_000).toBeGreaterThan(0.49);
    expect(negatives / 100_000).toBeLessThan(0.51);
  });

  it('returns finite values at the u = ±0.5 edges', () => {
    const atZero: RandomSource = () => 0; // u = -0.5: ln(0) without the guard
    const nearOne: RandomSource = () => 1 - 2 ** -53; // u just below +0.5
    const low = sampleLaplace(1, atZero);
    const high = sampleLaplace(1, nearOne);
    expect(Number.isFinite(low)).toBe(true);
    expect(low).toBeLessThan(-30);
    expect(Number.isFinite(high)).toBe(true);
    expect(high).toBeGreaterThan(30);
    expect(sampleLaplace(1, () => 0.5)).toBe(0);
  });

  it('rejects a random source outside [0, 1) and a bad scale', () => {
    expect(() => sampleLaplace(1, () => 1)).toThrow(InvalidPrivacyParameterError);
    expect(() => sampleLaplace(1, () => -0.1)).toThrow(InvalidPrivacyParameterError);
    expect(() => sampleLaplace(0, () => 0.3)).toThrow(InvalidPrivacyParameterError);
    expect(() => sampleLaplace(Number.POSITIVE_INFINITY, () => 0.3)).toThrow(InvalidPrivacyParameterError);
  });
});

describe('LaplaceMechanism', () => {
  it('defaults to [0, 1] with sensitivity 1, so the scale is 1/ε', () => {
    const mechanism = new LaplaceMechanism({ epsilon: 0.5, random: seededRandomSource(1) });
    expect(mechanism.sensitivity).toBe(1);
    expect(mechanism.scale).toBe(2);
  });

  it('clamps the input to [0, 1] before adding noise', () => {
    // u = 0.5 gives exactly zero noise, exposing the clamped value.
    const noiseless: RandomSource = () => 0.5;
    const mechanism = new LaplaceMechanism({ epsilon: 1, random: noiseless });
    expect(mechanism.release(7)).toBe(1);
    expect(mechanism.release(-3)).toBe(0);
    expect(mechanism.release(0.3)).toBe(0.3);
  });

  it('adds unbiased noise around the clamped value', () => {
    const mechanism = new LaplaceMechanism({ epsilon: 1, random: seededRandomSource(5) });
    const releases = Array.from({ length: 100_000 }, () => mechanism.release(5));
    const { mean, variance } = moments(releases);
    expect(mean).toBeCloseTo(1, 1);
    expect(variance).toBeGreaterThan(1.9);
    expect(variance).toBeLessThan(2.1);
  });

  it('clamps the output only when asked', () => {
    const extreme: RandomSource = () => 0.999999;
    expect(new LaplaceMechanism({ epsilon: 1, random: extreme }).release(0.9)).toBeGreaterThan(1);
    expect(new LaplaceMechanism({ epsilon: 1, random: extreme, clampOutput: true }).release(0.9)).toBe(1);
  });

  it('uses a given sensitivity', () => {
    expect(new LaplaceMechanism({ epsilon: 0.5, sensitivity: 0.1, random: seededRandomSource(3) }).scale).toBeCloseTo(0.2, 10);
  });

  it('scales the noise of a mean by 1/n', () => {
    const mechanism = new LaplaceMechanism({ epsilon: 1, random: seededRandomSource(11) });
    const values = Array.from({ length: 100 }, (_, index) => (index % 2 === 0 ? 0.2 : 0.6));
    const releases = Array.from({ length: 50_000 }, () => mechanism.releaseMean(values));
    const { mean, variance } = moments(releases);
    expect(mean).toBeCloseTo(0.4, 2);
    // b = 1/(n·ε) = 0.01 → variance 2·10⁻⁴.
    expect(variance).toBeGreaterThan(1.8e-4);
    expect(variance).toBeLessThan(2.2e-4);
  });

  it('releases noisy counts and sums around the true value', () => {
    const mechanism = new LaplaceMechanism({ epsilon: 2, random: seededRandomSource(13) });
    const counts = Array.from({ length: 50_000 }, () => mechanism.releaseCount(1000));
    expect(moments(counts).mean).toBeCloseTo(1000, 1);
    const sums = Array.from({ length: 50_000 }, () => mechanism.releaseSum([0.5, 0.5, 3]));
    expect(moments(sums).mean).toBeCloseTo(2, 1);
  });

  it('rejects invalid parameters', () => {
    expect(() => new LaplaceMechanism({ epsilon: 0 })).toThrow(InvalidPrivacyParameterError);
    expect(() => new LaplaceMechanism({ epsilon: -1 })).toThrow(InvalidPrivacyParameterError);
    expect(() => new LaplaceMechanism({ epsilon: Number.NaN })).toThrow(InvalidPrivacyParameterError);
    expect(() => new LaplaceMechanism({ epsilon: 1, lower: 1, upper: 0 })).toThrow(InvalidPrivacyParameterError);
    expect(() => new LaplaceMechanism({ epsilon: 1, sensitivity: 0 })).toThrow(InvalidPrivacyParameterError);
    expect(() => new LaplaceMechanism({ epsilon: 1 }).release(Number.NaN)).toThrow(InvalidPrivacyParameterError);
    expect(() => new LaplaceMechanism({ epsilon: 1 }).releaseMean([])).toThrow(InvalidPrivacyParameterError);
  });
});

describe('random sources', () => {
  it('seeded sources repeat for the same seed and differ across seeds', () => {
    const first = seededRandomSource(2024);
    const second = seededRandomSource(2024);
    const other = seededRandomSource(2025);
    const a = Array.from({ length: 5 }, first);
    expect(Array.from({ length: 5 }, second)).toEqual(a);
    expect(Array.from({ length: 5 }, other)).not.toEqual(a);
  });

  it.each([
    ['crypto', cryptoRandomSource()],
    ['seeded', seededRandomSource(8)],
  ])('%s source is uniform on [0, 1)', (_name, random) => {
    const values = Array.from({ length: 50_000 }, random);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    const buckets = new Array(10).fill(0);
    for (const value of values) buckets[Math.floor(value * 10)]++;
    for (const count of buckets) {
      expect(count).toBeGreaterThan(4_600);
      expect(count).toBeLessThan(5_400);
    }
  });
});
