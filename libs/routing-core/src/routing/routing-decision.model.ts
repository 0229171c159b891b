import type { DecisionMadeV1, RoutingCandidate, RoutingContext } from '@benchpool/contracts';
import { AgentExclusion } from '../registry/eligibility.filter';
import { StatsLevel } from '../statistics/arm-statistics.model';

export type { RoutingCandidate, RoutingContext };

/**
 * What the router returns: the routing.decision.made.v1 payload (RoutingContext + taskId) plus
 * diagnostics the service may log but need not publish.
 */
export interface RoutingDecision extends RoutingContext {
  taskId: string;
  taskType: string;
  complexity: string;
  /** version of the selected agent (null when none was selected). */
  selectedAgentVersion: string | null;
  /** every registered agent that was filtered out, with the filter that removed it. */
  excluded: AgentExclusion[];
  /** per candidate, the statistics level its posterior came from. */
  candidateStatistics: Array<{ agentId: string; level: StatsLevel; effectiveSamples: number; segmentCount: number }>;
  /** exact probability of every candidate, when the policy knows it (not for Thompson sampling). */
  candidateProbabilities?: Record<string, number>;
  /** set when the decision went to a canary version through the canary share. */
  canaryAgentId?: string;
}

/** Exactly the routing.decision.made.v1 payload fields (the diagnostics stay out of the event). */
export function toDecisionEvent(decision: RoutingDecision): DecisionMadeV1 {
  return {
    decisionId: decision.decisionId,
    taskId: decision.taskId,
    taskType: decision.taskType,
    complexity: decision.complexity as DecisionMadeV1['complexity'],
    selectedAgentId: decision.selectedAgentId,
    selectedAgentVersion: decision.selectedAgentVersion,
    strategy: decision.strategy,
    policyVersion: decision.policyVersion,
    propensity: decision.propensity,
    ...(decision.propensityDraws !== undefined ? { propensityDraws: decision.propensityDraws } : {}),
    confidence: decision.confidence,
    ...(decision.explored !== undefined ? { explored: decision.explored } : {}),
    ...(decision.fallback !== undefined ? { fallback: decision.fallback } : {}),
    candidates: decision.candidates.map((candidate) => ({ ...candidate })),
    rationale: { primaryReason: decision.rationale.primaryReason, secondaryFactors: [...decision.rationale.secondaryFactors] },
    decidedAt: decision.decidedAt,
  };
}
