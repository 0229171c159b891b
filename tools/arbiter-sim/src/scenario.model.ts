/**
 * The scenario a simulated arbiter plays: agents with a hidden ability per segment
 * (task type × complexity), the task mix, tenants, and scripted changes (drift, RL improvements).
 * Nothing here is visible to Benchpool: the router only ever sees the outcomes.
 */
export type Complexity = 'trivial' | 'standard' | 'complex';
export const COMPLEXITY_LEVELS: readonly Complexity[] = ['trivial', 'standard', 'complex'];

export type ScenarioName = 'standard' | 'drift' | 'improvement';
export const SCENARIO_NAMES: readonly ScenarioName[] = ['standard', 'drift', 'improvement'];

/** `<task type>/<complexity>`, e.g. `code-editing/standard`. */
export type SegmentKey = string;

export function segmentKey(taskType: string, complexity: Complexity): SegmentKey {
  return `${taskType}/${complexity}`;
}

/** What an agent really does in one segment; hidden from the system under test. */
export interface HiddenSegmentBehaviour {
  /** probability that the agent's work passes (tests green, lint clean, done). */
  successProbability: number;
  /** mean and spread of the quality of its work (drives coverage, mutation score, turn scores). */
  qualityMean: number;
  qualitySpread: number;
  /** median wall-clock time of a whole task, in simulated milliseconds (log-normal). */
  latencyMsMedian: number;
  /** median total tokens of a whole task (log-normal). */
  tokensMedian: number;
}

export interface AgentHabits {
  /** chance that a successful fix also carries scaffolding (new helper file, logging, comments). */
  scaffoldingRate: number;
  /** chance that the change breaks the task's change budget (reformat, sweeping rename). */
  budgetBreakRate: number;
  /** share of tokens spent thinking. */
  thinkingShare: number;
  /** chance that a single tool call fails (and is retried). */
  toolFailureRate: number;
}

export interface SimulatedAgentProfile {
  agentId: string;
  name: string;
  modelFamily: string;
  version: string;
  capabilities: string[];
  maxConcurrency: number;
  costPer1kTokens: number;
  /** hidden behaviour by segment; an agent has no entry for a segment it cannot do. */
  behaviour: Record<SegmentKey, HiddenSegmentBehaviour>;
  habits: AgentHabits;
}

export interface TaskTypeDefinition {
  type: string;
  requirements: string[];
  weight: number;
  complexityWeights: Record<Complexity, number>;
  /** whether the deliverable is a code change (diff, tests, lint) or a written answer. */
  producesCode: boolean;
}

export interface TenantDefinition {
  tenantId: string;
  weight: number;
}

/** An agent's ability changes at a task index (e.g. an upstream model update). */
export interface DriftEvent {
  atTask: number;
  agentId: string;
  segment: SegmentKey;
  successProbability: number;
  qualityMean: number;
  description: string;
}

/** An RL-trained version of an agent is deployed at a task index (published as rl.agent.deployed.v1). */
export interface ImprovementEvent {
  atTask: number;
  agentId: string;
  version: string;
  parentVersion: string;
  successLift: number;
  qualityLift: number;
  description: string;
}

export interface ScenarioDefinition {
  name: ScenarioName;
  seed: string;
  description: string;
  tasks: number;
  agents: SimulatedAgentProfile[];
  taskTypes: TaskTypeDefinition[];
  tenants: TenantDefinition[];
  /** share of task descriptions that carry personal data (e-mail, phone, API key, home path). */
  personalDataRate: number;
  drifts: DriftEvent[];
  improvements: ImprovementEvent[];
}
