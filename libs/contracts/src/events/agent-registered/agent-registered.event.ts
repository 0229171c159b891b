import {
  IsArray, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength, ID_PATTERN,
} from '../shared/validators';

/** arbiter.agent.registered.v1 — key: agentId. OTel: agentId ↔ gen_ai.agent.id, name ↔ gen_ai.agent.name, modelFamily ↔ gen_ai.request.model. */
export class AgentRegisteredV1 {
  @Matches(ID_PATTERN) agentId: string;
  @IsString() @MinLength(1) name: string;
  @IsString() @MinLength(1) modelFamily: string;
  @IsString() @MinLength(1) version: string;
  @IsArray() @IsString({ each: true }) capabilities: string[];
  @IsInt() @Min(1) @Max(10_000) maxConcurrency: number;
  @IsOptional() @IsNumber() @Min(0) costPer1kTokens?: number;
}

export const agentRegisteredExample: AgentRegisteredV1 = {
  agentId: 'agent-claude-coder',
  name: 'Claude coder',
  modelFamily: 'claude',
  version: '1.0.0',
  capabilities: ['typescript', 'code-editing', 'testing'],
  maxConcurrency: 8,
  costPer1kTokens: 0.003,
};
