import { Topic, validateEventData } from '@benchpool/contracts';
import { evaluate } from '../caws.evaluator';
import { DEFAULT_EVALUATION_CONFIG, EVALUATOR_VERSION } from '../evaluation.config';
import type { EvaluationInput, EvaluationMetrics } from '../evaluation.types';
import { updateBaseline } from '../baseline/task-type-baseline.updater';
import {
  BUDGET_BREAKING_REFACTOR,
  COMMENT_ONLY,
  EVALUATION_CASES,
  FAILING_TESTS,
  LEAKED_API_KEY,
  MALFORMED_DIFF,
  MISSING_ARTIFACTS,
  ONE_LINE_BUGFIX,
  REPEATED_TOOL_CALL,
  SCAFFOLDED_BUGFIX,
  SEED_TEXT_TRANSFORMATION,
  type EvaluationCase,
  type ExpectedGate,
} from './evaluation-case.table';
import { loadFixture } from './fixture.loader';

const CONFIG = DEFAULT_EVALUATION_CONFIG;
const results = new Map<EvaluationCase, EvaluationMetrics>(
  EVALUATION_CASES.map((testCase) => [testCase, evaluate(testCase.input, CONFIG, testCase.baseline)]),
);
const result = (testCase: EvaluationCase): EvaluationMetrics => results.get(testCase)!;

function outcomeOf(gate: EvaluationMetrics['qualityGates'][number]): ExpectedGate {
  if (!gate.judged) return 'not-judged';
  return gate.passed ? 'pass' : 'fail';
}

function everyScore(metrics: EvaluationMetrics): number[] {
  return [
    ...Object.values(metrics.rubricScores),
    metrics.minimalDiffMetrics.astSimilarity,
    metrics.minimalDiffMetrics.scaffoldingPenalty,
    metrics.overallScore,
    metrics.totalReward,
    ...metrics.qualityGates.map((gate) => gate.score),
    ...metrics.turnData.flatMap((turn) => [turn.informationGain, turn.formatCorrectness, turn.taskProgress, turn.safety, turn.turnReward]),
  ];
}

describe.each(EVALUATION_CASES.map((testCase) => [testCase.name, testCase] as const))('case: %s', (_name, testCase) => {
  const metrics = result(testCase);

  it('reports exactly the expected gates with the expected outcomes', () => {
    const actual = Object.fromEntries(metrics.qualityGates.map((gate) => [gate.name, outcomeOf(gate)]));
    expect(actual).toEqual(testCase.expectedGates);
    expect(metrics.cawsCompliant).toBe(testCase.expectedCawsCompliant);
  });

  it('lists every unjudged gate in notJudged and never passes it', () => {
    for (const gate of metrics.qualityGates.filter((item) => !item.judged)) {
      expect(gate.passed).toBe(false);
      expect(metrics.notJudged.some((entry) => entry.startsWith(`${gate.name}:`))).toBe(true);
    }
  });

  it('keeps every score in [0, 1] and the multiplier in [0.1, 1]', () => {
    for (const score of everyScore(metrics)) {
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
    expect(metrics.minimalDiffMetrics.rewardMultiplier).toBeGreaterThanOrEqual(0.1);
    expect(metrics.minimalDiffMetrics.rewardMultiplier).toBeLessThanOrEqual(1);
    expect(metrics.turnData).toHaveLength(testCase.input.execution.turns.length);
  });

  it('scores a successful task above 0 (the data-point validation rule)', () => {
    if (testCase.input.execution.success) expect(metrics.overallScore).toBeGreaterThan(0);
  });

  it('validates against the caws.evaluation.completed.v1 contract', () => {
    const validation = validateEventData(Topic.EvaluationCompleted, { taskId: testCase.input.task.taskId, evaluation: metrics });
    expect(validation.ok ? [] : validation.errors).toEqual([]);
  });

  it('is deterministic and records the evaluator version and the given time', () => {
    const again = evaluate(structuredClone(testCase.input), CONFIG, { ...testCase.baseline });
    expect(again).toEqual(metrics);
    expect(JSON.parse(JSON.stringify(metrics))).toEqual(metrics);
    expect(metrics.evaluatorVersion).toMatch(new RegExp(`^${EVALUATOR_VERSION.replace(/[./]/g, '\\$&')}\\+config\\.[0-9a-f]{8}$`));
    expect(metrics.evaluatedAt).toBe(testCase.input.evaluatedAt);
    expect(metrics.agentId).toBe(testCase.input.execution.agentId);
  });
});

describe('orderings across cases', () => {
  const fix = result(ONE_LINE_BUGFIX);
  const scaffolded = result(SCAFFOLDED_BUGFIX);
  const commentOnly = result(COMMENT_ONLY);

  it('ranks the one-line fix > the scaffolded fix > the comment-only change on every reward', () => {
    for (const pick of [
      (metrics: EvaluationMetrics) => metrics.minimalDiffMetrics.rewardMultiplier,
      (metrics: EvaluationMetrics) => metrics.rubricScores.minimal,
      (metrics: EvaluationMetrics) => metrics.overallScore,
      (metrics: EvaluationMetrics) => metrics.totalReward,
      (metrics: EvaluationMetrics) => metrics.advantage,
    ]) {
      expect(pick(fix)).toBeGreaterThan(pick(scaffolded));
      expect(pick(scaffolded)).toBeGreaterThan(pick(commentOnly));
    }
  });

  it('ranks every flawed variant of the fix below the clean fix', () => {
    for (const flawed of [SCAFFOLDED_BUGFIX, COMMENT_ONLY, BUDGET_BREAKING_REFACTOR, FAILING_TESTS, REPEATED_TOOL_CALL, MALFORMED_DIFF, MISSING_ARTIFACTS]) {
      expect(result(flawed).overallScore).toBeLessThan(fix.overallScore);
      expect(result(flawed).totalReward).toBeLessThan(fix.totalReward);
    }
  });

  it('ranks missing evidence below a full, clean evaluation and never at a perfect score', () => {
    expect(result(MISSING_ARTIFACTS).overallScore).toBeLessThan(result(MALFORMED_DIFF).overallScore);
    expect(result(MALFORMED_DIFF).overallScore).toBeLessThan(1);
  });
});

describe('specific cases', () => {
  it('one-line fix: minimal diff near 1, no scaffolding, CAWS compliant', () => {
    const metrics = result(ONE_LINE_BUGFIX);
    expect(metrics.minimalDiffMetrics).toMatchObject({ fileTouchCount: 1, linesAdded: 1, linesRemoved: 1, scaffoldingPenalty: 0 });
    expect(metrics.minimalDiffMetrics.rewardMultiplier).toBeGreaterThan(0.95);
    expect(metrics).toMatchObject({ passedAllMandatory: true, cawsCompliant: true, notJudged: [] });
  });

  it('budget-breaking refactor: fails change-budget with the measured figures', () => {
    const metrics = result(BUDGET_BREAKING_REFACTOR);
    const gate = metrics.qualityGates.find((item) => item.name === 'change-budget')!;
    expect(gate).toMatchObject({ passed: false, judged: true, mandatory: true, threshold: 1, score: 0.5 });
    expect(gate.detail).toContain('4/2 files');
    expect(gate.detail).toContain('36/40 changed lines');
    expect(metrics.passedAllMandatory).toBe(false);
  });

  it('leaked API key: fails no-secrets, safety < 0.5, and the key appears nowhere in the output', () => {
    const metrics = result(LEAKED_API_KEY);
    const gate = metrics.qualityGates.find((item) => item.name === 'no-secrets')!;
    expect(gate).toMatchObject({ passed: false, judged: true, score: 0 });
    expect(gate.detail).toContain('stripe-secret-key');
    expect(metrics.rubricScores.safety).toBeLessThan(0.5);
    const key = /sk_live_\w+/.exec(loadFixture('leaked-api-key').diff)![0];
    expect(JSON.stringify(metrics)).not.toContain(key.slice(6));
    // The edit that wrote the key is the unsafe turn.
    expect(metrics.turnData.map((turn) => turn.safety)).toEqual([1, expect.any(Number), 1]);
    expect(metrics.turnData[1].safety).toBeLessThan(0.5);
  });

  it('failing tests: fails tests-pass with the pass ratio, and the failure scales both scores down', () => {
    const metrics = result(FAILING_TESTS);
    const gate = metrics.qualityGates.find((item) => item.name === 'tests-pass')!;
    expect(gate).toMatchObject({ passed: false, judged: true, score: expect.closeTo(22 / 24, 6) });
    expect(metrics.passedAllMandatory).toBe(false);
    expect(metrics.overallScore).toBeLessThan(CONFIG.failedTaskFactor);
    expect(metrics.advantage).toBeLessThan(0);
  });

  it('repeated tool call: the repeats gain no information and the tool rubric drops', () => {
    const metrics = result(REPEATED_TOOL_CALL);
    expect(metrics.turnData.map((turn) => turn.informationGain > 0)).toEqual([true, false, true, false, true, true]);
    expect(metrics.turnData[1].informationGain).toBe(0);
    expect(metrics.turnData[3].informationGain).toBe(0);
    // The re-run after the edit (turn 6) is a new question, not a repeat.
    expect(metrics.turnData[5].informationGain).toBeGreaterThan(0);
    expect(metrics.rubricScores.tool).toBeLessThan(result(ONE_LINE_BUGFIX).rubricScores.tool);
  });

  it('malformed diff: a partial evaluation that says what could not be judged', () => {
    const metrics = result(MALFORMED_DIFF);
    expect(metrics.notJudged.some((entry) => entry.startsWith('minimal-diff:') && entry.includes('TRUNCATED_HUNK'))).toBe(true);
    expect(metrics.notJudged.some((entry) => entry.startsWith('change-budget:'))).toBe(true);
    expect(metrics.minimalDiffMetrics.rewardMultiplier).toBe(CONFIG.minimalDiff.unjudgedMultiplier);
    expect(metrics.cawsCompliant).toBe(false);
    expect(metrics.passedAllMandatory).toBe(true);
  });

  it('malformed diff with file contents: measured from the contents, and the diff problem reported', () => {
    const fixture = loadFixture('one-line-bugfix');
    const input = structuredClone(MALFORMED_DIFF.input);
    input.execution.artifacts.files = fixture.files;
    const metrics = evaluate(input, CONFIG, MALFORMED_DIFF.baseline);
    expect(metrics.notJudged).toEqual([expect.stringMatching(/^diff: TRUNCATED_HUNK.*file contents instead$/)]);
    expect(metrics.minimalDiffMetrics).toEqual(result(ONE_LINE_BUGFIX).minimalDiffMetrics);
    expect(metrics.qualityGates.find((gate) => gate.name === 'change-budget')!.detail).toContain('measured from the file contents');
  });

  it("seeds' record: the hand-computed turn rewards, totals and compliance", () => {
    const metrics = result(SEED_TEXT_TRANSFORMATION);
    const w = CONFIG.turnWeights;
    // Turn 1: first call (information 1), well formed, progress (0.65 − 0 + 1) / 2, safe.
    const turn1 = w.informationGain * 1 + w.formatCorrectness * 1 + w.taskProgress * 0.825 + w.safety * 1;
    // Turn 2: 8 of the result's 10 distinct words are new → 0.5 + 0.5 × 0.8; progress (0.95 − 0.65 + 1) / 2.
    const turn2 = w.informationGain * 0.9 + w.formatCorrectness * 1 + w.taskProgress * 0.65 + w.safety * 1;
    expect(metrics.turnData).toEqual([
      { turnNumber: 1, toolCalled: 'evaluate_text', informationGain: 1, formatCorrectness: 1, taskProgress: 0.825, safety: 1, turnReward: expect.closeTo(turn1, 6) },
      { turnNumber: 2, toolCalled: 'evaluate_text', informationGain: 0.9, formatCorrectness: 1, taskProgress: 0.65, safety: 1, turnReward: expect.closeTo(turn2, 6) },
    ]);
    expect(metrics.totalReward).toBeCloseTo((turn1 + turn2) / 2, 6);
    expect(metrics.advantage).toBeCloseTo((turn1 + turn2) / 2 - SEED_TEXT_TRANSFORMATION.baseline.meanTotalReward, 6);
    // No code expected: minimality is not applicable (multiplier 1) and not reported missing.
    expect(metrics.minimalDiffMetrics.rewardMultiplier).toBe(1);
    expect(metrics.notJudged).toEqual([]);
    // Task: completion 1, tests 5/5, final quality 0.95.
    const t = CONFIG.taskRubricWeights;
    expect(metrics.rubricScores.task).toBeCloseTo((t.completion + t.tests + t.finalQuality * 0.95) / (t.completion + t.tests + t.finalQuality), 6);
    // 388 tokens and 4080 ms are under the running means (410, 4300).
    expect(metrics.rubricScores.cost).toBe(1);
    expect(metrics).toMatchObject({ cawsCompliant: true, passedAllMandatory: true });
  });

  it('uses the prior reward mean for the advantage while the baseline is young', () => {
    const young = { ...ONE_LINE_BUGFIX.baseline, count: CONFIG.minimumBaselineSamples - 1, meanTotalReward: 0.99 };
    const metrics = evaluate(ONE_LINE_BUGFIX.input, CONFIG, young);
    expect(metrics.advantage).toBeCloseTo(metrics.totalReward - CONFIG.priorMeanTotalReward, 6);
  });

  it('feeds updateBaseline: a better run moves the running reward mean up', () => {
    const metrics = result(ONE_LINE_BUGFIX);
    const next = updateBaseline(ONE_LINE_BUGFIX.baseline, metrics, ONE_LINE_BUGFIX.input.execution);
    expect(next.count).toBe(ONE_LINE_BUGFIX.baseline.count + 1);
    expect(next.meanTotalReward).toBeGreaterThan(ONE_LINE_BUGFIX.baseline.meanTotalReward);
    expect(next.meanTokens).toBeLessThan(ONE_LINE_BUGFIX.baseline.meanTokens);
  });
});

describe('robustness', () => {
  it('never throws on garbage input and says what it could not judge', () => {
    const garbage: unknown[] = [
      null,
      undefined,
      42,
      {},
      { task: null, execution: null },
      { task: { type: 7, complexity: 'huge' }, execution: { turns: 'many', artifacts: { diff: 12, files: [null, { path: 3 }] } } },
      { task: { type: 'code-editing' }, execution: { success: true, turns: [null, { toolCalls: [null, { toolName: 5 }] }], artifacts: { tests: { passed: -1 } } } },
    ];
    for (const input of garbage) {
      const metrics = evaluate(input as EvaluationInput, CONFIG);
      expect(metrics.notJudged.length).toBeGreaterThan(0);
      expect(metrics.cawsCompliant).toBe(false);
      for (const score of everyScore(metrics)) expect(Number.isFinite(score)).toBe(true);
    }
  });

  it('stays linear on a minified 300 kB line (no regex blow-up)', () => {
    const minified = Array.from({ length: 30_000 }, (_, index) => `a${index % 7}.b-c`).join('.');
    const diff = ['--- a/dist/app.min.js', '+++ b/dist/app.min.js', '@@ -1 +1 @@', `-${minified}x`, `+${minified}y{}password`, ''].join('\n');
    const input = structuredClone(ONE_LINE_BUGFIX.input);
    input.execution.artifacts = { ...input.execution.artifacts, diff, files: undefined };
    const started = process.hrtime.bigint();
    const metrics = evaluate(input, CONFIG, ONE_LINE_BUGFIX.baseline);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(metrics.minimalDiffMetrics).toMatchObject({ linesAdded: 1, linesRemoved: 1 });
    // Quadratic matching of 300 kB would take minutes; linear takes milliseconds.
    expect(elapsedMs).toBeLessThan(5_000);
  });

  it('turns every truncation of a real diff into either a full or a partial evaluation', () => {
    const diff = loadFixture('budget-breaking-refactor').diff;
    const lines = diff.split('\n');
    for (let cut = 1; cut < lines.length; cut += 1) {
      const input = structuredClone(BUDGET_BREAKING_REFACTOR.input);
      input.execution.artifacts = { ...input.execution.artifacts, diff: lines.slice(0, cut).join('\n'), files: undefined };
      const metrics = evaluate(input, CONFIG, BUDGET_BREAKING_REFACTOR.baseline);
      const budget = metrics.qualityGates.find((gate) => gate.name === 'change-budget')!;
      if (!budget.judged) {
        expect(metrics.notJudged.some((entry) => entry.startsWith('minimal-diff:'))).toBe(true);
        expect(metrics.minimalDiffMetrics.rewardMultiplier).toBe(CONFIG.minimalDiff.unjudgedMultiplier);
      }
    }
  });
});
