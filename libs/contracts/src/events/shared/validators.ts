import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type {
  ChangeBudget,
  ChatMessage,
  Complexity,
  ExecutionArtifacts,
  FileChange,
  RiskTier,
  RoutingCandidate,
  RoutingRationale,
  ToolCallRecord,
} from '../../model/benchmark-datapoint.model';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}$/;
export const KEBAB_CASE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const MAX_TEXT = 1_000_000;

export class ChangeBudgetV1 implements ChangeBudget {
  @IsInt() @Min(1) maxFiles: number;
  @IsInt() @Min(1) maxLoc: number;
}

export class ToolCallV1 implements ToolCallRecord {
  @IsString() @MinLength(1) @MaxLength(200) toolName: string;
  @IsBoolean() success: boolean;
  @IsNumber() @Min(0) latencyMs: number;
  @IsOptional() @IsString() @MaxLength(MAX_TEXT) arguments?: string;
  @IsOptional() @IsString() @MaxLength(MAX_TEXT) result?: string;
}

export class MessageToolCallV1 {
  @IsString() @MinLength(1) toolName: string;
  @IsOptional() @IsString() @MaxLength(MAX_TEXT) arguments?: string;
}

export class ChatMessageV1 implements ChatMessage {
  @IsIn(['system', 'user', 'assistant', 'tool']) role: ChatMessage['role'];
  @IsString() @MaxLength(MAX_TEXT) content: string;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => MessageToolCallV1) toolCalls?: MessageToolCallV1[];
}

export class FileChangeV1 implements FileChange {
  @IsString() @MinLength(1) path: string;
  @IsString() @MaxLength(MAX_TEXT) before: string;
  @IsString() @MaxLength(MAX_TEXT) after: string;
}

export class TestResultsV1 {
  @IsInt() @Min(0) passed: number;
  @IsInt() @Min(0) failed: number;
  @IsInt() @Min(0) skipped: number;
}

export class LintResultsV1 {
  @IsInt() @Min(0) errors: number;
  @IsInt() @Min(0) warnings: number;
}

export class CoverageV1 {
  @IsNumber() @Min(0) @Max(1) line: number;
  @IsNumber() @Min(0) @Max(1) branch: number;
}

export class ExecutionArtifactsV1 implements ExecutionArtifacts {
  @IsOptional() @IsString() @MaxLength(MAX_TEXT) diff?: string;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => FileChangeV1) files?: FileChangeV1[];
  @IsOptional() @IsObject() @ValidateNested() @Type(() => TestResultsV1) tests?: TestResultsV1;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => LintResultsV1) lint?: LintResultsV1;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CoverageV1) coverage?: CoverageV1;
  @IsOptional() @IsNumber() @Min(0) @Max(1) mutationScore?: number;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ChatMessageV1) messages?: ChatMessageV1[];
}

export class RoutingCandidateV1 implements RoutingCandidate {
  @IsString() agentId: string;
  @IsNumber() @Min(0) @Max(1) capabilityScore: number;
  @IsNumber() performanceScore: number;
  @IsNumber() @Min(0) @Max(1) loadScore: number;
  @IsNumber() finalScore: number;
  @IsString() selectionReason: string;
}

export class RoutingRationaleV1 implements RoutingRationale {
  @IsString() @MinLength(1) primaryReason: string;
  @IsArray() @IsString({ each: true }) secondaryFactors: string[];
}

export const COMPLEXITY_VALUES: Complexity[] = ['trivial', 'standard', 'complex'];
export const RISK_TIER_VALUES: RiskTier[] = [1, 2, 3];

export { IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsObject, IsOptional, IsString, Matches, Max, Min, MinLength, MaxLength, ValidateNested, Type };
