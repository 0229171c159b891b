import { percentile } from '@benchpool/utils';
import { RandomSource, createSeededRandom } from '../random/seeded-random';

/**
 * Off-policy evaluation of a routing policy on logged decisions: what would the candidate policy
 * have earned on the tasks the logging policy routed?
 *
 *   w_i = π(a_i | x_i) / p_i     (p_i = the logged propensity of the logged action a_i)
 *   IPS   = (1/n) Σ w_i r_i       unbiased when p_i > 0 wherever π puts mass
 *   SNIPS = Σ w_i r_i / Σ w_i     slightly biased, much lower variance; stays in the reward range
 *   ESS   = (Σ w_i)² / Σ w_i²     how many logged decisions the estimate is effectively worth
 *
 * Confidence intervals: percentile bootstrap over decisions (seeded). A learning candidate policy
 * (bandit) is replayed in log order: it gives its probabilities for a decision before it sees that
 * decision's logged outcome, then learns from it — i.e. it is evaluated as if it had been fed the
 * logged feedback stream (the usual replay approximation; its own choices' outcomes are unseen).
 */
export interface LoggedCandidate {
  agentId: string;
  capabilityScore: number;
  performanceScore: number;
  loadScore: number;
  finalScore?: number;
  selectionReason?: string;
}

export interface LoggedDecision {
  context: { taskId?: string; type: string; complexity: string; [field: string]: unknown };
  candidates: LoggedCandidate[];
  chosenAgentId: string;
  propensity: number;
  reward: number;
}

export interface OfflinePolicy {
  readonly name: string;
  /** π(logged action | context), computed before the policy sees this decision's outcome. */
  probabilityOfLoggedAction(entry: LoggedDecision): number;
  /** learning policies update their statistics with the logged outcome. */
  observe?(entry: LoggedDecision): void;
}

export interface EstimateWithInterval {
  estimate: number;
  lower: number;
  upper: number;
}

export interface OffPolicyEvaluation {
  policy: string;
  decisions: number;
  ips: EstimateWithInterval;
  snips: EstimateWithInterval;
  effectiveSampleSize: number;
  /** mean logged reward: the logging policy's own value, for comparison. */
  loggingPolicyValue: EstimateWithInterval;
  /** share of decisions where the candidate policy could have taken the logged action. */
  supportRate: number;
  maxWeight: number;
  confidenceLevel: number;
  bootstrapSamples: number;
}

export interface OffPolicyOptions {
  bootstrapSamples?: number;
  confidenceLevel?: number;
  seed?: number | string;
}

export function validateLoggedDecision(entry: LoggedDecision, index: number): void {
  const where = `logged decision ${index}`;
  if (!entry || typeof entry !== 'object') throw new TypeError(`${where}: not an object`);
  if (!entry.context || typeof entry.context.type !== 'string' || typeof entry.context.complexity !== 'string') {
    throw new TypeError(`${where}: context.type and context.complexity are required`);
  }
  if (!Array.isArray(entry.candidates) || entry.candidates.length === 0) throw new TypeError(`${where}: candidates must be a non-empty array`);
  if (!entry.candidates.some((candidate) => candidate.agentId === entry.chosenAgentId)) {
    throw new TypeError(`${where}: chosenAgentId ${entry.chosenAgentId} is not among the candidates`);
  }
  if (!(entry.propensity > 0 && entry.propensity <= 1)) throw new RangeError(`${where}: propensity must be in (0, 1], got ${entry.propensity}`);
  if (!(entry.reward >= 0 && entry.reward <= 1)) throw new RangeError(`${where}: reward must be in [0, 1], got ${entry.reward}`);
}

export function evaluatePolicyOffline(
  logs: readonly LoggedDecision[],
  candidatePolicy: OfflinePolicy,
  options: OffPolicyOptions = {},
): OffPolicyEvaluation {
  const bootstrapSamples = options.bootstrapSamples ?? 1000;
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  const count = logs.length;
  const weights = new Float64Array(count);
  const rewards = new Float64Array(count);
  logs.forEach((entry, index) => {
    validateLoggedDecision(entry, index);
    const probability = candidatePolicy.probabilityOfLoggedAction(entry);
    if (!(probability >= 0 && probability <= 1 + 1e-9)) {
      throw new RangeError(`policy ${candidatePolicy.name} gave probability ${probability} for logged decision ${index}`);
    }
    weights[index] = probability / entry.propensity;
    rewards[index] = entry.reward;
    candidatePolicy.observe?.(entry);
  });

  const statistics = (indexes: ArrayLike<number> | null) => {
    let weightedReward = 0;
    let weightSum = 0;
    let rewardSum = 0;
    const size = indexes ? indexes.length : count;
    for (let position = 0; position < size; position += 1) {
      const index = indexes ? indexes[position] : position;
      weightedReward += weights[index] * rewards[index];
      weightSum += weights[index];
      rewardSum += rewards[index];
    }
    return {
      ips: size > 0 ? weightedReward / size : Number.NaN,
      snips: weightSum > 0 ? weightedReward / weightSum : Number.NaN,
      logged: size > 0 ? rewardSum / size : Number.NaN,
    };
  };

  const point = statistics(null);
  const random: RandomSource = createSeededRandom(options.seed ?? 'off-policy-evaluation');
  const resampled = { ips: [] as number[], snips: [] as number[], logged: [] as number[] };
  const indexes = new Uint32Array(count);
  for (let sample = 0; sample < bootstrapSamples && count > 0; sample += 1) {
    for (let position = 0; position < count; position += 1) indexes[position] = Math.floor(random.next() * count);
    const estimate = statistics(indexes);
    resampled.ips.push(estimate.ips);
    if (Number.isFinite(estimate.snips)) resampled.snips.push(estimate.snips);
    resampled.logged.push(estimate.logged);
  }
  const tail = ((1 - confidenceLevel) / 2) * 100;
  const interval = (estimate: number, values: number[]): EstimateWithInterval => ({
    estimate,
    lower: values.length ? percentile(values, tail) : Number.NaN,
    upper: values.length ? percentile(values, 100 - tail) : Number.NaN,
  });

  let weightSum = 0;
  let weightSquares = 0;
  let supported = 0;
  let maxWeight = 0;
  for (const weight of weights) {
    weightSum += weight;
    weightSquares += weight * weight;
    if (weight > 0) supported += 1;
    maxWeight = Math.max(maxWeight, weight);
  }
  return {
    policy: candidatePolicy.name,
    decisions: count,
    ips: interval(point.ips, resampled.ips),
    snips: interval(point.snips, resampled.snips),
    effectiveSampleSize: weightSquares > 0 ? (weightSum * weightSum) / weightSquares : 0,
    loggingPolicyValue: interval(point.logged, resampled.logged),
    supportRate: count > 0 ? supported / count : 0,
    maxWeight,
    confidenceLevel,
    bootstrapSamples,
  };
}
