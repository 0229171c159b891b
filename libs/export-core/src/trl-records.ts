import type { RubricScores, TrainingPhase } from '@benchpool/contracts';
import { canonicalRecord, JsonRecord } from './canonical-json';
import { Conversation, extractConversation, promptText, TrlMessage, turnSteps, TurnStep } from './conversation';
import type { SftFormat } from './export-criteria';
import { pointFacts, StoredDataPoint } from './stored-datapoint';

/** A turn counts as a good step (label true) when its reward reaches this. */
export const TURN_LABEL_THRESHOLD = 0.5;

/** The reward inputs a record carries; the values DP noise is applied to. */
export interface RewardValues {
  reward: number;
  quality: number;
  success: boolean;
  rubricScores: RubricScores;
  turnRewards: number[];
}

/** Applied to every record's reward inputs (identity unless the request asked for DP noise). */
export interface RewardTransform {
  apply(pointId: string, values: RewardValues): RewardValues;
}

export const IDENTITY_REWARDS: RewardTransform = { apply: (_pointId, values) => values };

const ZERO_RUBRIC: RubricScores = { format: 0, tool: 0, task: 0, minimal: 0, cost: 0, safety: 0 };

/** The TRL dataset type of each phase's records and the trainer that reads them. */
export function formatOf(phase: TrainingPhase, sftFormat: SftFormat): { type: string; trainer: string; columns: string[] } {
  const trace = ['data_point_id', 'task_type', 'complexity', 'agent_id', 'reward', 'quality', 'success', 'split'];
  switch (phase) {
    case 'sft':
    case 'curriculum':
      return sftFormat === 'prompt-completion'
        ? { type: 'trl/conversational/prompt-completion', trainer: 'SFTTrainer', columns: ['prompt', 'completion', 'tools', ...trace, 'difficulty', 'completion_source'] }
        : { type: 'trl/conversational/language-modeling', trainer: 'SFTTrainer', columns: ['messages', 'tools', ...trace, 'difficulty', 'completion_source'] };
    case 'grpo':
      return {
        type: 'trl/conversational/prompt-only',
        trainer: 'GRPOTrainer',
        columns: ['prompt', ...trace, 'rubric_scores', 'minimal_diff_multiplier', 'difficulty', 'turn_rewards', 'reference_completion', 'completion_source'],
      };
    case 'turn-level':
      return { type: 'trl/standard/stepwise-supervision', trainer: 'PRMTrainer', columns: ['prompt', 'completions', 'labels', 'turn_rewards', ...trace] };
    case 'preference':
      return {
        type: 'trl/conversational/preference',
        trainer: 'DPOTrainer',
        columns: ['prompt', 'chosen', 'rejected', ...trace, 'rejected_data_point_id', 'rejected_agent_id', 'rejected_reward', 'rejected_quality', 'rejected_success'],
      };
  }
}

/** The reward inputs of a point, with per-step turn rewards aligned to `steps` when given. */
export function rewardValues(point: StoredDataPoint, steps?: TurnStep[]): RewardValues {
  const facts = pointFacts(point);
  const byTurn = new Map((point.evaluation?.turnData ?? []).map((turn) => [turn.turnNumber, turn.turnReward]));
  const labelled = point.rlLabels?.turnRewards ?? [];
  const turns = point.execution?.turns ?? [];
  const turnRewards = (steps ?? turns.map((turn) => ({ turnNumber: turn.turnNumber, text: '' }))).map((step, index) => {
    const turn = turns.find((candidate) => candidate.turnNumber === step.turnNumber);
    return byTurn.get(step.turnNumber) ?? labelled[index] ?? turn?.qualityScore ?? facts.reward;
  });
  return {
    reward: facts.reward,
    quality: facts.quality,
    success: facts.success,
    rubricScores: point.evaluation?.rubricScores ?? ZERO_RUBRIC,
    turnRewards,
  };
}

interface Common {
  point: StoredDataPoint;
  split: 'train' | 'eval';
  rewards: RewardTransform;
}

function traceColumns(point: StoredDataPoint, split: 'train' | 'eval', values: RewardValues): JsonRecord {
  const facts = pointFacts(point);
  return {
    data_point_id: facts.id,
    task_type: facts.taskType,
    complexity: facts.complexity,
    agent_id: facts.agentId,
    reward: values.reward,
    quality: values.quality,
    success: values.success,
    split,
  };
}

/** SFT (and curriculum): the whole conversation as `messages`, or `prompt`/`completion`; `tools` when the agent used any. */
export function sftRecord({ point, split, rewards }: Common, format: SftFormat, conversation: Conversation = extractConversation(point)): JsonRecord {
  const values = rewards.apply(point._id, rewardValues(point));
  const text: JsonRecord = format === 'prompt-completion'
    ? { prompt: messagesJson(conversation.prompt), completion: messagesJson(conversation.completion) }
    : { messages: messagesJson([...conversation.prompt, ...conversation.completion]) };
  return canonicalRecord({
    ...text,
    tools: conversation.tools as unknown as JsonRecord[] | null,
    ...traceColumns(point, split, values),
    difficulty: pointFacts(point).difficulty,
    completion_source: conversation.completionSource,
  });
}

/** GRPO: prompt-only (a list of messages), the reward inputs as extra columns for reward functions. */
export function grpoRecord({ point, split, rewards }: Common, conversation: Conversation = extractConversation(point)): JsonRecord {
  const values = rewards.apply(point._id, rewardValues(point));
  const reference = conversation.completion.filter((message) => message.role === 'assistant' && message.content).at(-1)?.content ?? null;
  return canonicalRecord({
    prompt: messagesJson(conversation.prompt),
    ...traceColumns(point, split, values),
    rubric_scores: { ...values.rubricScores } as unknown as JsonRecord,
    minimal_diff_multiplier: point.evaluation?.minimalDiffMetrics?.rewardMultiplier ?? 1,
    difficulty: pointFacts(point).difficulty,
    turn_rewards: values.turnRewards,
    reference_completion: reference,
    completion_source: conversation.completionSource,
  });
}

/** Turn-level: TRL stepwise supervision (standard format) — one completion per turn, a boolean label per turn, plus the per-turn rewards. */
export function turnLevelRecord({ point, split, rewards }: Common, conversation: Conversation = extractConversation(point)): JsonRecord {
  const steps = turnSteps(point);
  const values = rewards.apply(point._id, rewardValues(point, steps));
  return canonicalRecord({
    prompt: promptText(conversation.prompt),
    completions: steps.map((step) => step.text),
    labels: values.turnRewards.map((reward) => reward >= TURN_LABEL_THRESHOLD),
    turn_rewards: values.turnRewards,
    ...traceColumns(point, split, values),
  });
}

/** Preference: conversational `prompt` / `chosen` / `rejected`; the prompt is the chosen point's. */
export function preferenceRecord(chosen: Common, rejected: StoredDataPoint): JsonRecord {
  const chosenConversation = extractConversation(chosen.point);
  const rejectedConversation = extractConversation(rejected);
  const chosenValues = chosen.rewards.apply(chosen.point._id, rewardValues(chosen.point));
  const rejectedValues = chosen.rewards.apply(rejected._id, rewardValues(rejected));
  const rejectedFacts = pointFacts(rejected);
  return canonicalRecord({
    prompt: messagesJson(chosenConversation.prompt),
    chosen: messagesJson(chosenConversation.completion),
    rejected: messagesJson(rejectedConversation.completion),
    ...traceColumns(chosen.point, chosen.split, chosenValues),
    rejected_data_point_id: rejectedFacts.id,
    rejected_agent_id: rejectedFacts.agentId,
    rejected_reward: rejectedValues.reward,
    rejected_quality: rejectedValues.quality,
    rejected_success: rejectedValues.success,
  });
}

function messagesJson(messages: TrlMessage[]): JsonRecord[] {
  return messages as unknown as JsonRecord[];
}
