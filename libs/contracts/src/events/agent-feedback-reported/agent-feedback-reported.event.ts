import { IsArray, IsIn, IsISO8601, IsObject, IsString } from '../shared/validators';

export type Trend = 'improving' | 'stable' | 'degrading';

/** agent.feedback.reported.v1 — key: agentId. The seeds' AgentFeedbackLog, from storage-tiering's daily job. */
export class AgentFeedbackReportedV1 {
  @IsString() agentId: string;
  @IsObject() timeRange: { start: string; end: string };
  @IsObject() trends: { successRateTrend: Trend; qualityScoreTrend: Trend; latencyTrend: Trend };
  @IsArray() capabilityChanges: Array<{ capability: string; improved?: { from: number; to: number }; degraded?: { from: number; to: number } }>;
  @IsArray() @IsString({ each: true }) trainingNeeds: string[];
  @IsArray() @IsString({ each: true }) strengthAreas: string[];
  @IsIn(['two-proportion z-test (success), Welch t-test (quality, latency), alpha 0.05']) test: string;
  @IsISO8601() reportedAt: string;
}

export const agentFeedbackReportedExample: AgentFeedbackReportedV1 = {
  agentId: 'agent-claude-coder',
  timeRange: { start: '2026-11-14T00:00:00.000Z', end: '2026-11-21T00:00:00.000Z' },
  trends: { successRateTrend: 'improving', qualityScoreTrend: 'stable', latencyTrend: 'stable' },
  capabilityChanges: [{ capability: 'code-editing', improved: { from: 0.71, to: 0.82 } }],
  trainingNeeds: ['research: success rate 0.41, below the fleet mean 0.63'],
  strengthAreas: ['code-editing: success rate 0.82'],
  test: 'two-proportion z-test (success), Welch t-test (quality, latency), alpha 0.05',
  reportedAt: '2026-11-21T00:05:00.000Z',
};
