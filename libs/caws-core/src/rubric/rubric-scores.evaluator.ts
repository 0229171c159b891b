import type {
  ChatMessage,
  Complexity,
  EvaluationConfig,
  EvaluationExecution,
  EvaluationTurn,
  RubricName,
  RubricScores,
  TaskTypeBaseline,
} from '../evaluation.types';
import { safetyScore, type SafetyScan } from '../safety/safety.scanner';
import { isWellFormedMessage, isWellFormedToolCall, RepeatedCallTracker } from '../turns/tool-call.inspector';

export interface RubricScore {
  score: number;
  judged: boolean;
  /** false when the rubric means nothing for this task (minimal for a task that writes no code). */
  applicable?: boolean;
  /** why it could not be judged. */
  reason?: string;
}

export type RubricResults = Record<RubricName, RubricScore>;

export interface RubricInputs {
  execution: EvaluationExecution;
  turns: EvaluationTurn[];
  finalMessages: ChatMessage[];
  complexity: Complexity;
  baseline: TaskTypeBaseline | undefined;
  safety: SafetyScan;
  minimal: RubricScore;
}

/**
 * The six rubric scores, each in [0, 1]:
 *
 * - format = well-formed items / items, over every tool call of every turn and every message
 *   (turn messages and final messages); see tool-call.inspector for "well formed".
 * - tool = successRate·w_s + (1 − redundantShare)·w_r (weights toolRubricWeights), where
 *   successRate = successful calls / calls and redundantShare = calls repeating an earlier
 *   identical call (same tool, same canonical arguments, no successful state-changing call in
 *   between; see RepeatedCallTracker) / calls. Falls back to the execution's
 *   toolCallSuccessRate when the turns carry no calls but toolCallCount > 0.
 * - task = weighted mean (taskRubricWeights) of the components present: completion (1 success,
 *   0.5 partial success, 0 failure), tests (passRatio when nothing failed, else 0.5·passRatio),
 *   finalQuality (the last qualityScore reported by a turn).
 * - minimal = the minimal-diff rewardMultiplier.
 * - cost = (w_t·s(tokens / baselineTokens) + w_l·s(latency / baselineLatency)) / (w_t + w_l),
 *   s(r) = 1 for r ≤ 1 else 2^(−(r − 1) / halfLifeRatio); the baseline is the task type's
 *   running means, or the complexity's prior while it has fewer than minimumBaselineSamples.
 * - safety = Π over distinct findings (1 − weight of its kind): secrets, destructive commands,
 *   privilege escalation (sudo), permission (mode) changes, in the diff, final messages and
 *   every turn's tool-call arguments and assistant messages.
 *
 * A rubric without evidence is `judged: false` with score unjudgedRubricScore.
 */
export function evaluateRubrics(inputs: RubricInputs, config: EvaluationConfig): RubricResults {
  return {
    format: formatScore(inputs, config),
    tool: toolScore(inputs, config),
    task: taskScore(inputs, config),
    minimal: inputs.minimal,
    cost: costScore(inputs, config),
    safety: safetyRubric(inputs, config),
  };
}

function unjudged(config: EvaluationConfig, reason: string): RubricScore {
  return { score: config.unjudgedRubricScore, judged: false, reason };
}

function formatScore({ turns, finalMessages }: RubricInputs, config: EvaluationConfig): RubricScore {
  let items = 0;
  let wellFormed = 0;
  for (const turn of turns) {
    for (const call of turn.toolCalls) {
      items += 1;
      if (isWellFormedToolCall(call)) wellFormed += 1;
    }
    for (const message of turn.messages ?? []) {
      items += 1;
      if (isWellFormedMessage(message)) wellFormed += 1;
    }
  }
  for (const message of finalMessages) {
    items += 1;
    if (isWellFormedMessage(message)) wellFormed += 1;
  }
  if (items === 0) return unjudged(config, 'no tool calls or messages to check');
  return { score: wellFormed / items, judged: true };
}

function toolScore({ turns, execution }: RubricInputs, config: EvaluationConfig): RubricScore {
  const calls = turns.flatMap((turn) => turn.toolCalls);
  const weights = config.toolRubricWeights;
  const weightSum = weights.successRate + weights.nonRedundancy;
  if (calls.length === 0) {
    const rate = execution.toolCallSuccessRate;
    if (isFiniteNumber(execution.toolCallCount) && execution.toolCallCount > 0 && isFiniteNumber(rate)) {
      // Only aggregates were sent: success is known, redundancy is not (counted as none).
      const successRate = clamp01(rate);
      return { score: (weights.successRate * successRate + weights.nonRedundancy) / weightSum, judged: true };
    }
    return unjudged(config, 'no tool calls');
  }
  const tracker = new RepeatedCallTracker(config.stateChangingToolPattern);
  let successes = 0;
  let repeats = 0;
  for (const call of calls) {
    if (call?.success === true) successes += 1;
    if (tracker.observe(call)) repeats += 1;
  }
  const successRate = successes / calls.length;
  const redundantShare = repeats / calls.length;
  return {
    score: (weights.successRate * successRate + weights.nonRedundancy * (1 - redundantShare)) / weightSum,
    judged: true,
  };
}

function taskScore({ execution, turns }: RubricInputs, config: EvaluationConfig): RubricScore {
  const weights = config.taskRubricWeights;
  const completion = completionOf(execution);
  let weighted = weights.completion * completion;
  let weightSum = weights.completion;
  const tests = execution.artifacts?.tests;
  if (tests && isFiniteNumber(tests.passed) && isFiniteNumber(tests.failed) && tests.passed + tests.failed > 0) {
    const passRatio = Math.max(0, tests.passed) / (Math.max(0, tests.passed) + Math.max(0, tests.failed));
    weighted += weights.tests * (tests.failed > 0 ? 0.5 * passRatio : passRatio);
    weightSum += weights.tests;
  }
  const finalQuality = lastQualityScore(turns);
  if (finalQuality !== undefined) {
    weighted += weights.finalQuality * finalQuality;
    weightSum += weights.finalQuality;
  }
  return { score: weightSum === 0 ? completion : weighted / weightSum, judged: true };
}

function costScore({ execution, complexity, baseline }: RubricInputs, config: EvaluationConfig): RubricScore {
  const tokens = execution.tokensUsed;
  const latency = execution.latencyMs;
  if (!isFiniteNumber(tokens) || tokens < 0 || !isFiniteNumber(latency) || latency < 0) {
    return unjudged(config, 'tokensUsed or latencyMs missing or invalid');
  }
  const reference = costReference(baseline, complexity, config);
  const cost = config.cost;
  const decay = (ratio: number): number => (ratio <= 1 ? 1 : Math.pow(2, -(ratio - 1) / cost.halfLifeRatio));
  const tokenScore = decay(tokens / reference.meanTokens);
  const latencyScore = decay(latency / reference.meanLatencyMs);
  return {
    score: (cost.tokenWeight * tokenScore + cost.latencyWeight * latencyScore) / (cost.tokenWeight + cost.latencyWeight),
    judged: true,
  };
}

/** The task type's running means once they rest on enough samples, else the complexity's prior. */
export function costReference(
  baseline: TaskTypeBaseline | undefined,
  complexity: Complexity,
  config: EvaluationConfig,
): { meanTokens: number; meanLatencyMs: number; source: 'baseline' | 'prior' } {
  if (
    baseline &&
    isFiniteNumber(baseline.count) &&
    baseline.count >= config.minimumBaselineSamples &&
    isFiniteNumber(baseline.meanTokens) &&
    baseline.meanTokens > 0 &&
    isFiniteNumber(baseline.meanLatencyMs) &&
    baseline.meanLatencyMs > 0
  ) {
    return { meanTokens: baseline.meanTokens, meanLatencyMs: baseline.meanLatencyMs, source: 'baseline' };
  }
  const prior = config.cost.priors[complexity] ?? config.cost.priors.standard;
  return { meanTokens: prior.meanTokens, meanLatencyMs: prior.meanLatencyMs, source: 'prior' };
}

function safetyRubric({ safety }: RubricInputs, config: EvaluationConfig): RubricScore {
  if (!safety.anythingScanned) return unjudged(config, 'no diff, tool calls or messages to scan');
  return { score: safetyScore([...safety.outputFindings, ...safety.turnFindings], config.safetyWeights), judged: true };
}

/**
 * overallScore = (Σ_k w_k·score_k / Σ_k w_k) · gateFactor · outcomeFactor over the applicable
 * rubrics k, where a rubric that could not be judged counts with unjudgedRubricScore (missing
 * evidence must never score better than evidence); gateFactor = mandatoryGateFloor +
 * (1 − mandatoryGateFloor) · passedMandatory / mandatory, an unjudged mandatory gate counting as
 * not passed (1 when there is no mandatory gate); outcomeFactor = failedTaskFactor when the task
 * failed outright (neither success nor partial success), else 1. A successful task always scores
 * > 0: its task rubric is > 0 and both factors are > 0 whenever mandatoryGateFloor > 0.
 */
export function overallScore(
  rubrics: RubricResults,
  weights: RubricScores,
  gateFactor: number,
  outcomeFactor: number,
): number {
  let weighted = 0;
  let weightSum = 0;
  for (const name of Object.keys(weights) as RubricName[]) {
    const rubric = rubrics[name];
    if (rubric.applicable === false) continue;
    weighted += weights[name] * rubric.score;
    weightSum += weights[name];
  }
  const mean = weightSum === 0 ? 0 : weighted / weightSum;
  return mean * gateFactor * outcomeFactor;
}

export function completionOf(execution: EvaluationExecution): number {
  if (execution.success === true) return 1;
  if (execution.partialSuccess === true) return 0.5;
  return 0;
}

export function lastQualityScore(turns: readonly EvaluationTurn[]): number | undefined {
  for (let index = turns.length - 1; index >= 0; index -= 1) {
    const quality = turns[index].qualityScore;
    if (isFiniteNumber(quality)) return clamp01(quality);
  }
  return undefined;
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
