import { IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Matches, Max, Min, ID_PATTERN } from '../shared/validators';

export type TrainingPhase = 'sft' | 'turn-level' | 'grpo' | 'curriculum' | 'preference';
export const TRAINING_PHASES: TrainingPhase[] = ['sft', 'turn-level', 'grpo', 'curriculum', 'preference'];

/** rl.export.requested.v1 — key: requestId. A field left out takes the phase's default. */
export class ExportRequestedV1 {
  @Matches(ID_PATTERN) requestId: string;
  @IsIn(TRAINING_PHASES) phase: TrainingPhase;
  @IsOptional() @IsISO8601() from?: string;
  @IsOptional() @IsISO8601() to?: string;
  @IsOptional() @IsArray() @IsString({ each: true }) taskTypes?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) agentIds?: string[];
  @IsOptional() @IsNumber() @Min(0) @Max(1) minQuality?: number;
  @IsOptional() @IsInt() @Min(1) minCount?: number;
  @IsOptional() @IsInt() @Min(1) maxCount?: number;
  @IsOptional() @IsNumber() @Min(0) maxAgeDays?: number;
  @IsOptional() @IsInt() @Min(0) minTaskTypes?: number;
  @IsOptional() @IsInt() @Min(0) minAgents?: number;
  @IsOptional() @IsBoolean() includeFailures?: boolean;
  @IsOptional() @IsBoolean() rebalance?: boolean;
  @IsOptional() @IsIn(['messages', 'prompt-completion']) format?: 'messages' | 'prompt-completion';
  @IsOptional() @IsNumber() @Min(0.001) dpEpsilon?: number;
}

export const exportRequestedExample: ExportRequestedV1 = {
  requestId: 'req-2026-11-21-sft',
  phase: 'sft',
  minQuality: 0.8,
  minCount: 1000,
  includeFailures: false,
};
