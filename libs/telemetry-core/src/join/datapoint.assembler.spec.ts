import {
  decisionMadeExample, evaluationCompletedExample, executionCompletedExample, executionTurnExample,
  taskSubmittedExample, Topic, validateEventData,
} from '@benchpool/contracts';
import { stableStringify } from '@benchpool/utils';
import { assembleDataPoint, difficultyOf, executionRecordedOf, rlLabelsOf, taskContextOf } from './datapoint.assembler';
import { hashFromPairs, JoinParts, partsFromHash } from './join-parts';
import { COLLECTOR_VERSION } from '../telemetry-core.version';

const claimedAtMs = Date.parse('2026-11-21T10:00:06.000Z');
const secondTurn = {
  ...executionTurnExample, turnNumber: 2, startedAt: '2026-11-21T10:00:03.100Z', latencyMs: 1980, tokensUsed: 201, toolCalls: [],
  qualityScore: 0.95, feedback: undefined,
};

function fullParts(): JoinParts {
  return {
    taskId: 'task-0001',
    tenantId: 'tenant-acme',
    task: { ...taskSubmittedExample },
    decision: { ...decisionMadeExample },
    completion: { ...executionCompletedExample },
    evaluation: { ...evaluationCompletedExample.evaluation },
    turns: [secondTurn, executionTurnExample],
    eventIds: { task: 'e-0', decision: 'e-1', completion: 'e-2', evaluation: 'e-3' },
    recorded: true,
  };
}

describe('assembleDataPoint', () => {
  it('joins task, routing, execution and evaluation into one complete, contract-valid point', () => {
    const point = assembleDataPoint(fullParts(), claimedAtMs);
    expect(point).toMatchObject({
      id: 'task-0001', tenantId: 'tenant-acme', status: 'complete', missing: [], cawsCompliant: true,
      timestamp: '2026-11-21T10:00:06.000Z',
      task: { taskId: 'task-0001', type: 'code-editing', complexity: 'standard', riskTier: 2, budget: { maxFiles: 3, maxLoc: 50 } },
      routing: { decisionId: 'dec-task-0001', selectedAgentId: 'agent-claude-coder', propensity: 0.62, strategy: 'thompson-sampling' },
      provenance: {
        collectorVersion: COLLECTOR_VERSION, collectedAt: '2026-11-21T10:00:06.000Z',
        sources: { decisionEventId: 'e-1', executionEventId: 'e-2', evaluationEventId: 'e-3' },
      },
    });
    expect(point.routing).not.toHaveProperty('taskType');
    expect(point.execution?.turns.map((turn) => turn.turnNumber)).toEqual([1, 2]);
    expect(point.execution?.tokensUsed).toBe(388);
    expect(point.evaluation).toEqual(evaluationCompletedExample.evaluation);
    // what anonymization's consumer checks before it accepts the point
    expect(validateEventData(Topic.DatapointCollected, JSON.parse(JSON.stringify(point)))).toMatchObject({ ok: true });
  });

  it('labels the point for RL: reward = overall × reward multiplier, turn rewards by turn number', () => {
    const point = assembleDataPoint(fullParts(), claimedAtMs);
    // 0.95 × 0.95 = 0.9025
    expect(point.rlLabels).toEqual({
      reward: 0.9025, totalReward: 1.25, advantage: 0.1, turnRewards: [0.82, 0.43], isPositiveExample: true, difficulty: 0.5,
    });
  });

  it('is deterministic: same parts and claim time give byte-identical points, whatever the turn order', () => {
    const parts = fullParts();
    const reversed = { ...fullParts(), turns: [...parts.turns].reverse() };
    expect(stableStringify(assembleDataPoint(parts, claimedAtMs))).toBe(stableStringify(assembleDataPoint(reversed, claimedAtMs)));
    expect(JSON.stringify(assembleDataPoint(parts, claimedAtMs))).toBe(JSON.stringify(assembleDataPoint(reversed, claimedAtMs)));
  });

  it('flags what is missing and leaves RL labels out without an evaluation', () => {
    const parts = { ...fullParts(), completion: undefined, evaluation: undefined, eventIds: { task: 'e-0', decision: 'e-1' } };
    const point = assembleDataPoint(parts, claimedAtMs);
    expect(point.status).toBe('incomplete');
    expect(point.missing).toEqual(['execution', 'evaluation']);
    expect(point.execution).toBeNull();
    expect(point.evaluation).toBeNull();
    expect(point.rlLabels).toBeNull();
    expect(point.cawsCompliant).toBe(false);
    expect(point.routing?.decisionId).toBe('dec-task-0001');
    expect(point.provenance.sources).toEqual({ decisionEventId: 'e-1' });
    expect(validateEventData(Topic.DatapointCollected, JSON.parse(JSON.stringify(point)))).toMatchObject({ ok: true });
  });

  it('emits a turns-only task with everything missing and an unknown task type', () => {
    const point = assembleDataPoint({ taskId: 'lonely', tenantId: 't', turns: [executionTurnExample], eventIds: {}, recorded: false }, claimedAtMs);
    expect(point.missing).toEqual(['decision', 'execution', 'evaluation']);
    expect(point.task).toEqual({ taskId: 'lonely', type: 'unknown', complexity: 'standard', requirements: [] });
    expect(validateEventData(Topic.DatapointCollected, JSON.parse(JSON.stringify(point)))).toMatchObject({ ok: true });
  });
});

describe('taskContextOf', () => {
  it('derives the task from the decision when task.submitted never came', () => {
    const { task: _task, ...parts } = fullParts();
    expect(taskContextOf(parts)).toEqual({ taskId: 'task-0001', type: 'code-editing', complexity: 'standard', requirements: [] });
  });

  it('prefers task.submitted and keeps its description, risk tier and budget', () => {
    const context = taskContextOf({ ...fullParts(), decision: { ...decisionMadeExample, taskType: 'research', complexity: 'complex' } });
    expect(context.type).toBe('code-editing');
    expect(context.description).toBe(taskSubmittedExample.description);
    expect(context.riskTier).toBe(2);
  });
});

describe('rlLabelsOf and difficultyOf', () => {
  const evaluation = evaluationCompletedExample.evaluation;
  const success = { success: true, partialSuccess: false };

  it('gives no reward and no positive example when the execution failed or is unknown', () => {
    const failed = rlLabelsOf('standard', { ...assembleDataPoint(fullParts(), claimedAtMs).execution!, success: false }, evaluation);
    expect(failed?.reward).toBe(0);
    expect(failed?.isPositiveExample).toBe(false);
    expect(failed?.difficulty).toBe(0.7);
    expect(rlLabelsOf('standard', null, evaluation)?.reward).toBe(0);
  });

  it('is not a positive example when the evaluation is not CAWS-compliant or the reward is low', () => {
    const execution = assembleDataPoint(fullParts(), claimedAtMs).execution!;
    expect(rlLabelsOf('standard', execution, { ...evaluation, cawsCompliant: false })?.isPositiveExample).toBe(false);
    const low = rlLabelsOf('standard', execution, { ...evaluation, overallScore: 0.6, minimalDiffMetrics: { ...evaluation.minimalDiffMetrics, rewardMultiplier: 0.5 } });
    expect(low?.reward).toBe(0.3);
    expect(low?.isPositiveExample).toBe(false);
  });

  it('grows with complexity and failure, capped at 1', () => {
    expect(difficultyOf('trivial', success)).toBe(0.2);
    expect(difficultyOf('standard', success)).toBe(0.5);
    expect(difficultyOf('complex', success)).toBe(0.8);
    expect(difficultyOf('complex', { success: false, partialSuccess: true })).toBe(0.9);
    expect(difficultyOf('complex', { success: false, partialSuccess: false })).toBe(1);
    expect(difficultyOf('trivial', null)).toBe(0.3);
  });
});

describe('executionRecordedOf', () => {
  it('carries the execution metrics and the task (risk tier, budget) for the evaluator', () => {
    const recorded = executionRecordedOf(fullParts());
    expect(recorded?.task).toMatchObject({ riskTier: 2, budget: { maxFiles: 3, maxLoc: 50 } });
    expect(recorded?.execution.turns).toHaveLength(2);
    expect(recorded?.execution.tokenEfficiency).toBe(2.4485);
    // what caws-evaluation's consumer checks
    expect(validateEventData(Topic.ExecutionRecorded, JSON.parse(JSON.stringify(recorded)))).toMatchObject({ ok: true });
  });

  it('omits the task when neither task.submitted nor a decision was seen, and is null without a completion', () => {
    expect(executionRecordedOf({ ...fullParts(), task: undefined, decision: undefined })).not.toHaveProperty('task');
    expect(executionRecordedOf({ ...fullParts(), completion: undefined })).toBeNull();
  });
});

describe('partsFromHash', () => {
  it('reads back what the join stores', () => {
    const hash = hashFromPairs([
      'task', JSON.stringify(taskSubmittedExample), 'task:event', 'e-0',
      'decision', JSON.stringify(decisionMadeExample), 'decision:event', 'e-1',
      'turn:2', JSON.stringify(secondTurn), 'turn:1', JSON.stringify(executionTurnExample),
      'tenant', 'tenant-acme', 'recorded', '1',
    ]);
    const parts = partsFromHash('task-0001', hash);
    expect(parts.tenantId).toBe('tenant-acme');
    expect(parts.recorded).toBe(true);
    expect(parts.eventIds).toEqual({ task: 'e-0', decision: 'e-1' });
    expect(parts.decision?.decisionId).toBe('dec-task-0001');
    expect(parts.turns.map((turn) => turn.turnNumber).sort()).toEqual([1, 2]);
    expect(parts.completion).toBeUndefined();
  });

  it('uses a known part as is instead of parsing it again', () => {
    const evaluation = { ...evaluationCompletedExample.evaluation };
    const hash = { evaluation: JSON.stringify(evaluation), decision: JSON.stringify(decisionMadeExample) };
    const parts = partsFromHash('task-0001', hash, { field: 'evaluation', data: evaluation });
    expect(parts.evaluation).toBe(evaluation);
    expect(parts.decision).toEqual(decisionMadeExample);
  });

  it('takes a known part that the hash leaves out (the store script does not send it back)', () => {
    const evaluation = { ...evaluationCompletedExample.evaluation };
    const hash = { decision: JSON.stringify(decisionMadeExample), 'turn:1': JSON.stringify(executionTurnExample) };
    expect(partsFromHash('task-0001', hash, { field: 'evaluation', data: evaluation }).evaluation).toBe(evaluation);
    const turns = partsFromHash('task-0001', hash, { field: 'turn:2', data: secondTurn }).turns;
    expect(turns.map((turn) => turn.turnNumber).sort()).toEqual([1, 2]);
    expect(turns).toContain(secondTurn);
    expect(partsFromHash('task-0001', hash).evaluation).toBeUndefined();
  });
});
