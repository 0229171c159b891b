import { shortHash } from '@benchpool/utils';
import { BetaParameters, DiscountClock, UNIFORM_PRIOR } from '../statistics/arm-statistics.model';
import { DEFAULT_MIN_SEGMENT_SAMPLES } from '../statistics/arm-statistics.resolver';
import { DEFAULT_EPSILON_GREEDY_CONFIG, EpsilonGreedyConfig } from '../strategies/epsilon-greedy.strategy';
import { BanditStrategyName } from '../strategies/strategy.model';
import { DEFAULT_THOMPSON_SAMPLING_CONFIG, ThompsonSamplingConfig } from '../strategies/thompson-sampling.strategy';
import { DEFAULT_MAX_UTILISATION } from '../registry/eligibility.filter';

/** What may differ per task type: the strategy and its own knobs. */
export interface StrategyConfig {
  strategy: BanditStrategyName;
  thompsonSampling: ThompsonSamplingConfig;
  epsilonGreedy: EpsilonGreedyConfig;
}

/** What config files and per-task-type entries may set: any subset, merged over the defaults. */
export interface StrategyConfigOverrides {
  strategy?: BanditStrategyName;
  thompsonSampling?: Partial<ThompsonSamplingConfig>;
  epsilonGreedy?: Partial<EpsilonGreedyConfig>;
}

export interface CanaryConfig {
  /** share of a segment's traffic a canary version receives while it has few samples there. */
  share: number;
  /** segment samples after which the canary competes in the bandit like any agent. */
  minSamples: number;
}

/**
 * Deployment-wide settings. The discount factor and the prior are not per task type: the agent-
 * wide statistics mix task types, and the Redis scripts and the lazy discount use one γ.
 */
export interface RoutingConfig {
  /** γ per tick of a statistics level's clock (see arm-statistics.model). */
  discountFactor: number;
  /** what one tick of the discount is (see arm-statistics.model). */
  discountClock: DiscountClock;
  prior: BetaParameters;
  minSegmentSamples: number;
  maxCandidates: number;
  maxUtilisation: number;
  canary: CanaryConfig;
  policy: StrategyConfig;
  perTaskType: Record<string, StrategyConfigOverrides>;
}

/**
 * γ per segment reward, tuned together with Thompson sampling's evidence weight on the simulation
 * (README, "Tuning"): 0.9985 forgets an idle agent's record over roughly a thousand tasks of its
 * segment, enough to notice an agent that improved within a few hundred tasks, at a modest
 * exploration cost.
 */
export const DEFAULT_DISCOUNT_FACTOR = 0.9985;

export const DEFAULT_ROUTING_CONFIG: RoutingConfig = {
  discountFactor: DEFAULT_DISCOUNT_FACTOR,
  discountClock: 'level',
  prior: { ...UNIFORM_PRIOR },
  minSegmentSamples: DEFAULT_MIN_SEGMENT_SAMPLES,
  maxCandidates: 10,
  maxUtilisation: DEFAULT_MAX_UTILISATION,
  canary: { share: 0.1, minSamples: 30 },
  policy: {
    strategy: 'thompson-sampling',
    thompsonSampling: { ...DEFAULT_THOMPSON_SAMPLING_CONFIG },
    epsilonGreedy: { ...DEFAULT_EPSILON_GREEDY_CONFIG },
  },
  perTaskType: {},
};

export type RoutingConfigOverrides = Partial<Omit<RoutingConfig, 'policy' | 'canary'>> & {
  policy?: StrategyConfigOverrides;
  canary?: Partial<CanaryConfig>;
};

export function createRoutingConfig(overrides: RoutingConfigOverrides = {}): RoutingConfig {
  const config: RoutingConfig = {
    ...DEFAULT_ROUTING_CONFIG,
    ...overrides,
    prior: { ...DEFAULT_ROUTING_CONFIG.prior, ...overrides.prior },
    canary: { ...DEFAULT_ROUTING_CONFIG.canary, ...overrides.canary },
    policy: mergeStrategyConfig(DEFAULT_ROUTING_CONFIG.policy, overrides.policy ?? {}),
    perTaskType: { ...overrides.perTaskType },
  };
  validateRoutingConfig(config);
  return config;
}

export function strategyConfigFor(config: RoutingConfig, taskType: string): StrategyConfig {
  const override = config.perTaskType[taskType];
  return override ? mergeStrategyConfig(config.policy, override) : config.policy;
}

function mergeStrategyConfig(base: StrategyConfig, override: StrategyConfigOverrides): StrategyConfig {
  return {
    strategy: override.strategy ?? base.strategy,
    thompsonSampling: { ...base.thompsonSampling, ...override.thompsonSampling },
    epsilonGreedy: { ...base.epsilonGreedy, ...override.epsilonGreedy },
  };
}

/** Throws with the offending setting named, so a service can refuse to boot on it. */
export function validateRoutingConfig(config: RoutingConfig): void {
  const problems: string[] = [];
  const inRange = (name: string, value: number, low: number, high: number, lowOpen = false) => {
    if (!Number.isFinite(value) || value > high || (lowOpen ? value <= low : value < low)) {
      problems.push(`${name} must be in ${lowOpen ? '(' : '['}${low}, ${high}], got ${value}`);
    }
  };
  inRange('discountFactor', config.discountFactor, 0, 1, true);
  if (!['level', 'arm', 'global'].includes(config.discountClock)) problems.push(`discountClock must be level, arm or global, got ${config.discountClock}`);
  inRange('prior.alpha', config.prior.alpha, 0, 1e6, true);
  inRange('prior.beta', config.prior.beta, 0, 1e6, true);
  inRange('minSegmentSamples', config.minSegmentSamples, 0, 1e9);
  inRange('maxCandidates', config.maxCandidates, 1, 1000);
  inRange('maxUtilisation', config.maxUtilisation, 0, 1, true);
  inRange('canary.share', config.canary.share, 0, 1);
  inRange('canary.minSamples', config.canary.minSamples, 0, 1e9);
  for (const [scope, strategy] of [['policy', config.policy] as const, ...Object.entries(config.perTaskType).map(([type]) => [`perTaskType.${type}`, strategyConfigFor(config, type)] as const)]) {
    if (!STRATEGY_NAMES.includes(strategy.strategy)) problems.push(`${scope}.strategy must be one of ${STRATEGY_NAMES.join(', ')}, got ${strategy.strategy}`);
    inRange(`${scope}.thompsonSampling.propensityDraws`, strategy.thompsonSampling.propensityDraws, 1, 1e6);
    inRange(`${scope}.thompsonSampling.evidenceWeight`, strategy.thompsonSampling.evidenceWeight, 0, 100, true);
    inRange(`${scope}.epsilonGreedy.initialEpsilon`, strategy.epsilonGreedy.initialEpsilon, 0, 1);
    inRange(`${scope}.epsilonGreedy.decay`, strategy.epsilonGreedy.decay, 0, 1);
    inRange(`${scope}.epsilonGreedy.floor`, strategy.epsilonGreedy.floor, 0, 1);
  }
  if (problems.length > 0) throw new Error(`invalid routing config: ${problems.join('; ')}`);
}

export const STRATEGY_NAMES: readonly BanditStrategyName[] = [
  'thompson-sampling',
  'ucb1',
  'epsilon-greedy',
  'capability-match',
  'load-balance',
];

const versionCache = new WeakMap<RoutingConfig, Map<string, string>>();

/**
 * A stable short id of everything that shapes a decision for this task type: the strategy, its
 * own parameters and the deployment-wide settings. Equal configs give equal versions across
 * replicas and restarts; any change gives a new one. Fallback decisions get their own version.
 */
export function policyVersionFor(config: RoutingConfig, taskType: string, fallback = false): string {
  let perType = versionCache.get(config);
  if (!perType) {
    perType = new Map();
    versionCache.set(config, perType);
  }
  const cacheKey = `${fallback ? 'fallback' : 'policy'}:${taskType}`;
  const cached = perType.get(cacheKey);
  if (cached) return cached;
  const strategy = strategyConfigFor(config, taskType);
  const name = fallback ? 'fallback' : strategy.strategy;
  const parameters =
    name === 'thompson-sampling' ? strategy.thompsonSampling : name === 'epsilon-greedy' ? strategy.epsilonGreedy : {};
  const version = `${name}-${shortHash({
    strategy: name,
    parameters,
    discountFactor: config.discountFactor,
    discountClock: config.discountClock,
    prior: config.prior,
    minSegmentSamples: config.minSegmentSamples,
    maxCandidates: config.maxCandidates,
    maxUtilisation: config.maxUtilisation,
    canary: config.canary,
  }).slice(0, 8)}`;
  perType.set(cacheKey, version);
  return version;
}
