import { COMPLEXITY_VALUES, IsBoolean, IsIn, IsISO8601, IsNumber, IsOptional, IsString, Min } from '../shared/validators';
import type { Complexity } from '../../model/benchmark-datapoint.model';

/** benchmark.datapoint.stored.v1 — key: taskId. Small: ids, agent, segment and the reward inputs, for routing. */
export class DatapointStoredV1 {
  @IsString() dataPointId: string;
  @IsString() taskId: string;
  @IsOptional() @IsString() decisionId?: string;
  @IsString() agentId: string;
  @IsString() taskType: string;
  @IsIn(COMPLEXITY_VALUES) complexity: Complexity;
  @IsBoolean() success: boolean;
  @IsNumber() @Min(0) overallScore: number;
  @IsNumber() @Min(0) latencyMs: number;
  @IsNumber() @Min(0) tokensUsed: number;
  @IsBoolean() complete: boolean;
  @IsBoolean() rlReady: boolean;
  @IsISO8601() storedAt: string;
}

export const datapointStoredExample: DatapointStoredV1 = {
  dataPointId: 'task-0001',
  taskId: 'task-0001',
  decisionId: 'dec-task-0001',
  agentId: 'agent-claude-coder',
  taskType: 'code-editing',
  complexity: 'standard',
  success: true,
  overallScore: 0.95,
  latencyMs: 4080,
  tokensUsed: 388,
  complete: true,
  rlReady: true,
  storedAt: '2026-11-21T10:00:06.100Z',
};
