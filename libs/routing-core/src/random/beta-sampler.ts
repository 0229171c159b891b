import { RandomSource } from './seeded-random';
import {
  TWO_POW_24, TWO_POW_32, ZIGGURAT_EDGES, ZIGGURAT_INNER_RATIOS, ZIGGURAT_LAYER_MASK, zigguratOutsideRectangle,
} from './ziggurat-normal';

/**
 * Samplers for Thompson sampling. Marsaglia–Tsang (2000) for Gamma(shape ≥ 1); for shape < 1 the
 * boost Gamma(a) = Gamma(a + 1) · U^(1/a). Beta(α, β) = X / (X + Y) with X ~ Gamma(α), Y ~ Gamma(β).
 * A NormalSampler keeps Box–Muller's second value so each pair of uniforms yields two normals; the
 * Monte-Carlo paths (fillBetas, countWins) use ziggurat normals instead, about three times cheaper.
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
  private everyArm: number[] = [];
  private readonly slowPathSample = new Float64Array(1);

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

  /** One Beta sample per arm into `out` (same distribution as betaPrepared, not the same stream). */
  fillBetas(alphas: readonly PreparedGamma[], betas: readonly PreparedGamma[], means: readonly number[], out: Float64Array): void {
    if (this.everyArm.length !== alphas.length) this.everyArm = Array.from({ length: alphas.length }, (_, arm) => arm);
    this.drawArms(this.everyArm, alphas, betas, means, out, false);
  }

  /**
   * How many of `draws` joint re-samplings of all arms the arm `chosen` wins (has the highest θ).
   * A draw stops at the first rival that beats the chosen arm: that draw is lost whatever the
   * remaining arms would draw, so skipping them changes no outcome, only the work — and with
   * `rivals` ordered strongest first, most lost draws end after one or two arms. The estimate is
   * the same unbiased win frequency as with every arm drawn.
   */
  countWins(
    chosen: number,
    rivals: readonly number[],
    alphas: readonly PreparedGamma[],
    betas: readonly PreparedGamma[],
    means: readonly number[],
    draws: number,
  ): number {
    const order = [chosen, ...rivals];
    const samples = new Float64Array(alphas.length);
    let wins = 0;
    for (let draw = 0; draw < draws; draw += 1) if (this.drawArms(order, alphas, betas, means, samples, true)) wins += 1;
    return wins;
  }

  /**
   * Beta samples for the arms in `order` into `out[arm]`; with `stopWhenFirstBeaten`, stops at
   * the first arm whose sample exceeds the first arm's. Returns whether no arm beat the first.
   * Marsaglia–Tsang on ziggurat normals, all inlined by hand: V8 boxes a double returned by a
   * call it does not inline, and a decision draws thousands of these, so a call per sample would
   * allocate tens of kilobytes per decision (and bring GC pauses into the latency tail).
   */
  private drawArms(
    order: readonly number[],
    alphas: readonly PreparedGamma[],
    betas: readonly PreparedGamma[],
    means: readonly number[],
    out: Float64Array,
    stopWhenFirstBeaten: boolean,
  ): boolean {
    const random = this.random;
    const slowPathSample = this.slowPathSample;
    let firstWins = true;
    for (let rank = 0; rank < order.length; rank += 1) {
      const arm = order[rank];
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
            // standardNormal's fast path, inlined (see ziggurat-normal.ts)
            const bits = random.next() * TWO_POW_32;
            const layer = bits & ZIGGURAT_LAYER_MASK;
            const position = (bits >>> 7) / TWO_POW_24 - 1;
            if (Math.abs(position) < ZIGGURAT_INNER_RATIOS[layer]) normal = position * ZIGGURAT_EDGES[layer];
            else if (zigguratOutsideRectangle(random, layer, position, slowPathSample)) normal = slowPathSample[0];
            else continue; // rejected: draw again (v is still 0)
            v = 1 + c * normal;
          } while (v <= 0);
          v = v * v * v;
          const u = random.next();
          const squared = normal * normal;
          // squeeze first: avoids the two logarithms about 98% of the time
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
      if (rank > 0 && out[arm] > out[order[0]]) {
        firstWins = false;
        if (stopWhenFirstBeaten) break;
      }
    }
    return firstWins;
  }

  /** `mean` is returned in the (underflow) case where both gammas are 0. */
  betaPrepared(alpha: PreparedGamma, beta: PreparedGamma, mean: number): number {
    const x = this.gammaPrepared(alpha);
    const y = this.gammaPrepared(beta);
    const total = x + y;
    return total > 0 ? x / total : mean;
  }
}
