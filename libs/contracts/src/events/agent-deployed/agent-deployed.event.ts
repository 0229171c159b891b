import { IsArray, IsOptional, IsString, Matches, MinLength, ID_PATTERN } from '../shared/validators';

/** rl.agent.deployed.v1 — key: agentId. A new version of an agent, trained from the named batches. */
export class AgentDeployedV1 {
  @Matches(ID_PATTERN) agentId: string;
  @IsString() @MinLength(1) version: string;
  @IsString() @MinLength(1) parentVersion: string;
  @IsArray() @IsString({ each: true }) trainingBatchIds: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) capabilities?: string[];
}

export const agentDeployedExample: AgentDeployedV1 = {
  agentId: 'agent-claude-coder',
  version: '1.1.0',
  parentVersion: '1.0.0',
  trainingBatchIds: ['batch-1f2e3d4c5b6a'],
};
