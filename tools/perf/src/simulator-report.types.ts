/**
 * The parts of the arbiter simulator's JSON report the harness reads. Declared here structurally:
 * the harness runs the simulator as a separate process (a tool never imports another tool) and
 * only depends on its report format.
 */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface SimulatedEpisode {
  index: number;
  taskId: string;
  tenantId: string;
  taskType: string;
  complexity: string;
  segment: string;
  seed: string;
  status: string;
  error?: string;
  warnings: string[];
  agentId: string | null;
  agentVersion?: string;
  strategy?: string;
  propensity?: number;
  success?: boolean;
  quality?: number;
  changeKind?: string;
  turns?: number;
  tokensUsed?: number;
  simulatedLatencyMs?: number;
  reportedLatencyMs?: number;
  ingressBytes: number;
  storedOverallScore?: number;
  chosenValue?: number;
  oracleValue?: number;
  times: {
    submittedAt: number;
    decisionReceivedAt?: number;
    decidedAt?: number;
    executionStartedAt?: number;
    completionPublishedAt?: number;
    storedAt?: number;
    storedReceivedAt?: number;
  };
}

export interface GroupMetrics {
  count: number;
  stored: number;
  successRate: number | null;
  meanQuality: number | null;
  meanOverallScore: number | null;
  routingShare: number;
  regret: number;
  submitToStoredMs: LatencySummary;
  simulatedLatencyMs: LatencySummary;
  meanTokens: number | null;
}

export interface SimulatorReport {
  runId: string;
  scenario: {
    name: string;
    seed: string;
    description: string;
    tasks: number;
    agents: Array<{ agentId: string; name: string; capabilities: string[]; maxConcurrency: number; costPer1kTokens: number; behaviour: Record<string, unknown> }>;
    taskTypes: Array<{ type: string; requirements: string[]; weight: number; complexityWeights: Record<string, number> }>;
    tenants: Array<{ tenantId: string; weight: number }>;
    personalDataRate: number;
    drifts: unknown[];
    improvements: unknown[];
  };
  options: { tasks: number; workers: number; rate?: number; timeScale: number; decisionTimeoutMs: number; storedTimeoutMs: number; topicPrefix: string };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  summary: {
    counts: Record<string, number>;
    regret: { cumulative: { policy: number; random: number; roundRobin: number }; ratioVsRandom: number | null; ratioVsRoundRobin: number | null; curve: unknown[] };
    shares: Array<{ fromTask: number; toTask: number; decided: number; shares: Record<string, number> }>;
    adaptation: unknown[];
    perAgent: Record<string, GroupMetrics>;
    perAgentAndTaskType: Record<string, GroupMetrics & { agentId: string; taskType: string }>;
    latency: { submitToDecisionMs: LatencySummary; submitToStoredMs: LatencySummary };
    failureReasons: Record<string, number>;
  };
  export?: Record<string, unknown>;
  episodes: SimulatedEpisode[];
}
