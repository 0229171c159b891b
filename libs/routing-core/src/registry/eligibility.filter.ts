import { AgentRecord, capabilityCoverage, isRoutableStatus } from './agent-registry.model';

export interface RoutableTask {
  taskId: string;
  type: string;
  complexity: string;
  requirements: string[];
  candidateAgentIds?: string[];
}

export type EligibilityFilter = 'candidate-list' | 'status' | 'capability' | 'utilisation';

export interface AgentExclusion {
  agentId: string;
  filter: EligibilityFilter;
  detail: string;
}

export interface EligibleAgent {
  agent: AgentRecord;
  capabilityScore: number;
  inFlight: number;
  /** inFlight ÷ maxConcurrency. */
  utilisation: number;
  /** 1 − utilisation, clamped to [0, 1]. */
  loadScore: number;
}

export interface EligibilityOptions {
  /** an agent at or above this utilisation takes no new task. */
  maxUtilisation?: number;
}

export const DEFAULT_MAX_UTILISATION = 0.9;

export type InFlightCounts = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

export function inFlightOf(counts: InFlightCounts, agentId: string): number {
  const value = counts instanceof Map ? counts.get(agentId) : (counts as Record<string, number>)[agentId];
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : 0;
}

/**
 * The filters in the order the issue states them; each excluded agent is reported with the first
 * filter that removed it, so a "no eligible agent" decision can say who was removed and why.
 */
export function filterEligibleAgents(
  task: RoutableTask,
  agents: readonly AgentRecord[],
  inFlight: InFlightCounts,
  options: EligibilityOptions = {},
): { eligible: EligibleAgent[]; excluded: AgentExclusion[] } {
  const maxUtilisation = options.maxUtilisation ?? DEFAULT_MAX_UTILISATION;
  const named = task.candidateAgentIds && task.candidateAgentIds.length > 0 ? new Set(task.candidateAgentIds) : null;
  const eligible: EligibleAgent[] = [];
  const excluded: AgentExclusion[] = [];
  for (const agent of agents) {
    if (named && !named.has(agent.agentId) && !(agent.lineage && named.has(agent.lineage.baseAgentId))) {
      excluded.push({ agentId: agent.agentId, filter: 'candidate-list', detail: 'not among the task candidateAgentIds' });
      continue;
    }
    if (!isRoutableStatus(agent.status)) {
      excluded.push({
        agentId: agent.agentId,
        filter: 'status',
        detail: `status ${agent.status}${agent.statusReason ? ` (${agent.statusReason})` : ''}`,
      });
      continue;
    }
    const capability = capabilityCoverage(task.requirements, agent.capabilities);
    if (capability.missing.length > 0) {
      excluded.push({ agentId: agent.agentId, filter: 'capability', detail: `lacks ${capability.missing.join(', ')}` });
      continue;
    }
    const count = inFlightOf(inFlight, agent.agentId);
    const utilisation = agent.maxConcurrency > 0 ? count / agent.maxConcurrency : 1;
    if (utilisation >= maxUtilisation) {
      excluded.push({
        agentId: agent.agentId,
        filter: 'utilisation',
        detail: `utilisation ${formatPercent(utilisation)} (${count}/${agent.maxConcurrency}) ≥ ${formatPercent(maxUtilisation)}`,
      });
      continue;
    }
    eligible.push({
      agent,
      capabilityScore: capability.score,
      inFlight: count,
      utilisation,
      loadScore: Math.min(1, Math.max(0, 1 - utilisation)),
    });
  }
  return { eligible, excluded };
}

export function describeExclusions(excluded: readonly AgentExclusion[]): string {
  if (excluded.length === 0) return 'no agent is registered';
  const byFilter = new Map<EligibilityFilter, string[]>();
  for (const exclusion of excluded) {
    byFilter.set(exclusion.filter, [...(byFilter.get(exclusion.filter) ?? []), `${exclusion.agentId} (${exclusion.detail})`]);
  }
  return [...byFilter.entries()].map(([filter, entries]) => `${filter} filter removed ${entries.join('; ')}`).join(' | ');
}

function formatPercent(value: number): string {
  return `${Math.round(value * 100)}%`;
}
