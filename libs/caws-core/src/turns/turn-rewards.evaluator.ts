import type { EvaluationConfig, EvaluationTurn, TurnEvaluation } from '../evaluation.types';
import { safetyScore, type SafetyFinding } from '../safety/safety.scanner';
import { isWellFormedMessage, isWellFormedToolCall, RepeatedCallTracker } from './tool-call.inspector';

export interface TurnRewardInputs {
  /** turns in turnNumber order. */
  turns: EvaluationTurn[];
  turnFindings: SafetyFinding[];
  /** the minimal-diff reward multiplier (1 when no code change is expected). */
  minimalityFactor: number;
  /** quality credited to the last turn when it reports none: the task's completion (1 / 0.5 / 0). */
  finalOutcomeQuality: number;
}

const WORD = /[A-Za-z_$][\w$]*|\d+(?:\.\d+)?/g;

/**
 * Turn-level rewards. For turn t:
 *
 * - informationGain = mean over its tool calls of: 0 for a call identical (same tool, same
 *   canonical arguments) to an earlier call with no successful state-changing call (edit,
 *   write, shell...) in between; informationGain.failedCall for a failed new call;
 *   0.5 + 0.5·novelty for a successful new call with a result, novelty = share of the result's
 *   distinct words not seen in any earlier result; informationGain.resultUnknown when no result
 *   was sent. Without tool calls: the novelty of its assistant messages' words against earlier
 *   turns' messages, or informationGain.noEvidence when it has none.
 * - formatCorrectness = well-formed tool calls and messages / all of them (1 when it has none).
 * - taskProgress = (q_t − q_{t−1} + 1) / 2 with q_0 = 0, q_t the turn's qualityScore, else the
 *   task outcome for the last turn, else q_{t−1} (no news is no progress: 0.5).
 * - safety = Π (1 − weight) over the distinct safety findings in its tool calls and messages.
 * - turnReward = (w_i·informationGain + w_f·formatCorrectness + w_p·taskProgress + w_s·safety)
 *   · minimalityFactor, weights turnWeights (0.4 / 0.3 / 0.2 / 0.1).
 *
 * totalReward (computed by the caller) is the mean turnReward, so long trajectories are not
 * rewarded for their length.
 */
export function evaluateTurns(inputs: TurnRewardInputs, config: EvaluationConfig): TurnEvaluation[] {
  const weights = config.turnWeights;
  const repeats = new RepeatedCallTracker(config.stateChangingToolPattern);
  const seenResultWords = new Set<string>();
  const seenMessageWords = new Set<string>();
  let previousQuality = 0;

  return inputs.turns.map((turn, position) => {
    const isLast = position === inputs.turns.length - 1;
    const calls = turn.toolCalls;

    let informationGain: number;
    if (calls.length > 0) {
      let gain = 0;
      for (const call of calls) {
        // Split once: the words serve both the novelty and the memory of seen words.
        const resultWords = typeof call?.result === 'string' ? words(call.result) : null;
        if (repeats.observe(call)) {
          gain += 0;
        } else if (call?.success !== true) {
          gain += config.informationGain.failedCall;
        } else if (resultWords !== null && call.result!.length > 0) {
          gain += 0.5 + 0.5 * noveltyOf(resultWords, seenResultWords);
        } else {
          gain += config.informationGain.resultUnknown;
        }
        if (resultWords !== null) remember(resultWords, seenResultWords);
      }
      informationGain = gain / calls.length;
    } else {
      const text = (turn.messages ?? [])
        .filter((message) => message?.role === 'assistant' && typeof message.content === 'string')
        .map((message) => message.content)
        .join('\n');
      informationGain = text.length > 0 ? novelty(text, seenMessageWords) : config.informationGain.noEvidence;
    }
    for (const message of turn.messages ?? []) {
      if (message?.role === 'assistant' && typeof message.content === 'string') rememberWords(message.content, seenMessageWords);
    }

    const items = calls.length + (turn.messages?.length ?? 0);
    const wellFormed =
      calls.filter((call) => isWellFormedToolCall(call)).length +
      (turn.messages ?? []).filter((message) => isWellFormedMessage(message)).length;
    const formatCorrectness = items === 0 ? 1 : wellFormed / items;

    const reported = turn.qualityScore;
    const quality =
      typeof reported === 'number' && Number.isFinite(reported)
        ? Math.min(1, Math.max(0, reported))
        : isLast
          ? inputs.finalOutcomeQuality
          : previousQuality;
    const taskProgress = (quality - previousQuality + 1) / 2;
    previousQuality = quality;

    const safety = safetyScore(
      inputs.turnFindings.filter((finding) => finding.turnNumber === turn.turnNumber),
      config.safetyWeights,
    );

    const combined =
      weights.informationGain * informationGain +
      weights.formatCorrectness * formatCorrectness +
      weights.taskProgress * taskProgress +
      weights.safety * safety;

    return {
      turnNumber: turn.turnNumber,
      toolCalled: distinctToolNames(turn),
      informationGain,
      formatCorrectness,
      taskProgress,
      safety,
      turnReward: combined * inputs.minimalityFactor,
    };
  });
}

/** Names of the tools a turn called, in first-call order, comma-separated ("" for none). */
function distinctToolNames(turn: EvaluationTurn): string {
  const names: string[] = [];
  for (const call of turn.toolCalls) {
    const name = typeof call?.toolName === 'string' ? call.toolName : '';
    if (name && !names.includes(name)) names.push(name);
  }
  return names.join(',');
}

function words(text: string): Set<string> {
  const distinct = new Set<string>();
  for (const word of text.match(WORD) ?? []) distinct.add(word.toLowerCase());
  return distinct;
}

/** Share of the text's distinct words not in `seen` (0 for text without words: nothing new). */
function novelty(text: string, seen: Set<string>): number {
  return noveltyOf(words(text), seen);
}

function noveltyOf(distinct: Set<string>, seen: Set<string>): number {
  if (distinct.size === 0) return 0;
  let fresh = 0;
  for (const word of distinct) if (!seen.has(word)) fresh += 1;
  return fresh / distinct.size;
}

function rememberWords(text: string, seen: Set<string>): void {
  remember(words(text), seen);
}

function remember(distinct: Set<string>, seen: Set<string>): void {
  for (const word of distinct) seen.add(word);
}
