import { RandomSource } from './seeded-random';

/**
 * Samplers for Thompson sampling. Marsaglia–Tsang (2000) for Gamma(shape ≥ 1); for shape < 1 the
 * boost Gamma(a) = Gamma(a + 1) · U^(1/a). Beta(α, β) = X / (X + Y) with X ~ Gamma(α), Y ~ Gamma(β).
 * A NormalSampler keeps Box–Muller's second value so each pair of uniforms yields two normals.
 */
export class NormalSampler {
  private spare: number | null = null;

  constructor(private readonly random: RandomSource) {}

  next(): number {
    if (this.spare !== null) {
      const value = this.spare;
      this.spare = null;
      return value;
    }
    let u = 0;
    while (u <= Number.MIN_VALUE) u = this.random.next();
    const v = this.random.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * v;
    this.spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }
}

/** Marsaglia–Tsang constants of one Gamma shape, computed once per decision, not per draw. */
export interface PreparedGamma {
  d: number;
  c: number;
  /** 1/shape when shape < 1 (boost), else 0. */
  inverseShape: number;
}

export function prepareGamma(shape: number): PreparedGamma {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
  const boosted = shape < 1 ? shape + 1 : shape;
  const d = boosted - 1 / 3;
  return { d, c: 1 / Math.sqrt(9 * d), inverseShape: shape < 1 ? 1 / shape : 0 };
}

export class BetaSampler {
  private readonly normal: NormalSampler;

  constructor(private readonly random: RandomSource) {
    this.normal = new NormalSampler(random);
  }

  gamma(shape: number): number {
    return this.gammaPrepared(prepareGamma(shape));
  }

  gammaPrepared(prepared: PreparedGamma): number {
    const { d, c } = prepared;
    let value: number;
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal.next();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.random.next();
      const xSquared = x * x;
      // squeeze first: avoids the two logarithms about 98% of the time
      if (u < 1 - 0.0331 * xSquared * xSquared || (u > 0 && Math.log(u) < 0.5 * xSquared + d * (1 - v + Math.log(v)))) {
        value = d * v;
        break;
      }
    }
    if (prepared.inverseShape === 0) return value;
    let u = 0;
    while (u <= Number.MIN_VALUE) u = this.random.next();
    return value * Math.pow(u, prepared.inverseShape);
  }

  beta(alpha: number, beta: number): number {
    return this.betaPrepared(prepareGamma(alpha), prepareGamma(beta), alpha / (alpha + beta));
  }

  /** `mean` is returned in the (underflow) case where both gammas are 0. */
  betaPrepared(alpha: PreparedGamma, beta: PreparedGamma, mean: number): number {
    const x = this.gammaPrepared(alpha);
    const y = this.gammaPrepared(beta);
    const total = x + y;
    return total > 0 ? x / total : mean;
  }
}
