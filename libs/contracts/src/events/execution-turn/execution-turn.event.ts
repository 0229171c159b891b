import {
  ChatMessageV1, ID_PATTERN, IsArray, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min,
  ToolCallV1, Type, ValidateNested, MAX_TEXT,
} from '../shared/validators';

/**
 * arbiter.execution.turn.v1 — key: taskId. One iteration of the agent.
 * OTel: tokensUsed ↔ gen_ai.usage.input_tokens + gen_ai.usage.output_tokens, toolCalls[].toolName ↔ gen_ai.tool.name.
 */
export class ExecutionTurnV1 {
  @Matches(ID_PATTERN) taskId: string;
  @Matches(ID_PATTERN) agentId: string;
  @IsInt() @Min(1) turnNumber: number;
  @IsISO8601() startedAt: string;
  @IsNumber() @Min(0) latencyMs: number;
  @IsInt() @Min(0) tokensUsed: number;
  @IsInt() @Min(0) thinkingTokens: number;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ToolCallV1) toolCalls: ToolCallV1[];
  @IsOptional() @IsNumber() @Min(0) @Max(1) qualityScore?: number;
  @IsOptional() @IsString() @MaxLength(MAX_TEXT) feedback?: string;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ChatMessageV1) messages?: ChatMessageV1[];
}

export const executionTurnExample: ExecutionTurnV1 = {
  taskId: 'task-0001',
  agentId: 'agent-claude-coder',
  turnNumber: 1,
  startedAt: '2026-11-21T10:00:01.000Z',
  latencyMs: 2100,
  tokensUsed: 187,
  thinkingTokens: 40,
  toolCalls: [{ toolName: 'read_file', success: true, latencyMs: 12, arguments: '{"path":"src/paginate.ts"}' }],
  qualityScore: 0.65,
  feedback: "Remove banned phrases: 'hey team'",
};
