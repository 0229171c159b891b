import { IsIn, IsISO8601, IsOptional, IsString, Matches, ID_PATTERN } from '../shared/validators';

export type AgentVersionStatus = 'canary' | 'active' | 'promoted' | 'rolled-back' | 'retired';

/** routing.agent.status-changed.v1 — key: agentId. Canary promotions and rollbacks, with the reason. */
export class AgentStatusChangedV1 {
  @Matches(ID_PATTERN) agentId: string;
  @IsString() version: string;
  @IsOptional() @IsString() parentVersion?: string;
  @IsIn(['canary', 'active', 'promoted', 'rolled-back', 'retired']) status: AgentVersionStatus;
  @IsString() reason: string;
  @IsISO8601() changedAt: string;
}

export const agentStatusChangedExample: AgentStatusChangedV1 = {
  agentId: 'agent-claude-coder',
  version: '1.1.0',
  parentVersion: '1.0.0',
  status: 'rolled-back',
  reason: 'P(child better than parent) = 0.03 after 40 canary tasks',
  changedAt: '2026-11-21T11:00:00.000Z',
};
