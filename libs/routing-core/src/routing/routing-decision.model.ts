import type { RoutingCandidate, RoutingContext } from '../../../contracts/src/model/benchmark-datapoint.model';
import { AgentExclusion } from '../registry/eligibility.filter';
import { StatsLevel } from '../statistics/arm-statistics.model';

export type { RoutingCandidate, RoutingContext };

/**
 * What the router returns: the routing.decision.made.v1 payload (RoutingContext + taskId) plus
 * diagnostics the service may log but need not publish.
 */
export interface RoutingDecision extends RoutingContext {
  taskId: string;
  /** every registered agent that was filtered out, with the filter that removed it. */
  excluded: AgentExclusion[];
  /** per candidate, the statistics level its posterior came from. */
  candidateStatistics: Array<{ agentId: string; level: StatsLevel; effectiveSamples: number; segmentCount: number }>;
  /** exact probability of every candidate, when the policy knows it (not for Thompson sampling). */
  candidateProbabilities?: Record<string, number>;
  /** set when the decision went to a canary version through the canary share. */
  canaryAgentId?: string;
}
