import type {
  BenchmarkDataPoint, Complexity, EvaluationMetrics, ExecutionMetrics, RLTrainingLabels, RoutingContext, TaskContext,
} from '@benchpool/contracts';
import { clamp01 } from '@benchpool/utils';
import { buildExecutionMetrics, round, toMillisecondIso } from '../execution-metrics/execution-metrics.builder';
import { COLLECTOR_VERSION } from '../telemetry-core.version';
import type { DecisionInput, JoinParts } from './join-parts';

/** The parts without which a point is `incomplete`; the task itself can be derived from the decision. */
export const REQUIRED_PARTS = ['decision', 'execution', 'evaluation'] as const;
export type RequiredPart = (typeof REQUIRED_PARTS)[number];

/** Type of a task that was never described by task.submitted nor by a decision. */
export const UNKNOWN_TASK_TYPE = 'unknown';

const BASE_DIFFICULTY: Record<Complexity, number> = { trivial: 0.2, standard: 0.5, complex: 0.8 };
/** a reward at or above this, on a successful CAWS-compliant run, makes a positive example. */
export const POSITIVE_REWARD_THRESHOLD = 0.5;

/**
 * Joins everything known about one task into its data point. Deterministic: the same parts and
 * the same claim time give the same point, byte for byte — which is what lets a crashed
 * emission be re-published later with identical content (see the README's emission protocol).
 */
export function assembleDataPoint(parts: JoinParts, claimedAtMs: number): BenchmarkDataPoint {
  const task = taskContextOf(parts);
  const execution = parts.completion ? buildExecutionMetrics(parts.completion, parts.turns) : null;
  const routing = parts.decision ? routingContextOf(parts.decision) : null;
  const evaluation = parts.evaluation ?? null;
  const missing: RequiredPart[] = [];
  if (!routing) missing.push('decision');
  if (!execution) missing.push('execution');
  if (!evaluation) missing.push('evaluation');
  const collectedAt = toMillisecondIso(claimedAtMs);
  const sources: BenchmarkDataPoint['provenance']['sources'] = {};
  if (parts.eventIds.decision) sources.decisionEventId = parts.eventIds.decision;
  if (parts.eventIds.completion) sources.executionEventId = parts.eventIds.completion;
  if (parts.eventIds.evaluation) sources.evaluationEventId = parts.eventIds.evaluation;
  return {
    id: parts.taskId,
    timestamp: collectedAt,
    tenantId: parts.tenantId ?? 'unknown',
    status: missing.length === 0 ? 'complete' : 'incomplete',
    missing,
    task,
    routing,
    execution,
    evaluation,
    rlLabels: rlLabelsOf(task.complexity, execution, evaluation),
    provenance: { collectorVersion: COLLECTOR_VERSION, collectedAt, sources },
    cawsCompliant: evaluation?.cawsCompliant ?? false,
  };
}

/**
 * The task as task.submitted described it; without it, what the decision knows (type and
 * complexity); without either, an `unknown` standard task.
 */
export function taskContextOf(parts: Pick<JoinParts, 'taskId' | 'task' | 'decision'>): TaskContext {
  if (parts.task) {
    const { task } = parts;
    const context: TaskContext = { taskId: parts.taskId, type: task.type, complexity: task.complexity, requirements: task.requirements ?? [] };
    if (task.description !== undefined) context.description = task.description;
    if (task.cawsSpecId !== undefined) context.cawsSpecId = task.cawsSpecId;
    if (task.riskTier !== undefined) context.riskTier = task.riskTier;
    if (task.budget !== undefined) context.budget = task.budget;
    if (task.candidateAgentIds !== undefined) context.candidateAgentIds = task.candidateAgentIds;
    if (task.submittedAt !== undefined) context.submittedAt = task.submittedAt;
    return context;
  }
  if (parts.decision) return { taskId: parts.taskId, type: parts.decision.taskType, complexity: parts.decision.complexity, requirements: [] };
  return { taskId: parts.taskId, type: UNKNOWN_TASK_TYPE, complexity: 'standard', requirements: [] };
}

/** The decision's routing fields (task fields and the agent version stay out). */
export function routingContextOf(decision: DecisionInput): RoutingContext {
  const routing: RoutingContext = {
    decisionId: decision.decisionId,
    selectedAgentId: decision.selectedAgentId ?? null,
    strategy: decision.strategy,
    policyVersion: decision.policyVersion,
    propensity: decision.propensity,
    confidence: decision.confidence,
    candidates: decision.candidates,
    rationale: decision.rationale,
    decidedAt: decision.decidedAt,
  };
  if (decision.propensityDraws !== undefined) routing.propensityDraws = decision.propensityDraws;
  if (decision.explored !== undefined) routing.explored = decision.explored;
  if (decision.fallback !== undefined) routing.fallback = decision.fallback;
  return routing;
}

/**
 * RL labels, null without an evaluation.
 * - reward = overallScore × minimalDiffMetrics.rewardMultiplier, clamped to [0, 1]; 0 unless the
 *   execution is known to have succeeded (a partial success earns nothing here: its signal is in
 *   the rubric and turn rewards).
 * - totalReward, advantage, turnRewards (by turn number) come from the evaluation.
 * - isPositiveExample: success, CAWS-compliant, reward ≥ 0.5.
 * - difficulty: see `difficultyOf`.
 */
export function rlLabelsOf(complexity: Complexity, execution: ExecutionMetrics | null, evaluation: EvaluationMetrics | null): RLTrainingLabels | null {
  if (!evaluation) return null;
  const succeeded = execution?.success === true;
  const reward = succeeded ? round(clamp01(evaluation.overallScore * evaluation.minimalDiffMetrics.rewardMultiplier)) : 0;
  return {
    reward,
    totalReward: evaluation.totalReward,
    advantage: evaluation.advantage,
    turnRewards: [...evaluation.turnData].sort((a, b) => a.turnNumber - b.turnNumber).map((turn) => turn.turnReward),
    isPositiveExample: succeeded && evaluation.cawsCompliant && reward >= POSITIVE_REWARD_THRESHOLD,
    difficulty: difficultyOf(complexity, execution),
  };
}

/**
 * difficulty in [0, 1] = base by complexity (trivial 0.2, standard 0.5, complex 0.8)
 * + 0.2 when the agent failed, + 0.1 when it only partly succeeded (+0.1 without an execution:
 * unknown outcome), clamped to 1.
 */
export function difficultyOf(complexity: Complexity, execution: Pick<ExecutionMetrics, 'success' | 'partialSuccess'> | null): number {
  const base = BASE_DIFFICULTY[complexity] ?? BASE_DIFFICULTY.standard;
  const penalty = !execution ? 0.1 : execution.success ? 0 : execution.partialSuccess ? 0.1 : 0.2;
  return round(Math.min(1, base + penalty));
}

/** The payload of `telemetry.execution.recorded.v1`, null until the completion is known. */
export interface ExecutionRecordedPayload {
  taskId: string;
  task?: TaskContext;
  execution: ExecutionMetrics;
}

/**
 * What caws-evaluation receives: the execution metrics built from the turns known now, and the
 * task (risk tier and budget for the gates) when task.submitted or the decision was seen.
 */
export function executionRecordedOf(parts: JoinParts): ExecutionRecordedPayload | null {
  if (!parts.completion) return null;
  const payload: ExecutionRecordedPayload = { taskId: parts.taskId, execution: buildExecutionMetrics(parts.completion, parts.turns) };
  if (parts.task || parts.decision) payload.task = taskContextOf(parts);
  return payload;
}
