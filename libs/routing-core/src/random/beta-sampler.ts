import { RandomSource } from './seeded-random';

/**
 * Samplers for Thompson sampling. Marsaglia–Tsang (2000) for Gamma(shape ≥ 1); for shape < 1 the
 * boost Gamma(a) = Gamma(a + 1) · U^(1/a). Beta(α, β) = X / (X + Y) with X ~ Gamma(α), Y ~ Gamma(β).
 * A NormalSampler keeps Box–Muller's second value so each pair of uniforms yields two normals.
 */
export class NormalSampler {
  // typed-array slot rather than a number field, so keeping the spare allocates nothing
  private readonly spare = new Float64Array(1);
  private hasSpare = false;

  constructor(private readonly random: RandomSource) {}

  next(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare[0];
    }
    let u = 0;
    while (u <= Number.MIN_VALUE) u = this.random.next();
    const v = this.random.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * v;
    this.spare[0] = radius * Math.sin(angle);
    this.hasSpare = true;
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

  /**
   * One Beta sample per arm into `out`, with every step inlined: V8 boxes a double returned by a
   * call it does not inline, and the Monte-Carlo propensity draws thousands of samples per
   * decision — this keeps that loop free of allocation (and of the GC pauses that would follow).
   * Same distribution as betaPrepared, not the same stream.
   */
  fillBetas(alphas: readonly PreparedGamma[], betas: readonly PreparedGamma[], means: readonly number[], out: Float64Array): void {
    const random = this.random;
    for (let arm = 0; arm < alphas.length; arm += 1) {
      let x = 0;
      let y = 0;
      for (let side = 0; side < 2; side += 1) {
        const prepared = side === 0 ? alphas[arm] : betas[arm];
        const d = prepared.d;
        const c = prepared.c;
        let value = 0;
        for (;;) {
          let normal = 0;
          let v = 0;
          do {
            let u1 = random.next();
            while (u1 <= Number.MIN_VALUE) u1 = random.next();
            normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random.next());
            v = 1 + c * normal;
          } while (v <= 0);
          v = v * v * v;
          const u = random.next();
          const squared = normal * normal;
          if (u < 1 - 0.0331 * squared * squared || (u > 0 && Math.log(u) < 0.5 * squared + d * (1 - v + Math.log(v)))) {
            value = d * v;
            break;
          }
        }
        if (prepared.inverseShape !== 0) {
          let u = random.next();
          while (u <= Number.MIN_VALUE) u = random.next();
          value *= Math.pow(u, prepared.inverseShape);
        }
        if (side === 0) x = value;
        else y = value;
      }
      out[arm] = x + y > 0 ? x / (x + y) : means[arm];
    }
  }

  /** `mean` is returned in the (underflow) case where both gammas are 0. */
  betaPrepared(alpha: PreparedGamma, beta: PreparedGamma, mean: number): number {
    const x = this.gammaPrepared(alpha);
    const y = this.gammaPrepared(beta);
    const total = x + y;
    return total > 0 ? x / total : mean;
  }
}
