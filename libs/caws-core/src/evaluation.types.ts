import type {
  ChangeBudget,
  ChatMessage,
  Complexity,
  EvaluationMetrics,
  ExecutionArtifacts,
  MinimalDiffMetrics,
  QualityGateResult,
  RiskTier,
  RubricScores,
  ToolUsage,
  TurnEvaluation,
} from '@benchpool/contracts';

// Output shapes are the contracts' own types, re-exported so callers need one import.
export type {
  ChangeBudget,
  ChatMessage,
  Complexity,
  EvaluationMetrics,
  ExecutionArtifacts,
  MinimalDiffMetrics,
  QualityGateResult,
  RiskTier,
  RubricScores,
  ToolUsage,
  TurnEvaluation,
};

export type GateName =
  | 'tests-pass'
  | 'lint-clean'
  | 'branch-coverage'
  | 'mutation-score'
  | 'change-budget'
  | 'no-secrets';

export const GATE_NAMES: readonly GateName[] = [
  'tests-pass',
  'lint-clean',
  'branch-coverage',
  'mutation-score',
  'change-budget',
  'no-secrets',
];

export type RubricName = keyof RubricScores;
export const RUBRIC_NAMES: readonly RubricName[] = ['format', 'tool', 'task', 'minimal', 'cost', 'safety'];

export interface EvaluationTask {
  taskId?: string;
  /** kebab-case task type; selects the task-type profile and the baseline. */
  type: string;
  complexity: Complexity;
  riskTier?: RiskTier;
  budget?: ChangeBudget;
  description?: string;
}

export interface EvaluationToolCall {
  toolName: string;
  success: boolean;
  latencyMs: number;
  /** raw arguments as the agent sent them (usually JSON text). */
  arguments?: string;
  result?: string;
}

export interface EvaluationTurn {
  turnNumber: number;
  toolCalls: EvaluationToolCall[];
  qualityScore?: number;
  feedback?: string;
  messages?: ChatMessage[];
  latencyMs?: number;
  tokensUsed?: number;
}

/** Structural subset of the contracts' ExecutionMetrics: an ExecutionMetrics value fits here as is. */
export interface EvaluationExecution {
  agentId: string;
  success: boolean;
  failureReason?: string;
  partialSuccess?: boolean;
  latencyMs: number;
  tokensUsed: number;
  thinkingTokens: number;
  outputTokens: number;
  toolCallCount: number;
  toolCallSuccessRate: number;
  toolsUsed: ToolUsage[];
  turns: EvaluationTurn[];
  artifacts: ExecutionArtifacts;
}

export interface EvaluationInput {
  task: EvaluationTask;
  execution: EvaluationExecution;
  /** RFC 3339 time stamped on the result; supplied by the caller so evaluate() stays deterministic. */
  evaluatedAt: string;
}

/**
 * Running statistics of one task type, kept by the caller (see updateBaseline).
 * Means are exponentially weighted once `count` exceeds the configured window.
 */
export interface TaskTypeBaseline {
  taskType: string;
  count: number;
  meanTokens: number;
  meanLatencyMs: number;
  meanTotalReward: number;
}

export interface TierPolicy {
  branchCoverage: number;
  mutationScore: number;
  mandatoryGates: GateName[];
}

export interface TaskTypeProfile {
  /** gates that apply to this task type; the others are not reported at all. */
  gates: GateName[];
  /** false for task types that normally produce no code (research, text transformation...). */
  expectsCodeChange: boolean;
  /** true where comments are the deliverable (documentation): no scaffolding penalty. */
  exemptFromScaffoldingPenalty?: boolean;
}

export interface ScaffoldingFactors {
  comment: number;
  import: number;
  whitespace: number;
  emptyFunction: number;
}

export interface MinimalDiffConfig {
  astWeight: number;
  linesWeight: number;
  /** [lineChangeRatio, score] points, ascending in ratio, linearly interpolated; flat past both ends. */
  linesScorePoints: Array<[number, number]>;
  /** the ratio's denominator is at least this many lines, so a 2-line fix is never "20% of the file". */
  minimumBaseLines: number;
  scaffoldingFactors: ScaffoldingFactors;
  /** penalty floor when every changed line is scaffolding (nothing substantive changed). */
  scaffoldOnlyPenalty: number;
  /** multiplier and minimal rubric used when a code change was expected but could not be measured. */
  unjudgedMultiplier: number;
  minimumMultiplier: number;
  /** length of the pre-order syntax-label n-grams used for AST similarity. */
  astNgramSize: number;
}

export interface CostPrior {
  meanTokens: number;
  meanLatencyMs: number;
}

export interface CostConfig {
  /** used instead of the task type's baseline while it has fewer than minimumBaselineSamples samples. */
  priors: Record<Complexity, CostPrior>;
  tokenWeight: number;
  latencyWeight: number;
  /** the score halves for every additional baseline's worth of usage above the baseline. */
  halfLifeRatio: number;
}

export interface SafetyWeights {
  secret: number;
  destructiveCommand: number;
  privilegeEscalation: number;
  permissionChange: number;
}

export interface TurnWeights {
  informationGain: number;
  formatCorrectness: number;
  taskProgress: number;
  safety: number;
}

export interface InformationGainConfig {
  /** a failed (non-repeated) tool call: the error says little. */
  failedCall: number;
  /** a successful new call whose result was not sent: new, novelty unknown. */
  resultUnknown: number;
  /** a turn without tool calls and without assistant messages to compare. */
  noEvidence: number;
}

export interface TaskRubricWeights {
  completion: number;
  tests: number;
  finalQuality: number;
}

export interface ToolRubricWeights {
  successRate: number;
  nonRedundancy: number;
}

export interface EvaluationConfig {
  defaultRiskTier: RiskTier;
  riskTiers: Record<RiskTier, TierPolicy>;
  defaultBudgets: Record<Complexity, ChangeBudget>;
  defaultProfile: TaskTypeProfile;
  taskTypeProfiles: Record<string, TaskTypeProfile>;
  minimalDiff: MinimalDiffConfig;
  rubricWeights: RubricScores;
  /** score of a rubric that could not be judged (counted in overallScore: missing evidence is no bonus). */
  unjudgedRubricScore: number;
  /** overallScore and totalReward multiplier when the task failed outright (neither success nor partial success). */
  failedTaskFactor: number;
  /** overallScore multiplier when no mandatory gate passed (unjudged = not passed); 1 when all passed, linear between. */
  mandatoryGateFloor: number;
  taskRubricWeights: TaskRubricWeights;
  toolRubricWeights: ToolRubricWeights;
  cost: CostConfig;
  /** below this many samples a task type's baseline is replaced by priors (cost and advantage). */
  minimumBaselineSamples: number;
  safetyWeights: SafetyWeights;
  turnWeights: TurnWeights;
  informationGain: InformationGainConfig;
  /** case-insensitive regex source: tools whose successful call changes state and so resets repeat detection. */
  stateChangingToolPattern: string;
  /** reward mean used for the advantage while the baseline has fewer than minimumBaselineSamples samples. */
  priorMeanTotalReward: number;
  /** running means become exponential moving averages with weight 1/window after `window` samples. */
  baselineWindow: number;
}
