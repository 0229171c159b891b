import { cryptoRandomSource, RandomSource } from './random-source';

export interface LaplaceMechanismOptions {
  /** Privacy loss of one release; smaller is more private and noisier. */
  epsilon: number;
  /** Largest change one individual can make to the released value (1 for one value in [0, 1]). */
  sensitivity?: number;
  /** Inputs are clamped to [lower, upper] first, which is what bounds the sensitivity. */
  lower?: number;
  upper?: number;
  /** Also clamp the noisy output to [lower, upper]. Post-processing keeps the guarantee but biases means; off by default. */
  clampOutput?: boolean;
  random?: RandomSource;
}

export class InvalidPrivacyParameterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPrivacyParameterError';
  }
}

/** Smallest positive value of 1 − 2|u|, so u = ±0.5 gives a large finite sample, not ±Infinity. */
const SMALLEST_TAIL = 2 ** -53;

/**
 * One draw from Laplace(0, scale) by inverse CDF: u ~ U(−½, ½), x = −b·sgn(u)·ln(1 − 2|u|).
 * A source returning exactly 0 gives u = −½, where ln(0) would be −Infinity; that tail is capped.
 */
export function sampleLaplace(scale: number, random: RandomSource): number {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new InvalidPrivacyParameterError('Laplace scale must be a positive finite number');
  const uniform = random();
  if (!(uniform >= 0 && uniform < 1)) throw new InvalidPrivacyParameterError('random source must return values in [0, 1)');
  const centred = uniform - 0.5;
  if (centred === 0) return 0;
  const tail = Math.max(1 - 2 * Math.abs(centred), SMALLEST_TAIL);
  const magnitude = -scale * Math.log(tail);
  return centred < 0 ? -magnitude : magnitude;
}

export function clamp(value: number, lower: number, upper: number): number {
  return value < lower ? lower : value > upper ? upper : value;
}

/**
 * The Laplace mechanism for values in a bounded range (default [0, 1], sensitivity 1):
 * release = clamp(value) + Laplace(0, sensitivity / ε). Each release spends ε of a budget;
 * charge it with a PrivacyBudgetLedger first (see releaseWithBudget).
 */
export class LaplaceMechanism {
  readonly epsilon: number;
  readonly sensitivity: number;
  readonly lower: number;
  readonly upper: number;
  readonly clampOutput: boolean;
  private readonly random: RandomSource;

  constructor(options: LaplaceMechanismOptions) {
    this.epsilon = options.epsilon;
    this.lower = options.lower ?? 0;
    this.upper = options.upper ?? 1;
    this.sensitivity = options.sensitivity ?? this.upper - this.lower;
    this.clampOutput = options.clampOutput ?? false;
    this.random = options.random ?? cryptoRandomSource();
    validateEpsilon(this.epsilon);
    if (!Number.isFinite(this.lower) || !Number.isFinite(this.upper) || this.lower >= this.upper) {
      throw new InvalidPrivacyParameterError('lower must be below upper, both finite');
    }
    if (!(this.sensitivity > 0) || !Number.isFinite(this.sensitivity)) {
      throw new InvalidPrivacyParameterError('sensitivity must be a positive finite number');
    }
  }

  /** Noise scale b = sensitivity / ε; the noise variance is 2b². */
  get scale(): number {
    return this.sensitivity / this.epsilon;
  }

  /** Noisy release of one bounded value (a reward, a score). */
  release(value: number): number {
    if (Number.isNaN(value)) throw new InvalidPrivacyParameterError('cannot release NaN');
    const noisy = clamp(value, this.lower, this.upper) + sampleLaplace(this.scale, this.random);
    return this.clampOutput ? clamp(noisy, this.lower, this.upper) : noisy;
  }

  /**
   * Noisy mean of n bounded values: each value can move the mean by at most (upper − lower)/n,
   * so the noise shrinks with n for the same ε. The count n itself is treated as public.
   */
  releaseMean(values: readonly number[]): number {
    if (values.length === 0) throw new InvalidPrivacyParameterError('cannot release the mean of no values');
    let sum = 0;
    for (const value of values) sum += clamp(value, this.lower, this.upper);
    const scale = (this.upper - this.lower) / values.length / this.epsilon;
    const noisy = sum / values.length + sampleLaplace(scale, this.random);
    return this.clampOutput ? clamp(noisy, this.lower, this.upper) : noisy;
  }

  /** Noisy sum of bounded values (sensitivity upper − lower, or the configured one). */
  releaseSum(values: readonly number[]): number {
    let sum = 0;
    for (const value of values) sum += clamp(value, this.lower, this.upper);
    return sum + sampleLaplace(Math.max(Math.abs(this.upper), Math.abs(this.lower), this.sensitivity) / this.epsilon, this.random);
  }

  /** Noisy count (sensitivity 1: one individual adds or removes one record). */
  releaseCount(count: number): number {
    return count + sampleLaplace(1 / this.epsilon, this.random);
  }
}

export function validateEpsilon(epsilon: number): void {
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw new InvalidPrivacyParameterError('epsilon must be a positive finite number');
}
