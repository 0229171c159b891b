import {
  ExecutionArtifactsV1, ID_PATTERN, IsBoolean, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Matches, MaxLength, Min,
  IsObject, Type, ValidateNested, MAX_TEXT,
} from '../shared/validators';

/** arbiter.execution.completed.v1 — key: taskId. OTel: outputTokens ↔ gen_ai.usage.output_tokens, agentId ↔ gen_ai.agent.id. */
export class ExecutionCompletedV1 {
  @Matches(ID_PATTERN) taskId: string;
  @Matches(ID_PATTERN) agentId: string;
  @IsBoolean() success: boolean;
  @IsOptional() @IsString() @MaxLength(MAX_TEXT) failureReason?: string;
  @IsBoolean() partialSuccess: boolean;
  @IsISO8601() startedAt: string;
  @IsOptional() @IsISO8601() firstActionAt?: string;
  @IsNumber() @Min(0) latencyMs: number;
  @IsInt() @Min(0) tokensUsed: number;
  @IsInt() @Min(0) thinkingTokens: number;
  @IsInt() @Min(0) outputTokens: number;
  @IsObject() @ValidateNested() @Type(() => ExecutionArtifactsV1) artifacts: ExecutionArtifactsV1;
}

export const executionCompletedExample: ExecutionCompletedV1 = {
  taskId: 'task-0001',
  agentId: 'agent-claude-coder',
  success: true,
  partialSuccess: false,
  startedAt: '2026-11-21T10:00:01.000Z',
  firstActionAt: '2026-11-21T10:00:01.400Z',
  latencyMs: 4080,
  tokensUsed: 388,
  thinkingTokens: 80,
  outputTokens: 150,
  artifacts: {
    diff: [
      'diff --git a/src/paginate.ts b/src/paginate.ts',
      '--- a/src/paginate.ts',
      '+++ b/src/paginate.ts',
      '@@ -1,3 +1,3 @@',
      ' export function paginate(items: number[], page: number, size: number) {',
      '-  return items.slice(page * size, page * size + size + 1);',
      '+  return items.slice(page * size, page * size + size);',
      ' }',
      '',
    ].join('\n'),
    tests: { passed: 12, failed: 0, skipped: 0 },
    lint: { errors: 0, warnings: 1 },
    coverage: { line: 0.92, branch: 0.85 },
    mutationScore: 0.6,
  },
};
