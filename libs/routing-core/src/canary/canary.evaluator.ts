import { BetaSampler } from '../random/beta-sampler';
import { RandomSource } from '../random/seeded-random';
import { AgentRecord } from '../registry/agent-registry.model';
import { BetaParameters } from '../statistics/arm-statistics.model';

/**
 * Canary lifecycle of an agent version deployed by the RL pipeline:
 * 1. rl.agent.deployed.v1 → a new AgentRecord with status 'canary' and lineage → its statistics
 *    are warm-started from the parent's (warmStartFromParent / the store's warmStart).
 * 2. The router gives it `canary.share` of each segment's traffic until it has
 *    `canary.minSamples` rewards there; then it competes in the bandit like any agent.
 * 3. After each of its rewards the service calls evaluateCanary(child, parent): 'promote' when
 *    P(child better) ≥ 0.95, 'rollback' when ≤ 0.05, else 'continue'.
 * 4. applyCanaryVerdict: promote → child 'active', parent 'retired'; rollback → child
 *    'rolled-back' with the reason (routing to it stops at once; the service publishes why).
 */
export type CanaryVerdict = 'promote' | 'rollback' | 'continue';

export interface CanaryEvaluationOptions {
  random: RandomSource;
  promoteThreshold?: number;
  rollbackThreshold?: number;
  /** the child's own rewards needed before any verdict (inherited evidence does not count). */
  minChildSamples?: number;
  draws?: number;
}

export interface CanaryPosterior extends BetaParameters {
  /** the version's own (raw) reward count. */
  count: number;
}

export interface CanaryEvaluation {
  verdict: CanaryVerdict;
  probabilityChildBetter: number;
  draws: number;
  reason: string;
}

/** P(X > Y) for X ~ Beta(child), Y ~ Beta(parent) by Monte Carlo with the injected source. */
export function probabilityBetaGreater(
  child: BetaParameters,
  parent: BetaParameters,
  random: RandomSource,
  draws = 20_000,
): number {
  const sampler = new BetaSampler(random);
  let wins = 0;
  for (let draw = 0; draw < draws; draw += 1) {
    if (sampler.beta(child.alpha, child.beta) > sampler.beta(parent.alpha, parent.beta)) wins += 1;
  }
  return wins / draws;
}

export function evaluateCanary(
  child: CanaryPosterior,
  parent: CanaryPosterior,
  options: CanaryEvaluationOptions,
): CanaryEvaluation {
  const promoteThreshold = options.promoteThreshold ?? 0.95;
  const rollbackThreshold = options.rollbackThreshold ?? 0.05;
  const minChildSamples = options.minChildSamples ?? 10;
  const draws = options.draws ?? 20_000;
  const probability = probabilityBetaGreater(child, parent, options.random, draws);
  const described = `P(child better than parent) = ${probability.toFixed(3)} after ${child.count} child rewards`;
  if (child.count < minChildSamples) {
    return { verdict: 'continue', probabilityChildBetter: probability, draws, reason: `${described}; waiting for ${minChildSamples}` };
  }
  if (probability >= promoteThreshold) {
    return { verdict: 'promote', probabilityChildBetter: probability, draws, reason: `${described} ≥ ${promoteThreshold}` };
  }
  if (probability <= rollbackThreshold) {
    return { verdict: 'rollback', probabilityChildBetter: probability, draws, reason: `${described} ≤ ${rollbackThreshold}: credibly worse` };
  }
  return { verdict: 'continue', probabilityChildBetter: probability, draws, reason: described };
}

export interface CanaryTransition {
  agents: AgentRecord[];
  /** what the service announces; null for 'continue'. */
  change: null | { kind: 'promoted' | 'rolled-back'; agentId: string; parentAgentId: string; reason: string };
}

/** Pure: returns the registry with the verdict applied. */
export function applyCanaryVerdict(
  agents: readonly AgentRecord[],
  childAgentId: string,
  evaluation: Pick<CanaryEvaluation, 'verdict' | 'reason'>,
): CanaryTransition {
  const child = agents.find((agent) => agent.agentId === childAgentId);
  if (!child || child.status !== 'canary' || !child.lineage || evaluation.verdict === 'continue') {
    return { agents: [...agents], change: null };
  }
  const parentAgentId = child.lineage.parentAgentId;
  if (evaluation.verdict === 'promote') {
    return {
      agents: agents.map((agent) =>
        agent.agentId === childAgentId
          ? { ...agent, status: 'active', statusReason: `promoted: ${evaluation.reason}` }
          : agent.agentId === parentAgentId
            ? { ...agent, status: 'retired', statusReason: `superseded by ${childAgentId}` }
            : agent,
      ),
      change: { kind: 'promoted', agentId: childAgentId, parentAgentId, reason: evaluation.reason },
    };
  }
  return {
    agents: agents.map((agent) =>
      agent.agentId === childAgentId ? { ...agent, status: 'rolled-back', statusReason: `rolled back: ${evaluation.reason}` } : agent,
    ),
    change: { kind: 'rolled-back', agentId: childAgentId, parentAgentId, reason: evaluation.reason },
  };
}
