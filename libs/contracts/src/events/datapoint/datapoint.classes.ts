import {
  ChangeBudgetV1, ChatMessageV1, COMPLEXITY_VALUES, ExecutionArtifactsV1, IsArray, IsBoolean, IsIn, IsInt, IsISO8601,
  IsNumber, IsObject, IsOptional, IsString, Max, MaxLength, Min, MinLength, RISK_TIER_VALUES, RoutingCandidateV1,
  RoutingRationaleV1, ToolCallV1, Type, ValidateNested, MAX_TEXT,
} from '../shared/validators';
import { ROUTING_STRATEGIES } from '../decision-made/decision-made.event';
import type * as Model from '../../model/benchmark-datapoint.model';

export class TaskContextV1 implements Model.TaskContext {
  @IsString() @MinLength(1) taskId: string;
  @IsString() @MinLength(1) type: string;
  @IsIn(COMPLEXITY_VALUES) complexity: Model.Complexity;
  @IsArray() @IsString({ each: true }) requirements: string[];
  @IsOptional() @IsString() @MaxLength(MAX_TEXT) description?: string;
  @IsOptional() @IsString() cawsSpecId?: string;
  @IsOptional() @IsIn(RISK_TIER_VALUES) riskTier?: Model.RiskTier;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ChangeBudgetV1) budget?: ChangeBudgetV1;
  @IsOptional() @IsArray() candidateAgentIds?: string[];
  @IsOptional() @IsISO8601() submittedAt?: string;
}

export class RoutingContextV1 implements Model.RoutingContext {
  @IsString() decisionId: string;
  @IsOptional() @IsString() selectedAgentId: string | null;
  @IsIn(ROUTING_STRATEGIES) strategy: Model.RoutingStrategyName;
  @IsString() policyVersion: string;
  @IsNumber() propensity: number;
  @IsOptional() @IsInt() propensityDraws?: number;
  @IsNumber() confidence: number;
  @IsOptional() @IsBoolean() explored?: boolean;
  @IsOptional() @IsBoolean() fallback?: boolean;
  @IsArray() @ValidateNested({ each: true }) @Type(() => RoutingCandidateV1) candidates: RoutingCandidateV1[];
  @IsObject() @ValidateNested() @Type(() => RoutingRationaleV1) rationale: RoutingRationaleV1;
  @IsISO8601() decidedAt: string;
}

export class TurnRecordV1 implements Model.TurnRecord {
  @IsInt() @Min(1) turnNumber: number;
  @IsISO8601() startedAt: string;
  @IsNumber() latencyMs: number;
  @IsInt() tokensUsed: number;
  @IsInt() thinkingTokens: number;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ToolCallV1) toolCalls: ToolCallV1[];
  @IsOptional() @IsNumber() qualityScore?: number;
  @IsOptional() @IsString() feedback?: string;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ChatMessageV1) messages?: ChatMessageV1[];
}

export class ToolUsageV1 implements Model.ToolUsage {
  @IsString() toolName: string;
  @IsInt() @Min(0) callCount: number;
  @IsNumber() successRate: number;
  @IsNumber() averageLatency: number;
}

export class ExecutionMetricsV1 implements Model.ExecutionMetrics {
  @IsString() agentId: string;
  @IsBoolean() success: boolean;
  @IsOptional() @IsString() failureReason?: string;
  @IsBoolean() partialSuccess: boolean;
  @IsISO8601() startedAt: string;
  @IsISO8601() completedAt: string;
  @IsOptional() @IsISO8601() firstActionAt?: string;
  @IsNumber() latencyMs: number;
  @IsNumber() tokensUsed: number;
  @IsNumber() thinkingTokens: number;
  @IsNumber() outputTokens: number;
  @IsInt() toolCallCount: number;
  @IsNumber() toolCallSuccessRate: number;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ToolUsageV1) toolsUsed: ToolUsageV1[];
  @IsNumber() tokenEfficiency: number;
  @IsNumber() timeToFirstAction: number;
  @IsArray() @ValidateNested({ each: true }) @Type(() => TurnRecordV1) turns: TurnRecordV1[];
  @IsObject() @ValidateNested() @Type(() => ExecutionArtifactsV1) artifacts: ExecutionArtifactsV1;
}

export class QualityGateResultV1 implements Model.QualityGateResult {
  @IsString() name: string;
  @IsBoolean() passed: boolean;
  @IsNumber() score: number;
  @IsNumber() threshold: number;
  @IsBoolean() mandatory: boolean;
  @IsOptional() @IsBoolean() judged?: boolean;
  @IsOptional() @IsString() detail?: string;
}

export class RubricScoresV1 implements Model.RubricScores {
  @IsNumber() format: number;
  @IsNumber() tool: number;
  @IsNumber() task: number;
  @IsNumber() minimal: number;
  @IsNumber() cost: number;
  @IsNumber() safety: number;
}

export class MinimalDiffMetricsV1 implements Model.MinimalDiffMetrics {
  @IsNumber() astSimilarity: number;
  @IsInt() fileTouchCount: number;
  @IsInt() linesAdded: number;
  @IsInt() linesRemoved: number;
  @IsNumber() lineChangeRatio: number;
  @IsNumber() scaffoldingPenalty: number;
  @IsNumber() rewardMultiplier: number;
}

export class TurnEvaluationV1 implements Model.TurnEvaluation {
  @IsInt() turnNumber: number;
  @IsString() toolCalled: string;
  @IsNumber() informationGain: number;
  @IsNumber() formatCorrectness: number;
  @IsNumber() taskProgress: number;
  @IsNumber() safety: number;
  @IsNumber() turnReward: number;
}

export class EvaluationMetricsV1 implements Model.EvaluationMetrics {
  @IsString() evaluatorVersion: string;
  @IsString() agentId: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => QualityGateResultV1) qualityGates: QualityGateResultV1[];
  @IsObject() @ValidateNested() @Type(() => RubricScoresV1) rubricScores: RubricScoresV1;
  @IsObject() @ValidateNested() @Type(() => MinimalDiffMetricsV1) minimalDiffMetrics: MinimalDiffMetricsV1;
  @IsArray() @ValidateNested({ each: true }) @Type(() => TurnEvaluationV1) turnData: TurnEvaluationV1[];
  @IsNumber() overallScore: number;
  @IsBoolean() cawsCompliant: boolean;
  @IsBoolean() passedAllMandatory: boolean;
  @IsNumber() totalReward: number;
  @IsNumber() advantage: number;
  @IsArray() @IsString({ each: true }) notJudged: string[];
  @IsISO8601() evaluatedAt: string;
}

export class RLTrainingLabelsV1 implements Model.RLTrainingLabels {
  @IsNumber() @Min(0) @Max(1) reward: number;
  @IsNumber() totalReward: number;
  @IsNumber() advantage: number;
  @IsArray() @IsNumber({}, { each: true }) turnRewards: number[];
  @IsBoolean() isPositiveExample: boolean;
  @IsNumber() difficulty: number;
}

export class ProvenanceV1 implements Model.Provenance {
  @IsString() collectorVersion: string;
  @IsISO8601() collectedAt: string;
  @IsObject() sources: Model.Provenance['sources'];
  @IsOptional() @IsObject() redaction?: Model.RedactionRecord;
  @IsOptional() @IsObject() validation?: Model.ValidationReport;
}

/**
 * The benchmark data point, validated at the contract level: structure and types only.
 * Semantic gates (bounds, consistency, privacy) are anonymization's validation gates.
 */
export class BenchmarkDataPointV1 implements Model.BenchmarkDataPoint {
  @IsString() @MinLength(1) id: string;
  @IsISO8601() timestamp: string;
  @IsString() @MinLength(1) tenantId: string;
  @IsIn(['complete', 'incomplete']) status: 'complete' | 'incomplete';
  @IsArray() @IsString({ each: true }) missing: string[];
  @IsObject() @ValidateNested() @Type(() => TaskContextV1) task: TaskContextV1;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => RoutingContextV1) routing: RoutingContextV1 | null;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ExecutionMetricsV1) execution: ExecutionMetricsV1 | null;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => EvaluationMetricsV1) evaluation: EvaluationMetricsV1 | null;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => RLTrainingLabelsV1) rlLabels: RLTrainingLabelsV1 | null;
  @IsObject() @ValidateNested() @Type(() => ProvenanceV1) provenance: ProvenanceV1;
  @IsBoolean() cawsCompliant: boolean;
  @IsOptional() @IsBoolean() rlReady?: boolean;
}
