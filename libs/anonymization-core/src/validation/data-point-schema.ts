/**
 * Field list of BenchmarkDataPoint (libs/contracts/src/model/benchmark-datapoint.model.ts),
 * written out for validation: which fields each part must have and what type they hold.
 * `[]` walks every element of an array. Keep in step with the contract.
 */
export type FieldKind =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'timestamp'
  | 'object'
  | 'array'
  | 'string[]'
  | 'number[]'
  | { enum: readonly (string | number)[] };

export interface FieldSpec {
  path: string;
  kind: FieldKind;
  required: boolean;
  nullable?: boolean;
}

const COMPLEXITIES = ['trivial', 'standard', 'complex'] as const;
const STRATEGIES = ['thompson-sampling', 'ucb1', 'epsilon-greedy', 'capability-match', 'load-balance', 'fallback'] as const;
const ROLES = ['system', 'user', 'assistant', 'tool'] as const;

const required = (path: string, kind: FieldKind, nullable = false): FieldSpec => ({ path, kind, required: true, nullable });
const optional = (path: string, kind: FieldKind): FieldSpec => ({ path, kind, required: false });

export const ROOT_FIELDS: FieldSpec[] = [
  required('id', 'string'),
  required('timestamp', 'timestamp'),
  required('tenantId', 'string'),
  required('status', { enum: ['complete', 'incomplete'] }),
  required('missing', 'string[]'),
  required('task', 'object'),
  required('routing', 'object', true),
  required('execution', 'object', true),
  required('evaluation', 'object', true),
  required('rlLabels', 'object', true),
  required('provenance', 'object'),
  required('cawsCompliant', 'boolean'),
  optional('rlReady', 'boolean'),
];

export const PART_FIELDS: Record<'task' | 'routing' | 'execution' | 'evaluation' | 'rlLabels' | 'provenance', FieldSpec[]> = {
  task: [
    required('taskId', 'string'),
    required('type', 'string'),
    required('complexity', { enum: COMPLEXITIES }),
    required('requirements', 'string[]'),
    optional('description', 'string'),
    optional('cawsSpecId', 'string'),
    optional('riskTier', { enum: [1, 2, 3] }),
    optional('budget', 'object'),
    optional('budget.maxFiles', 'integer'),
    optional('budget.maxLoc', 'integer'),
    optional('candidateAgentIds', 'string[]'),
    optional('submittedAt', 'timestamp'),
  ],
  routing: [
    required('decisionId', 'string'),
    required('selectedAgentId', 'string', true),
    required('strategy', { enum: STRATEGIES }),
    required('policyVersion', 'string'),
    required('propensity', 'number'),
    optional('propensityDraws', 'integer'),
    required('confidence', 'number'),
    optional('explored', 'boolean'),
    optional('fallback', 'boolean'),
    required('candidates', 'array'),
    required('candidates[].agentId', 'string'),
    required('candidates[].capabilityScore', 'number'),
    required('candidates[].performanceScore', 'number'),
    required('candidates[].loadScore', 'number'),
    required('candidates[].finalScore', 'number'),
    required('candidates[].selectionReason', 'string'),
    required('rationale', 'object'),
    required('rationale.primaryReason', 'string'),
    required('rationale.secondaryFactors', 'string[]'),
    required('decidedAt', 'timestamp'),
  ],
  execution: [
    required('agentId', 'string'),
    required('success', 'boolean'),
    optional('failureReason', 'string'),
    required('partialSuccess', 'boolean'),
    required('startedAt', 'timestamp'),
    required('completedAt', 'timestamp'),
    optional('firstActionAt', 'timestamp'),
    required('latencyMs', 'number'),
    required('tokensUsed', 'integer'),
    required('thinkingTokens', 'integer'),
    required('outputTokens', 'integer'),
    required('toolCallCount', 'integer'),
    required('toolCallSuccessRate', 'number'),
    required('toolsUsed', 'array'),
    required('toolsUsed[].toolName', 'string'),
    required('toolsUsed[].callCount', 'integer'),
    required('toolsUsed[].successRate', 'number'),
    required('toolsUsed[].averageLatency', 'number'),
    required('tokenEfficiency', 'number'),
    required('timeToFirstAction', 'number'),
    required('turns', 'array'),
    required('turns[].turnNumber', 'integer'),
    required('turns[].startedAt', 'timestamp'),
    required('turns[].latencyMs', 'number'),
    required('turns[].tokensUsed', 'integer'),
    required('turns[].thinkingTokens', 'integer'),
    required('turns[].toolCalls', 'array'),
    required('turns[].toolCalls[].toolName', 'string'),
    required('turns[].toolCalls[].success', 'boolean'),
    required('turns[].toolCalls[].latencyMs', 'number'),
    optional('turns[].toolCalls[].arguments', 'string'),
    optional('turns[].toolCalls[].result', 'string'),
    optional('turns[].qualityScore', 'number'),
    optional('turns[].feedback', 'string'),
    optional('turns[].messages', 'array'),
    required('turns[].messages[].role', { enum: ROLES }),
    required('turns[].messages[].content', 'string'),
    required('artifacts', 'object'),
    optional('artifacts.diff', 'string'),
    optional('artifacts.files', 'array'),
    required('artifacts.files[].path', 'string'),
    required('artifacts.files[].before', 'string'),
    required('artifacts.files[].after', 'string'),
    optional('artifacts.tests', 'object'),
    required('artifacts.tests.passed', 'integer'),
    required('artifacts.tests.failed', 'integer'),
    required('artifacts.tests.skipped', 'integer'),
    optional('artifacts.lint', 'object'),
    required('artifacts.lint.errors', 'integer'),
    required('artifacts.lint.warnings', 'integer'),
    optional('artifacts.coverage', 'object'),
    required('artifacts.coverage.line', 'number'),
    required('artifacts.coverage.branch', 'number'),
    optional('artifacts.mutationScore', 'number'),
    optional('artifacts.messages', 'array'),
    required('artifacts.messages[].role', { enum: ROLES }),
    required('artifacts.messages[].content', 'string'),
  ],
  evaluation: [
    required('evaluatorVersion', 'string'),
    required('agentId', 'string'),
    required('qualityGates', 'array'),
    required('qualityGates[].name', 'string'),
    required('qualityGates[].passed', 'boolean'),
    required('qualityGates[].score', 'number'),
    required('qualityGates[].threshold', 'number'),
    required('qualityGates[].mandatory', 'boolean'),
    optional('qualityGates[].judged', 'boolean'),
    optional('qualityGates[].detail', 'string'),
    required('rubricScores', 'object'),
    required('rubricScores.format', 'number'),
    required('rubricScores.tool', 'number'),
    required('rubricScores.task', 'number'),
    required('rubricScores.minimal', 'number'),
    required('rubricScores.cost', 'number'),
    required('rubricScores.safety', 'number'),
    required('minimalDiffMetrics', 'object'),
    required('minimalDiffMetrics.astSimilarity', 'number'),
    required('minimalDiffMetrics.fileTouchCount', 'integer'),
    required('minimalDiffMetrics.linesAdded', 'integer'),
    required('minimalDiffMetrics.linesRemoved', 'integer'),
    required('minimalDiffMetrics.lineChangeRatio', 'number'),
    required('minimalDiffMetrics.scaffoldingPenalty', 'number'),
    required('minimalDiffMetrics.rewardMultiplier', 'number'),
    required('turnData', 'array'),
    required('turnData[].turnNumber', 'integer'),
    required('turnData[].toolCalled', 'string'),
    required('turnData[].informationGain', 'number'),
    required('turnData[].formatCorrectness', 'number'),
    required('turnData[].taskProgress', 'number'),
    required('turnData[].safety', 'number'),
    required('turnData[].turnReward', 'number'),
    required('overallScore', 'number'),
    required('cawsCompliant', 'boolean'),
    required('passedAllMandatory', 'boolean'),
    required('totalReward', 'number'),
    required('advantage', 'number'),
    required('notJudged', 'string[]'),
    required('evaluatedAt', 'timestamp'),
  ],
  rlLabels: [
    required('reward', 'number'),
    required('totalReward', 'number'),
    required('advantage', 'number'),
    required('turnRewards', 'number[]'),
    required('isPositiveExample', 'boolean'),
    required('difficulty', 'number'),
  ],
  provenance: [
    required('collectorVersion', 'string'),
    required('collectedAt', 'timestamp'),
    required('sources', 'object'),
    optional('sources.decisionEventId', 'string'),
    optional('sources.executionEventId', 'string'),
    optional('sources.evaluationEventId', 'string'),
    optional('redaction', 'object'),
    optional('validation', 'object'),
  ],
};

/** Scores that must lie in [0, 1]. */
export const UNIT_INTERVAL_FIELDS: string[] = [
  'routing.propensity',
  'routing.confidence',
  'routing.candidates[].capabilityScore',
  'routing.candidates[].performanceScore',
  'routing.candidates[].loadScore',
  'routing.candidates[].finalScore',
  'execution.toolCallSuccessRate',
  'execution.toolsUsed[].successRate',
  'execution.turns[].qualityScore',
  'execution.artifacts.coverage.line',
  'execution.artifacts.coverage.branch',
  'execution.artifacts.mutationScore',
  'evaluation.rubricScores.format',
  'evaluation.rubricScores.tool',
  'evaluation.rubricScores.task',
  'evaluation.rubricScores.minimal',
  'evaluation.rubricScores.cost',
  'evaluation.rubricScores.safety',
  'evaluation.minimalDiffMetrics.astSimilarity',
  'evaluation.minimalDiffMetrics.scaffoldingPenalty',
  'evaluation.minimalDiffMetrics.rewardMultiplier',
  'evaluation.turnData[].informationGain',
  'evaluation.turnData[].formatCorrectness',
  'evaluation.turnData[].taskProgress',
  'evaluation.turnData[].safety',
  'evaluation.overallScore',
  'rlLabels.reward',
  'rlLabels.difficulty',
];

/** Counts, durations and sizes that cannot be negative. */
export const NON_NEGATIVE_FIELDS: string[] = [
  'task.budget.maxFiles',
  'task.budget.maxLoc',
  'routing.propensityDraws',
  'execution.latencyMs',
  'execution.tokensUsed',
  'execution.thinkingTokens',
  'execution.outputTokens',
  'execution.toolCallCount',
  'execution.tokenEfficiency',
  'execution.timeToFirstAction',
  'execution.toolsUsed[].callCount',
  'execution.toolsUsed[].averageLatency',
  'execution.turns[].turnNumber',
  'execution.turns[].latencyMs',
  'execution.turns[].tokensUsed',
  'execution.turns[].thinkingTokens',
  'execution.turns[].toolCalls[].latencyMs',
  'execution.artifacts.tests.passed',
  'execution.artifacts.tests.failed',
  'execution.artifacts.tests.skipped',
  'execution.artifacts.lint.errors',
  'execution.artifacts.lint.warnings',
  'evaluation.minimalDiffMetrics.fileTouchCount',
  'evaluation.minimalDiffMetrics.linesAdded',
  'evaluation.minimalDiffMetrics.linesRemoved',
  'evaluation.minimalDiffMetrics.lineChangeRatio',
];

/** Metrics watched by the statistical gate, per task type. */
export const STATISTICAL_METRICS: Array<{ metric: string; read: (execution: Record<string, unknown>) => unknown }> = [
  { metric: 'latencyMs', read: (execution) => execution.latencyMs },
  { metric: 'tokensUsed', read: (execution) => execution.tokensUsed },
  { metric: 'thinkingTokens', read: (execution) => execution.thinkingTokens },
  { metric: 'outputTokens', read: (execution) => execution.outputTokens },
  { metric: 'toolCallCount', read: (execution) => execution.toolCallCount },
  { metric: 'timeToFirstAction', read: (execution) => execution.timeToFirstAction },
  { metric: 'turnCount', read: (execution) => (Array.isArray(execution.turns) ? execution.turns.length : undefined) },
];

export interface PathStep {
  key: string;
  each: boolean;
}

/** `turns[].toolCalls[].latencyMs` → its steps; `[]` walks every element of an array. */
export function compilePath(path: string): PathStep[] {
  return path.split('.').map((step) => (step.endsWith('[]') ? { key: step.slice(0, -2), each: true } : { key: step, each: false }));
}

/** The concrete path (`turns[2].latencyMs`) of a value found by visitPath, from the indexes it passed. */
export function describePath(steps: readonly PathStep[], indexes: readonly number[]): string {
  let text = '';
  let arrayIndex = 0;
  for (const step of steps) {
    text += text === '' ? step.key : `.${step.key}`;
    if (step.each) text += `[${indexes[arrayIndex++]}]`;
  }
  return text;
}

/**
 * Calls `visit(value, present, indexes, context)` for each value at compiled `steps`. Missing
 * intermediate objects yield nothing, so optional parents are simply skipped. `indexes` holds the
 * array indexes taken along `[]` steps (reused between calls: describePath reads it, nothing
 * should keep it). No closure or path string is made per value: the gates run it for every field
 * of every point, and most values pass.
 */
export function visitPath<C>(
  root: unknown,
  steps: readonly PathStep[],
  visit: (value: unknown, present: boolean, indexes: readonly number[], context: C) => void,
  context: C,
  indexes: number[] = [],
  depth = 0,
): void {
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return;
  const step = steps[depth];
  const value = (root as Record<string, unknown>)[step.key];
  const last = depth === steps.length - 1;
  if (!step.each) {
    if (last) visit(value, value !== undefined, indexes, context);
    else visitPath(value, steps, visit, context, indexes, depth + 1);
    return;
  }
  if (!Array.isArray(value)) return;
  for (let index = 0; index < value.length; index++) {
    indexes.push(index);
    if (last) visit(value[index], true, indexes, context);
    else visitPath(value[index], steps, visit, context, indexes, depth + 1);
    indexes.pop();
  }
}

/** Values at a path with their concrete paths (see visitPath). */
export function valuesAt(root: unknown, path: string): Array<{ path: string; value: unknown; present: boolean }> {
  const steps = compilePath(path);
  const found: Array<{ path: string; value: unknown; present: boolean }> = [];
  visitPath(root, steps, (value, present, indexes) => found.push({ path: describePath(steps, indexes), value, present }), undefined);
  return found;
}
