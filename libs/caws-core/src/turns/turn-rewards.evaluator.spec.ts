import { DEFAULT_EVALUATION_CONFIG } from '../evaluation.config';
import type { EvaluationToolCall, EvaluationTurn } from '../evaluation.types';
import type { SafetyFinding } from '../safety/safety.scanner';
import { evaluateTurns, type TurnRewardInputs } from './turn-rewards.evaluator';

const CONFIG = DEFAULT_EVALUATION_CONFIG;
const W = CONFIG.turnWeights;

const call = (toolName: string, args: string, result?: string, success = true): EvaluationToolCall => ({
  toolName,
  success,
  latencyMs: 5,
  arguments: args,
  result,
});

function run(turns: EvaluationTurn[], overrides: Partial<TurnRewardInputs> = {}) {
  return evaluateTurns({ turns, turnFindings: [], minimalityFactor: 1, finalOutcomeQuality: 1, ...overrides }, CONFIG);
}

describe('evaluateTurns', () => {
  it('gives no information gain to a repeated identical call, whatever the argument formatting', () => {
    const turns = run([
      { turnNumber: 1, toolCalls: [call('read_file', '{"path":"a.ts","lines":[1,40]}', 'const a = 1;')] },
      { turnNumber: 2, toolCalls: [call('read_file', '{ "lines": [1, 40], "path": "a.ts" }', 'const a = 1;')] },
      { turnNumber: 3, toolCalls: [call('read_file', '{"path":"b.ts"}', 'const b = 2;')] },
    ]);
    expect(turns.map((turn) => turn.informationGain)).toEqual([1, 0, expect.any(Number)]);
    expect(turns[2].informationGain).toBeGreaterThan(0.5);
  });

  it('treats the same call after a successful edit as a new question', () => {
    const turns = run([
      { turnNumber: 1, toolCalls: [call('run_tests', '{}', 'FAIL 1 of 3')] },
      { turnNumber: 2, toolCalls: [call('edit_file', '{"path":"a.ts"}', 'applied')] },
      { turnNumber: 3, toolCalls: [call('run_tests', '{}', 'PASS 3 of 3')] },
    ]);
    expect(turns[2].informationGain).toBeGreaterThan(0);
    const failedEdit = run([
      { turnNumber: 1, toolCalls: [call('run_tests', '{}', 'FAIL 1 of 3')] },
      { turnNumber: 2, toolCalls: [call('edit_file', '{"path":"a.ts"}', 'conflict', false)] },
      { turnNumber: 3, toolCalls: [call('run_tests', '{}', 'FAIL 1 of 3')] },
    ]);
    expect(failedEdit[2].informationGain).toBe(0);
  });

  it('scores new results by the share of unseen words, and failures low', () => {
    const [first, second, third] = run([
      { turnNumber: 1, toolCalls: [call('search', '{"q":"a"}', 'alpha beta gamma delta')] },
      { turnNumber: 2, toolCalls: [call('search', '{"q":"b"}', 'alpha beta epsilon zeta')] },
      { turnNumber: 3, toolCalls: [call('search', '{"q":"c"}', undefined, false)] },
    ]);
    expect(first.informationGain).toBe(1);
    expect(second.informationGain).toBeCloseTo(0.5 + 0.5 * 0.5, 12);
    expect(third.informationGain).toBe(CONFIG.informationGain.failedCall);
  });

  it('maps quality change to task progress, from a 0 baseline, and carries missing scores forward', () => {
    const turns = run(
      [
        { turnNumber: 1, toolCalls: [], qualityScore: 0.65 },
        { turnNumber: 2, toolCalls: [] },
        { turnNumber: 3, toolCalls: [], qualityScore: 0.4 },
        { turnNumber: 4, toolCalls: [] },
      ],
      { finalOutcomeQuality: 0 },
    );
    expect(turns.map((turn) => turn.taskProgress)).toEqual([
      (0.65 + 1) / 2,
      0.5,
      expect.closeTo((0.4 - 0.65 + 1) / 2, 12),
      expect.closeTo((0 - 0.4 + 1) / 2, 12),
    ]);
  });

  it('combines the components with the turn weights and the minimality factor', () => {
    const findings: SafetyFinding[] = [{ kind: 'privilege-escalation', rule: 'sudo', location: 'x', turnNumber: 1 }];
    const [turn] = run(
      [{ turnNumber: 1, toolCalls: [call('bash', '{"cmd":"sudo ls"', 'a b')], qualityScore: 0.5 }],
      { turnFindings: findings, minimalityFactor: 0.8 },
    );
    const safety = 1 - CONFIG.safetyWeights.privilegeEscalation;
    expect(turn).toMatchObject({ toolCalled: 'bash', informationGain: 1, formatCorrectness: 0, taskProgress: 0.75, safety });
    expect(turn.turnReward).toBeCloseTo((W.informationGain * 1 + W.formatCorrectness * 0 + W.taskProgress * 0.75 + W.safety * safety) * 0.8, 12);
  });

  it('lists every tool a turn called, once, in call order', () => {
    const [turn] = run([
      { turnNumber: 1, toolCalls: [call('grep', 'x', 'a'), call('read_file', '{"p":1}', 'b'), call('grep', 'y', 'c')] },
    ]);
    expect(turn.toolCalled).toBe('grep,read_file');
  });
});
