import {
  ChangeBudgetV1, COMPLEXITY_VALUES, ID_PATTERN, IsArray, IsIn, IsOptional, IsString, KEBAB_CASE, Matches, MaxLength,
  RISK_TIER_VALUES, IsObject, Type, ValidateNested, MAX_TEXT, IsISO8601,
} from '../shared/validators';
import type { Complexity, RiskTier, TaskContext } from '../../model/benchmark-datapoint.model';

/** arbiter.task.submitted.v1 — key: taskId. OTel: type ↔ gen_ai.operation.name (custom values). */
export class TaskSubmittedV1 implements TaskContext {
  @Matches(ID_PATTERN) taskId: string;
  @Matches(KEBAB_CASE) type: string;
  @IsIn(COMPLEXITY_VALUES) complexity: Complexity;
  @IsArray() @IsString({ each: true }) requirements: string[];
  @IsOptional() @IsString() @MaxLength(MAX_TEXT) description?: string;
  @IsOptional() @IsArray() @Matches(ID_PATTERN, { each: true }) candidateAgentIds?: string[];
  @IsOptional() @IsString() cawsSpecId?: string;
  @IsOptional() @IsIn(RISK_TIER_VALUES) riskTier?: RiskTier;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ChangeBudgetV1) budget?: ChangeBudgetV1;
  @IsOptional() @IsISO8601() submittedAt?: string;
}

export const taskSubmittedExample: TaskSubmittedV1 = {
  taskId: 'task-0001',
  type: 'code-editing',
  complexity: 'standard',
  requirements: ['typescript'],
  description: 'Fix the off-by-one error in paginate() reported by jane.doe@example.com',
  riskTier: 2,
  budget: { maxFiles: 3, maxLoc: 50 },
  submittedAt: '2026-11-21T10:00:00.000Z',
};
