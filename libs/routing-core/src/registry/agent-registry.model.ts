/**
 * What routing knows about an agent, from arbiter.agent.registered.v1 and rl.agent.deployed.v1.
 * `agentId` is the routable id the decision names. A version deployed by the RL pipeline is a
 * separate routable entry (see versionedAgentId) whose `lineage` points at its parent, so the
 * parent and the canary can be told apart in decisions, rewards and statistics.
 */
export type AgentStatus = 'active' | 'canary' | 'retired' | 'rolled-back';

export interface AgentLineage {
  /** the agent id both versions share in the arbiter's registry. */
  baseAgentId: string;
  parentAgentId: string;
  parentVersion: string;
  trainingBatchIds: string[];
  deployedAt?: string;
}

export interface AgentRecord {
  agentId: string;
  name?: string;
  modelFamily?: string;
  version: string;
  capabilities: string[];
  maxConcurrency: number;
  costPer1kTokens?: number;
  status: AgentStatus;
  /** why the agent stopped being routed to (rollback, retirement). */
  statusReason?: string;
  lineage?: AgentLineage;
}

/** Ids must not contain ':' (it separates the levels of Redis arm keys). */
export function versionedAgentId(agentId: string, version: string): string {
  return `${agentId}@${version}`;
}

export function isRoutableStatus(status: AgentStatus): boolean {
  return status === 'active' || status === 'canary';
}

export function normalizeCapability(capability: string): string {
  return capability.trim().toLowerCase();
}

/**
 * capabilityScore = 0.9 · coverage + 0.1 · specificity, where coverage is the share of the task's
 * requirements the agent has and specificity the share of the agent's capabilities the task uses.
 * Coverage decides eligibility; specificity only separates fully covering agents, preferring a
 * specialist over a generalist. A task without requirements is fully covered by everyone.
 */
export function capabilityCoverage(requirements: readonly string[], capabilities: readonly string[]): {
  coverage: number;
  specificity: number;
  score: number;
  missing: string[];
} {
  const owned = new Set(capabilities.map(normalizeCapability));
  const required = [...new Set(requirements.map(normalizeCapability))];
  const missing = required.filter((requirement) => !owned.has(requirement));
  const coverage = required.length === 0 ? 1 : (required.length - missing.length) / required.length;
  const specificity = owned.size === 0 ? 0 : (required.length - missing.length) / owned.size;
  return { coverage, specificity, score: 0.9 * coverage + 0.1 * Math.min(1, specificity), missing };
}
