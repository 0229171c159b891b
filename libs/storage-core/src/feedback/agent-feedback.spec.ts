import type { AgentStatsDailyDocument } from '../cold/agent-stats-daily.schema';
import { buildDailyIncrements } from '../cold/daily-increments';
import type { TierFacts } from '../warm/datapoint-document';
import { buildAgentFeedback } from './agent-feedback';

const dayMs = 86_400_000;
const currentStart = Date.parse('2026-11-14T00:00:00Z');
const previousStart = currentStart - 7 * dayMs;

/** Cold documents as MongoDB would hold them after the increments of these points. */
function coldDocuments(points: TierFacts[]): AgentStatsDailyDocument[] {
  return buildDailyIncrements(points).map((increment) => {
    const document: Record<string, unknown> = { _id: increment.key, day: increment.day, agentId: increment.agentId, taskType: increment.taskType };
    for (const [path, amount] of Object.entries(increment.inc)) {
      const parts = path.split('.');
      let target = document;
      for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
      target[parts[parts.length - 1]] = amount;
    }
    return document as unknown as AgentStatsDailyDocument;
  });
}

function points(agentId: string, taskType: string, start: number, count: number, successRate: number, quality: number, latencyMs: number): TierFacts[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `${agentId}-${taskType}-${start}-${index}`, agentId, taskType, complexity: 'standard' as const,
    timestampMs: start + (index % 7) * dayMs + 3_600_000,
    success: index < Math.round(count * successRate), complete: true, rlReady: true, cawsCompliant: true,
    // a little spread so the variance is not zero
    quality: quality + ((index % 5) - 2) * 0.01, reward: quality, tokens: 300, latencyMs: latencyMs + ((index % 5) - 2) * 50,
  }));
}

describe('agent feedback', () => {
  const input = (previous: TierFacts[], current: TierFacts[], fleetExtra: TierFacts[] = []) => ({
    agentId: 'agent-a',
    timeRange: { start: new Date(currentStart), end: new Date(currentStart + 7 * dayMs) },
    previous: coldDocuments(previous),
    current: coldDocuments(current),
    fleetCurrent: coldDocuments([...current, ...fleetExtra]),
    reportedAt: new Date(currentStart + 7 * dayMs),
  });

  it('reports improving success and quality and falling latency when the differences are significant', () => {
    const report = buildAgentFeedback(input(
      points('agent-a', 'code-editing', previousStart, 200, 0.5, 0.6, 6000),
      points('agent-a', 'code-editing', currentStart, 200, 0.8, 0.8, 3000),
    ));
    expect(report.event.trends).toEqual({ successRateTrend: 'improving', qualityScoreTrend: 'improving', latencyTrend: 'improving' });
    expect(report.event.capabilityChanges).toEqual([{ capability: 'code-editing', improved: { from: 0.5, to: 0.8 } }]);
    expect(report.evidence.successRate.pValue).toBeLessThan(0.05);
    expect(report.event.test).toBe('two-proportion z-test (success), Welch t-test (quality, latency), alpha 0.05');
  });

  it('reports degrading trends and names the training need against the fleet', () => {
    const report = buildAgentFeedback(input(
      points('agent-a', 'research', previousStart, 200, 0.8, 0.85, 3000),
      points('agent-a', 'research', currentStart, 200, 0.4, 0.6, 5000),
      points('agent-b', 'research', currentStart, 400, 0.9, 0.9, 3000),
    ));
    expect(report.event.trends).toEqual({ successRateTrend: 'degrading', qualityScoreTrend: 'degrading', latencyTrend: 'degrading' });
    expect(report.event.capabilityChanges).toEqual([{ capability: 'research', degraded: { from: 0.8, to: 0.4 } }]);
    expect(report.event.trainingNeeds).toEqual(expect.arrayContaining([
      'research: success rate 0.40, below the fleet mean 0.73',
      'research: mean quality 0.60, below 0.70',
    ]));
    expect(report.event.strengthAreas).toEqual([]);
  });

  it('calls small samples and small differences stable', () => {
    const few = buildAgentFeedback(input(points('agent-a', 'design', previousStart, 3, 0, 0.2, 9000), points('agent-a', 'design', currentStart, 3, 1, 0.9, 1000)));
    expect(few.event.trends).toEqual({ successRateTrend: 'stable', qualityScoreTrend: 'stable', latencyTrend: 'stable' });
    const same = buildAgentFeedback(input(points('agent-a', 'design', previousStart, 100, 0.7, 0.8, 3000), points('agent-a', 'design', currentStart, 100, 0.72, 0.8, 3000)));
    expect(same.event.trends).toEqual({ successRateTrend: 'stable', qualityScoreTrend: 'stable', latencyTrend: 'stable' });
    expect(same.event.capabilityChanges).toEqual([]);
  });

  it('names strengths above the fleet', () => {
    const report = buildAgentFeedback(input(
      points('agent-a', 'planning', previousStart, 50, 0.95, 0.9, 2000),
      points('agent-a', 'planning', currentStart, 50, 0.96, 0.9, 2000),
      points('agent-b', 'planning', currentStart, 150, 0.5, 0.7, 2000),
    ));
    // fleet: (48 + 75) successes of 200 points
    expect(report.event.strengthAreas).toEqual([`planning: success rate 0.96, above the fleet mean ${(123 / 200).toFixed(2)}`]);
  });
});
