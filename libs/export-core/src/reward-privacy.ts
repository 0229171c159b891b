import { createHmac } from 'node:crypto';
import type { RubricScores } from '@benchpool/contracts';
import { LaplaceMechanism } from '@benchpool/privacy';
import type { RewardTransform, RewardValues } from './trl-records';

/**
 * Differential privacy for the reward inputs of a batch (the privacy unit is one data point; a
 * tenant's points are disjoint, so by parallel composition one release costs each tenant in it ε).
 *
 * ε is split by basic composition: half over the nine scalar values of a point (reward, quality,
 * six rubric scores with the Laplace mechanism, success with randomized response), half over its
 * per-turn rewards. Every value lies in [0, 1], so the sensitivity is 1; noisy values are clamped
 * back to [0, 1] (post-processing costs no privacy). Labels derived from noisy turn rewards and the
 * manifest's quality statistics are computed from the noisy values only.
 *
 * The noise is deterministic — drawn from HMAC-SHA256(secret key, batch id, point id, field) — so
 * a repeated request re-publishes the very same noisy values instead of a second, independent
 * draw (which would average the noise away). The key must stay secret: with it the noise could be
 * subtracted.
 */
export class LaplaceRewardNoise implements RewardTransform {
  private static readonly SCALAR_FIELDS = 9;

  constructor(
    private readonly secretKey: string,
    private readonly releaseId: string,
    readonly epsilon: number,
  ) {
    if (!(epsilon > 0)) throw new Error(`dpEpsilon must be > 0, got ${epsilon}`);
  }

  apply(pointId: string, values: RewardValues): RewardValues {
    const scalarEpsilon = this.epsilon / 2 / LaplaceRewardNoise.SCALAR_FIELDS;
    const turnEpsilon = values.turnRewards.length > 0 ? this.epsilon / 2 / values.turnRewards.length : 0;
    const rubric = Object.fromEntries(
      (Object.keys(values.rubricScores) as Array<keyof RubricScores>)
        .sort()
        .map((key) => [key, this.laplace(pointId, `rubric.${key}`, values.rubricScores[key], scalarEpsilon)]),
    ) as unknown as RubricScores;
    return {
      reward: this.laplace(pointId, 'reward', values.reward, scalarEpsilon),
      quality: this.laplace(pointId, 'quality', values.quality, scalarEpsilon),
      success: this.randomizedResponse(pointId, 'success', values.success, scalarEpsilon),
      rubricScores: rubric,
      turnRewards: values.turnRewards.map((reward, index) => this.laplace(pointId, `turn.${index}`, reward, turnEpsilon)),
    };
  }

  /** @benchpool/privacy's Laplace mechanism (values in [0, 1], sensitivity 1, scale 1/ε), output clamped to [0, 1]. */
  private laplace(pointId: string, field: string, value: number, epsilon: number): number {
    const draw = this.uniform(pointId, field);
    return new LaplaceMechanism({ epsilon, clampOutput: true, random: () => draw }).release(value);
  }

  /** Keeps the true answer with probability e^ε / (1 + e^ε). */
  private randomizedResponse(pointId: string, field: string, value: boolean, epsilon: number): boolean {
    const keep = Math.exp(epsilon) / (1 + Math.exp(epsilon));
    return this.uniform(pointId, field) < keep ? value : !value;
  }

  /** A uniform draw in (0, 1) that only the key holder can reproduce. */
  private uniform(pointId: string, field: string): number {
    const digest = createHmac('sha256', this.secretKey).update(`${this.releaseId}\u0000${pointId}\u0000${field}`).digest();
    const fraction = digest.readUIntBE(0, 6) / 2 ** 48;
    return Math.min(1 - 1e-12, Math.max(1e-12, fraction));
  }
}
