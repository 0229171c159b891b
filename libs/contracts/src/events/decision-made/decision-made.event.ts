import {
  IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Matches, Max, Min, RoutingCandidateV1,
  RoutingRationaleV1, IsObject, Type, ValidateNested, ID_PATTERN, COMPLEXITY_VALUES,
} from '../shared/validators';
import type { Complexity, RoutingContext, RoutingStrategyName } from '../../model/benchmark-datapoint.model';

export const ROUTING_STRATEGIES: RoutingStrategyName[] = [
  'thompson-sampling', 'ucb1', 'epsilon-greedy', 'capability-match', 'load-balance', 'fallback',
];

/** routing.decision.made.v1 — key: taskId. OTel: selectedAgentId ↔ gen_ai.agent.id. */
export class DecisionMadeV1 implements RoutingContext {
  @IsString() decisionId: string;
  @Matches(ID_PATTERN) taskId: string;
  @IsString() taskType: string;
  @IsIn(COMPLEXITY_VALUES) complexity: Complexity;
  @IsOptional() @IsString() selectedAgentId: string | null;
  @IsOptional() @IsString() selectedAgentVersion?: string | null;
  @IsIn(ROUTING_STRATEGIES) strategy: RoutingStrategyName;
  @IsString() policyVersion: string;
  @IsNumber() @Min(0) @Max(1) propensity: number;
  @IsOptional() @IsInt() @Min(1) propensityDraws?: number;
  @IsNumber() @Min(0) @Max(1) confidence: number;
  @IsOptional() @IsBoolean() explored?: boolean;
  @IsOptional() @IsBoolean() fallback?: boolean;
  @IsArray() @ValidateNested({ each: true }) @Type(() => RoutingCandidateV1) candidates: RoutingCandidateV1[];
  @IsObject() @ValidateNested() @Type(() => RoutingRationaleV1) rationale: RoutingRationaleV1;
  @IsISO8601() decidedAt: string;
}

export const decisionMadeExample: DecisionMadeV1 = {
  decisionId: 'dec-task-0001',
  taskId: 'task-0001',
  taskType: 'code-editing',
  complexity: 'standard',
  selectedAgentId: 'agent-claude-coder',
  selectedAgentVersion: '1.0.0',
  strategy: 'thompson-sampling',
  policyVersion: 'ts-3f2a9c1d7e00',
  propensity: 0.62,
  propensityDraws: 500,
  confidence: 0.62,
  explored: false,
  candidates: [
    {
      agentId: 'agent-claude-coder', capabilityScore: 1, performanceScore: 0.71, loadScore: 0.75, finalScore: 0.78,
      selectionReason: 'highest Thompson sample',
    },
    {
      agentId: 'agent-gpt-coder', capabilityScore: 1, performanceScore: 0.64, loadScore: 0.5, finalScore: 0.59,
      selectionReason: 'lower Thompson sample',
    },
  ],
  rationale: { primaryReason: 'exploit: highest posterior mean and highest sample', secondaryFactors: ['25 samples in segment'] },
  decidedAt: '2026-11-21T10:00:00.004Z',
};
