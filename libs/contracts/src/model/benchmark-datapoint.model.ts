/**
 * The shapes every service agrees on. Field names follow the seeds' BenchmarkDataPoint
 * (task, routing, execution, evaluation, rlLabels, provenance). Times are RFC 3339 strings with
 * milliseconds. Do not rename a field without a new event version (.v2).
 */

export type Complexity = 'trivial' | 'standard' | 'complex';
export const COMPLEXITIES: readonly Complexity[] = ['trivial', 'standard', 'complex'];
export type RiskTier = 1 | 2 | 3;
export type RoutingStrategyName =
  | 'thompson-sampling'
  | 'ucb1'
  | 'epsilon-greedy'
  | 'capability-match'
  | 'load-balance'
  | 'fallback';

export interface ChangeBudget {
  maxFiles: number;
  maxLoc: number;
}

export interface TaskContext {
  taskId: string;
  type: string;
  complexity: Complexity;
  requirements: string[];
  description?: string;
  cawsSpecId?: string;
  riskTier?: RiskTier;
  budget?: ChangeBudget;
  candidateAgentIds?: string[];
  submittedAt?: string;
}

export interface RoutingCandidate {
  agentId: string;
  capabilityScore: number;
  performanceScore: number;
  loadScore: number;
  finalScore: number;
  selectionReason: string;
}

export interface RoutingRationale {
  primaryReason: string;
  secondaryFactors: string[];
}

export interface RoutingContext {
  decisionId: string;
  selectedAgentId: string | null;
  strategy: RoutingStrategyName;
  policyVersion: string;
  propensity: number;
  propensityDraws?: number;
  confidence: number;
  explored?: boolean;
  fallback?: boolean;
  candidates: RoutingCandidate[];
  rationale: RoutingRationale;
  decidedAt: string;
}

export interface ToolCallRecord {
  toolName: string;
  success: boolean;
  latencyMs: number;
  arguments?: string;
  result?: string;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  toolCalls?: Array<{ toolName: string; arguments?: string }>;
}

export interface TurnRecord {
  turnNumber: number;
  startedAt: string;
  latencyMs: number;
  tokensUsed: number;
  thinkingTokens: number;
  toolCalls: ToolCallRecord[];
  qualityScore?: number;
  feedback?: string;
  messages?: ChatMessage[];
}

export interface ToolUsage {
  toolName: string;
  callCount: number;
  successRate: number;
  averageLatency: number;
}

export interface FileChange {
  path: string;
  before: string;
  after: string;
}

export interface ExecutionArtifacts {
  diff?: string;
  files?: FileChange[];
  tests?: { passed: number; failed: number; skipped: number };
  lint?: { errors: number; warnings: number };
  coverage?: { line: number; branch: number };
  mutationScore?: number;
  messages?: ChatMessage[];
}

export interface ExecutionMetrics {
  agentId: string;
  success: boolean;
  failureReason?: string;
  partialSuccess: boolean;
  startedAt: string;
  completedAt: string;
  firstActionAt?: string;
  latencyMs: number;
  tokensUsed: number;
  thinkingTokens: number;
  outputTokens: number;
  toolCallCount: number;
  toolCallSuccessRate: number;
  toolsUsed: ToolUsage[];
  /**
   * final quality (0..1) per 1,000 tokens: the arbiter's qualityScore of the last turn that has one
   * (else 1 success / 0.5 partial / 0 failure) × 1000 / tokensUsed — not the CAWS overall score,
   * which does not exist yet when caws-evaluation reads it; see libs/telemetry-core.
   */
  tokenEfficiency: number;
  /** ms from startedAt to firstActionAt when the arbiter sends it, else to the start of the earliest turn with a tool call; the whole latency without any. */
  timeToFirstAction: number;
  turns: TurnRecord[];
  artifacts: ExecutionArtifacts;
}

export interface QualityGateResult {
  name: string;
  passed: boolean;
  score: number;
  threshold: number;
  mandatory: boolean;
  /** false when the input needed to judge the gate was missing. */
  judged?: boolean;
  detail?: string;
}

export interface RubricScores {
  format: number;
  tool: number;
  task: number;
  minimal: number;
  cost: number;
  safety: number;
}

export interface MinimalDiffMetrics {
  astSimilarity: number;
  fileTouchCount: number;
  linesAdded: number;
  linesRemoved: number;
  lineChangeRatio: number;
  scaffoldingPenalty: number;
  rewardMultiplier: number;
}

export interface TurnEvaluation {
  turnNumber: number;
  toolCalled: string;
  informationGain: number;
  formatCorrectness: number;
  taskProgress: number;
  safety: number;
  turnReward: number;
}

export interface EvaluationMetrics {
  evaluatorVersion: string;
  agentId: string;
  qualityGates: QualityGateResult[];
  rubricScores: RubricScores;
  minimalDiffMetrics: MinimalDiffMetrics;
  turnData: TurnEvaluation[];
  overallScore: number;
  cawsCompliant: boolean;
  passedAllMandatory: boolean;
  totalReward: number;
  advantage: number;
  /** what could not be judged and why (missing artifacts, malformed diff); empty when complete. */
  notJudged: string[];
  evaluatedAt: string;
}

export interface RLTrainingLabels {
  /** scalar reward in [0, 1] for the whole task (evaluation overall × minimality, 0 on failure). */
  reward: number;
  totalReward: number;
  advantage: number;
  turnRewards: number[];
  isPositiveExample: boolean;
  difficulty: number;
}

export interface RedactionRecord {
  detectorVersion: string;
  keyId: string;
  entities: Record<string, number>;
  identityFieldsRemoved: string[];
}

export interface ValidationIssue {
  gate: string;
  severity: 'error' | 'warning';
  blockRL: boolean;
  message: string;
}

export interface ValidationReport {
  outcome: 'valid' | 'rlReady' | 'quarantined';
  issues: ValidationIssue[];
  validatorVersion: string;
}

export interface Provenance {
  collectorVersion: string;
  collectedAt: string;
  sources: { decisionEventId?: string; executionEventId?: string; evaluationEventId?: string };
  redaction?: RedactionRecord;
  validation?: ValidationReport;
}

export interface BenchmarkDataPoint {
  /** one point per task: the id is the task id. */
  id: string;
  timestamp: string;
  /** raw on benchmark.datapoint.collected; HMAC-SHA256 hex after anonymization. */
  tenantId: string;
  status: 'complete' | 'incomplete';
  /** parts that never arrived before the join timeout: 'decision' | 'execution' | 'evaluation'. */
  missing: string[];
  task: TaskContext;
  routing: RoutingContext | null;
  execution: ExecutionMetrics | null;
  evaluation: EvaluationMetrics | null;
  rlLabels: RLTrainingLabels | null;
  provenance: Provenance;
  cawsCompliant: boolean;
  rlReady?: boolean;
}
