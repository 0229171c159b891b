/**
 * Bandit statistics per arm at three levels: segment (agent, task type, complexity), task type
 * (agent, task type) and agent-wide. Each level is a Beta posterior over the expected fractional
 * reward, stored as α, β *including* the prior, plus the raw number of updates.
 *
 * Discounting (discounted Thompson sampling): each arm has a clock (see DiscountClock); at each
 * tick its evidence (α − α₀, β − β₀) is multiplied by γ. With the default 'level' clock a segment
 * arm decays whenever its segment is served, so arms that are not chosen drift back towards the
 * prior and get re-explored, which is what lets the router notice an agent that has improved.
 * Stored values are discounted lazily: an arm remembers the clock value of its last update and is
 * brought up to date on read (γ^(clock − tick)), so an update touches one arm per level, not all.
 * The in-memory store and the Redis Lua scripts implement exactly this arithmetic.
 */
export interface BetaParameters {
  alpha: number;
  beta: number;
}

/** Beta(1, 1): uniform, no opinion on a new agent (the seeds' fixed 0.8 prior is deliberately gone). */
export const UNIFORM_PRIOR: Readonly<BetaParameters> = Object.freeze({ alpha: 1, beta: 1 });

/** As stored: α, β as of `tick` (the level clock just after the last update). */
export interface StoredArmStats extends BetaParameters {
  count: number;
  rewardSum: number;
  tick: number;
}

/** Brought up to date with the level clock: what decisions use. */
export interface ArmStats extends BetaParameters {
  /** raw number of rewards ever applied (not discounted). */
  count: number;
  rewardSum: number;
  /** clock ticks since the arm's last reward (how stale its evidence is). */
  idleTicks?: number;
}

/** Anything keyed by armStatsKey: a Map from the Redis reader, or the in-memory store. */
export interface ArmStatsSnapshot {
  get(key: string): ArmStats | undefined;
}

export type StatsLevel = 'segment' | 'task-type' | 'agent' | 'prior';

export function armStatsKey(agentId: string, taskType?: string, complexity?: string): string {
  if (taskType === undefined) return agentId;
  if (complexity === undefined) return `${agentId}:${taskType}`;
  return `${agentId}:${taskType}:${complexity}`;
}

/**
 * What counts as one tick of time for the discount of an arm:
 * - 'level' (default): a reward anywhere in the arm's level, for any agent — segment arms tick with
 *   their segment's rewards, task-type arms with the task type's, agent-wide arms with every
 *   reward. An agent nobody picks drifts back to the prior and gets re-explored: that is how an
 *   agent that improved is noticed. (Coarse levels forget faster in segment terms; they only seed
 *   segments with few samples and are capped at minSamples of evidence there, see the resolver.)
 * - 'arm': the arm's own rewards only (γ before each of its own updates) — an agent nobody picks
 *   keeps its old record; the simulation shows it rarely notices an improvement.
 * - 'global': every reward anywhere ticks every arm (time measured in tasks).
 */
export type DiscountClock = 'level' | 'arm' | 'global';

/** Field of the clocks hash that drives the discount of an arm. */
export function clockFieldFor(discountClock: DiscountClock, agentId: string, taskType?: string, complexity?: string): string {
  if (discountClock === 'global') return 'global';
  if (discountClock === 'arm') return `arm:${armStatsKey(agentId, taskType, complexity)}`;
  if (taskType === undefined) return 'agent';
  if (complexity === undefined) return `task-type:${taskType}`;
  return `segment:${taskType}:${complexity}`;
}

/** The three (key, clock) pairs a reward for (agent, task type, complexity) updates. */
export function armLevels(
  agentId: string,
  taskType: string,
  complexity: string,
  discountClock: DiscountClock = 'level',
): Array<{ level: Exclude<StatsLevel, 'prior'>; key: string; clockField: string }> {
  return [
    {
      level: 'segment',
      key: armStatsKey(agentId, taskType, complexity),
      clockField: clockFieldFor(discountClock, agentId, taskType, complexity),
    },
    { level: 'task-type', key: armStatsKey(agentId, taskType), clockField: clockFieldFor(discountClock, agentId, taskType) },
    { level: 'agent', key: armStatsKey(agentId), clockField: clockFieldFor(discountClock, agentId) },
  ];
}

export function effectiveSamples(stats: BetaParameters, prior: BetaParameters = UNIFORM_PRIOR): number {
  return Math.max(0, stats.alpha + stats.beta - prior.alpha - prior.beta);
}

export function posteriorMean(stats: BetaParameters): number {
  return stats.alpha / (stats.alpha + stats.beta);
}

export function posteriorVariance(stats: BetaParameters): number {
  const total = stats.alpha + stats.beta;
  return (stats.alpha * stats.beta) / (total * total * (total + 1));
}

/** Evidence decayed by γ per elapsed tick, never below the prior. */
export function discountArmStats(
  stored: StoredArmStats,
  clockNow: number,
  discountFactor: number,
  prior: BetaParameters = UNIFORM_PRIOR,
): ArmStats {
  const idleTicks = Math.max(0, clockNow - stored.tick);
  const factor = Math.pow(discountFactor, idleTicks);
  return {
    alpha: prior.alpha + Math.max(0, stored.alpha - prior.alpha) * factor,
    beta: prior.beta + Math.max(0, stored.beta - prior.beta) * factor,
    count: stored.count,
    rewardSum: stored.rewardSum,
    idleTicks,
  };
}

/**
 * One fractional-reward update at clock `newTick` (the clock value after its increment):
 * discount the evidence by γ^(newTick − tick) — at least one γ, "before adding" — then
 * α += r, β += 1 − r.
 */
export function applyRewardToArm(
  stored: StoredArmStats | undefined,
  newTick: number,
  reward: number,
  discountFactor: number,
  prior: BetaParameters = UNIFORM_PRIOR,
): StoredArmStats {
  const current = stored ?? { alpha: prior.alpha, beta: prior.beta, count: 0, rewardSum: 0, tick: newTick - 1 };
  const decayed = discountArmStats(current, newTick, discountFactor, prior);
  return {
    alpha: decayed.alpha + reward,
    beta: decayed.beta + (1 - reward),
    count: current.count + 1,
    rewardSum: current.rewardSum + reward,
    tick: newTick,
  };
}

/**
 * A new agent version starts from its parent's posterior with the evidence shrunk by
 * `retainedFraction` (0 = start from the prior, 1 = inherit everything): it is probably similar
 * to its parent, but it must earn its own record. Raw counts start at zero.
 */
export function warmStartFromParent(
  parentPosterior: BetaParameters,
  retainedFraction: number,
  prior: BetaParameters = UNIFORM_PRIOR,
): BetaParameters {
  const factor = Math.min(1, Math.max(0, retainedFraction));
  return {
    alpha: prior.alpha + Math.max(0, parentPosterior.alpha - prior.alpha) * factor,
    beta: prior.beta + Math.max(0, parentPosterior.beta - prior.beta) * factor,
  };
}
