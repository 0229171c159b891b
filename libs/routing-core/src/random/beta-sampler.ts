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

export class BetaSampler {
  private readonly normal: NormalSampler;

  constructor(private readonly random: RandomSource) {
    this.normal = new NormalSampler(random);
  }

  gamma(shape: number): number {
    if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
    if (shape < 1) {
      let u = 0;
      while (u <= Number.MIN_VALUE) u = this.random.next();
      return this.gamma(shape + 1) * Math.pow(u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
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
      if (u < 1 - 0.0331 * xSquared * xSquared) return d * v;
      if (u > 0 && Math.log(u) < 0.5 * xSquared + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  beta(alpha: number, beta: number): number {
    const x = this.gamma(alpha);
    const y = this.gamma(beta);
    const total = x + y;
    // both gammas underflow only for tiny shapes; the mean is the honest answer then
    return total > 0 ? x / total : alpha / (alpha + beta);
  }
}
