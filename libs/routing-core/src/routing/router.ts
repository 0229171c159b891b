import { RandomSource } from '../random/seeded-random';
import { AgentRecord } from '../registry/agent-registry.model';
import {
  EligibleAgent,
  InFlightCounts,
  RoutableTask,
  describeExclusions,
  filterEligibleAgents,
} from '../registry/eligibility.filter';
import { ArmStatsSnapshot } from '../statistics/arm-statistics.model';
import { resolveArmStats } from '../statistics/arm-statistics.resolver';
import { CapabilityMatchStrategy } from '../strategies/capability-match.strategy';
import { EpsilonGreedyStrategy } from '../strategies/epsilon-greedy.strategy';
import { LoadBalanceStrategy } from '../strategies/load-balance.strategy';
import { probabilityBeatsStrongestAlternative } from '../strategies/posterior-confidence';
import { ArmCandidate, BanditStrategyName, RoutingStrategy, StrategyResult, compareIds, formatScore } from '../strategies/strategy.model';
import { ThompsonSamplingStrategy } from '../strategies/thompson-sampling.strategy';
import { Ucb1Strategy } from '../strategies/ucb1.strategy';
import { RoutingConfig, StrategyConfig, policyVersionFor, strategyConfigFor } from './routing-config.model';
import { RoutingCandidate, RoutingDecision } from './routing-decision.model';

export interface RouteRequest {
  decisionId: string;
  task: RoutableTask;
  agents: readonly AgentRecord[];
  inFlight: InFlightCounts;
  /**
   * Current statistics; null when they cannot be read (Redis down). The router then falls back to
   * capability match. A stale snapshot plus `fallbackReason` keeps confidences informative.
   */
  armStats: ArmStatsSnapshot | null;
  /** set to force the fallback and say why (e.g. "Redis read timed out"). */
  fallbackReason?: string;
  /** decisions already made in the task's segment (ε-greedy decay). */
  decisionsInSegment?: number;
  decidedAt: string;
}

const EMPTY_STATS: ArmStatsSnapshot = { get: () => undefined };

export function createStrategy(config: StrategyConfig): RoutingStrategy {
  return createStrategyByName(config.strategy, config);
}

export function createStrategyByName(name: BanditStrategyName, config: StrategyConfig): RoutingStrategy {
  switch (name) {
    case 'thompson-sampling':
      return new ThompsonSamplingStrategy(config.thompsonSampling);
    case 'ucb1':
      return new Ucb1Strategy();
    case 'epsilon-greedy':
      return new EpsilonGreedyStrategy(config.epsilonGreedy);
    case 'capability-match':
      return new CapabilityMatchStrategy();
    case 'load-balance':
      return new LoadBalanceStrategy();
  }
}

/**
 * One routing decision, pure given its inputs and the random source: eligibility → posteriors
 * with back-off → at most maxCandidates by posterior mean → canary share → strategy. Never throws
 * for lack of agents: that is a decision with selectedAgentId null and the reason.
 */
export function decideRoute(request: RouteRequest, config: RoutingConfig, random: RandomSource): RoutingDecision {
  const { task } = request;
  const strategyConfig = strategyConfigFor(config, task.type);
  const fallbackReason =
    request.fallbackReason ?? (request.armStats === null ? 'routing statistics are unavailable' : undefined);
  const fallback = fallbackReason !== undefined;
  const stats = request.armStats ?? EMPTY_STATS;
  const { eligible, excluded } = filterEligibleAgents(task, request.agents, request.inFlight, {
    maxUtilisation: config.maxUtilisation,
  });
  const base = {
    decisionId: request.decisionId,
    taskId: task.taskId,
    taskType: task.type,
    complexity: task.complexity,
    strategy: fallback ? ('fallback' as const) : strategyConfig.strategy,
    policyVersion: policyVersionFor(config, task.type, fallback),
    decidedAt: request.decidedAt,
    excluded,
    ...(fallback ? { fallback: true } : {}),
  };
  const exclusionFactor = excluded.length > 0 ? [`excluded: ${describeExclusions(excluded)}`] : [];
  const fallbackFactor = fallback ? [`fallback to capability match: ${fallbackReason}`] : [];

  if (eligible.length === 0) {
    return {
      ...base,
      selectedAgentId: null,
      selectedAgentVersion: null,
      propensity: 1,
      confidence: 0,
      explored: false,
      candidates: [],
      candidateStatistics: [],
      rationale: {
        primaryReason: `no eligible agent: ${describeExclusions(excluded)}`,
        secondaryFactors: fallbackFactor,
      },
    };
  }

  const arms = eligible.map((agent) => toArmCandidate(agent, stats, task, config));
  const canaryPool = fallback
    ? []
    : arms.filter((arm, index) => eligible[index].agent.status === 'canary' && arm.posterior.segmentCount < config.canary.minSamples);
  const canaryIds = new Set(canaryPool.map((arm) => arm.agentId));
  const banditPool = arms
    .filter((arm) => !canaryIds.has(arm.agentId))
    .sort((left, right) => right.posterior.mean - left.posterior.mean || compareIds(left.agentId, right.agentId))
    .slice(0, config.maxCandidates);
  const dropped = arms.length - canaryPool.length - banditPool.length;
  const capFactor = dropped > 0 ? [`${dropped} eligible agent(s) beyond the best ${config.maxCandidates} by posterior mean left out`] : [];

  const canaryShare = canaryPool.length === 0 ? 0 : banditPool.length === 0 ? 1 : Math.min(1, config.canary.share * canaryPool.length);
  if (canaryPool.length > 0) {
    const draw = random.next();
    if (draw < canaryShare) {
      const chosen = canaryPool[Math.min(canaryPool.length - 1, Math.floor((draw / canaryShare) * canaryPool.length))];
      const all = [...banditPool, ...canaryPool];
      return {
        ...base,
        selectedAgentId: chosen.agentId,
        selectedAgentVersion: versionOf(eligible, chosen.agentId),
        propensity: canaryShare / canaryPool.length,
        confidence: probabilityBeatsStrongestAlternative(
          chosen.posterior,
          all.filter((arm) => arm !== chosen).map((arm) => arm.posterior),
        ),
        explored: true,
        canaryAgentId: chosen.agentId,
        candidates: all.map((arm) =>
          toRoutingCandidate(
            arm,
            canaryIds.has(arm.agentId) ? canaryShare / canaryPool.length : arm.posterior.mean,
            arm === chosen
              ? `canary version: drawn into the ${formatPercent(config.canary.share)} canary share`
              : canaryIds.has(arm.agentId)
                ? 'canary version, not drawn'
                : 'not considered: this task went to the canary share',
          ),
        ),
        candidateStatistics: all.map(toCandidateStatistics),
        rationale: {
          primaryReason: `canary: draw u=${draw.toFixed(4)} < canary share ${canaryShare.toFixed(4)}, so the new version ${chosen.agentId} gets this task (${chosen.posterior.segmentCount}/${config.canary.minSamples} samples in this segment)`,
          secondaryFactors: [...capFactor, ...exclusionFactor],
        },
      };
    }
  }

  const strategy: RoutingStrategy = fallback ? new CapabilityMatchStrategy() : createStrategy(strategyConfig);
  const result: StrategyResult = strategy.select(banditPool, {
    random,
    prior: config.prior,
    decisionsInSegment: request.decisionsInSegment ?? 0,
    discountFactor: config.discountFactor,
  });
  const outsideCanary = 1 - canaryShare;
  const chosen = banditPool[result.selectedIndex];
  const candidates = [
    ...banditPool.map((arm, index) => toRoutingCandidate(arm, result.finalScores[index], result.selectionReasons[index])),
    ...canaryPool.map((arm) => toRoutingCandidate(arm, canaryShare / canaryPool.length, 'canary version, not drawn')),
  ];
  const canaryFactor =
    canaryPool.length > 0
      ? [`canary share not drawn (${formatPercent(canaryShare)} of this segment goes to ${canaryPool.map((arm) => arm.agentId).join(', ')})`]
      : [];
  const primaryReason = fallback ? `fallback (${fallbackReason}): ${result.primaryReason}` : result.primaryReason;
  return {
    ...base,
    selectedAgentId: chosen.agentId,
    selectedAgentVersion: versionOf(eligible, chosen.agentId),
    propensity: Math.max(Number.MIN_VALUE, result.propensity * outsideCanary),
    ...(result.propensityDraws !== undefined ? { propensityDraws: result.propensityDraws } : {}),
    confidence: result.confidence,
    explored: result.explored,
    candidates,
    candidateStatistics: [...banditPool, ...canaryPool].map(toCandidateStatistics),
    ...(result.actionProbabilities
      ? {
          candidateProbabilities: Object.fromEntries([
            ...banditPool.map((arm, index) => [arm.agentId, (result.actionProbabilities as number[])[index] * outsideCanary]),
            ...canaryPool.map((arm) => [arm.agentId, canaryShare / canaryPool.length]),
          ]),
        }
      : {}),
    rationale: {
      primaryReason,
      secondaryFactors: [
        ...fallbackFactor,
        ...result.secondaryFactors,
        `load ${Math.round(chosen.utilisation * 100)}%, capability fit ${formatScore(chosen.capabilityScore)}`,
        ...canaryFactor,
        ...capFactor,
        ...exclusionFactor,
      ],
    },
  };
}

function versionOf(eligible: readonly EligibleAgent[], agentId: string): string | null {
  return eligible.find((entry) => entry.agent.agentId === agentId)?.agent.version ?? null;
}

function toArmCandidate(agent: EligibleAgent, stats: ArmStatsSnapshot, task: RoutableTask, config: RoutingConfig): ArmCandidate {
  return {
    agentId: agent.agent.agentId,
    capabilityScore: agent.capabilityScore,
    loadScore: agent.loadScore,
    utilisation: agent.utilisation,
    posterior: resolveArmStats(stats, agent.agent.agentId, task.type, task.complexity, {
      minSamples: config.minSegmentSamples,
      prior: config.prior,
    }),
  };
}

function toRoutingCandidate(arm: ArmCandidate, finalScore: number, selectionReason: string): RoutingCandidate {
  return {
    agentId: arm.agentId,
    capabilityScore: arm.capabilityScore,
    performanceScore: arm.posterior.mean,
    loadScore: arm.loadScore,
    finalScore,
    selectionReason,
  };
}

function toCandidateStatistics(arm: ArmCandidate): RoutingDecision['candidateStatistics'][number] {
  return {
    agentId: arm.agentId,
    level: arm.posterior.level,
    effectiveSamples: arm.posterior.effectiveSamples,
    segmentCount: arm.posterior.segmentCount,
  };
}

function formatPercent(value: number): string {
  return `${Math.round(value * 1000) / 10}%`;
}
