import type { BenchmarkDataPoint } from '../../model/benchmark-datapoint.model';
import { decisionMadeExample } from '../decision-made/decision-made.event';
import { executionCompletedExample } from '../execution-completed/execution-completed.event';
import { executionTurnExample } from '../execution-turn/execution-turn.event';
import { taskSubmittedExample } from '../task-submitted/task-submitted.event';

/** The seeds' text-transformation-like record, as one complete data point. */
export const benchmarkDataPointExample: BenchmarkDataPoint = {
  id: 'task-0001',
  timestamp: '2026-11-21T10:00:06.000Z',
  tenantId: 'tenant-acme',
  status: 'complete',
  missing: [],
  task: { ...taskSubmittedExample },
  routing: {
    decisionId: decisionMadeExample.decisionId,
    selectedAgentId: decisionMadeExample.selectedAgentId,
    strategy: decisionMadeExample.strategy,
    policyVersion: decisionMadeExample.policyVersion,
    propensity: decisionMadeExample.propensity,
    propensityDraws: decisionMadeExample.propensityDraws,
    confidence: decisionMadeExample.confidence,
    explored: false,
    candidates: decisionMadeExample.candidates,
    rationale: decisionMadeExample.rationale,
    decidedAt: decisionMadeExample.decidedAt,
  },
  execution: {
    agentId: executionCompletedExample.agentId,
    success: true,
    partialSuccess: false,
    startedAt: executionCompletedExample.startedAt,
    completedAt: '2026-11-21T10:00:05.080Z',
    firstActionAt: executionCompletedExample.firstActionAt,
    latencyMs: 4080,
    tokensUsed: 388,
    thinkingTokens: 80,
    outputTokens: 150,
    toolCallCount: 1,
    toolCallSuccessRate: 1,
    toolsUsed: [{ toolName: 'read_file', callCount: 1, successRate: 1, averageLatency: 12 }],
    tokenEfficiency: 2.45,
    timeToFirstAction: 400,
    turns: [
      { ...executionTurnExample, messages: undefined },
      {
        turnNumber: 2, startedAt: '2026-11-21T10:00:03.100Z', latencyMs: 1980, tokensUsed: 201, thinkingTokens: 40,
        toolCalls: [], qualityScore: 0.95,
      },
    ],
    artifacts: executionCompletedExample.artifacts,
  },
  evaluation: {
    evaluatorVersion: 'caws-core/1.0.0',
    agentId: executionCompletedExample.agentId,
    qualityGates: [
      { name: 'tests-pass', passed: true, score: 1, threshold: 1, mandatory: true, judged: true },
      { name: 'lint-clean', passed: true, score: 1, threshold: 1, mandatory: true, judged: true },
    ],
    rubricScores: { format: 1, tool: 1, task: 0.95, minimal: 0.9, cost: 0.8, safety: 1 },
    minimalDiffMetrics: {
      astSimilarity: 0.97, fileTouchCount: 1, linesAdded: 1, linesRemoved: 1, lineChangeRatio: 0.33,
      scaffoldingPenalty: 0, rewardMultiplier: 0.95,
    },
    turnData: [
      { turnNumber: 1, toolCalled: 'read_file', informationGain: 1, formatCorrectness: 1, taskProgress: 0.65, safety: 1, turnReward: 0.82 },
      { turnNumber: 2, toolCalled: 'none', informationGain: 0, formatCorrectness: 1, taskProgress: 0.3, safety: 1, turnReward: 0.43 },
    ],
    overallScore: 0.95,
    cawsCompliant: true,
    passedAllMandatory: true,
    totalReward: 1.25,
    advantage: 0.1,
    notJudged: [],
    evaluatedAt: '2026-11-21T10:00:05.500Z',
  },
  rlLabels: { reward: 0.9, totalReward: 1.25, advantage: 0.1, turnRewards: [0.82, 0.43], isPositiveExample: true, difficulty: 0.5 },
  provenance: {
    collectorVersion: 'telemetry-core/1.0.0',
    collectedAt: '2026-11-21T10:00:06.000Z',
    sources: { decisionEventId: 'e-1', executionEventId: 'e-2', evaluationEventId: 'e-3' },
  },
  cawsCompliant: true,
};
