import { buildChangeSet, type ChangeSet } from './diff/change-set.builder';
import { configFingerprint, DEFAULT_EVALUATION_CONFIG, EVALUATOR_VERSION } from './evaluation.config';
import type {
  ChangeBudget,
  ChatMessage,
  Complexity,
  EvaluationConfig,
  EvaluationExecution,
  EvaluationInput,
  EvaluationMetrics,
  EvaluationTask,
  EvaluationTurn,
  ExecutionArtifacts,
  MinimalDiffMetrics,
  RiskTier,
  RubricName,
  TaskTypeBaseline,
  TaskTypeProfile,
} from './evaluation.types';
import { evaluateQualityGates, type GateOutcome } from './gates/quality-gates.evaluator';
import { analyzeMinimalDiff, type MinimalDiffAnalysis } from './minimal-diff/minimal-diff.analyzer';
import {
  completionOf,
  costReference,
  evaluateRubrics,
  overallScore,
  type RubricResults,
  type RubricScore,
} from './rubric/rubric-scores.evaluator';
import { scanSafety, type SafetyFinding, type SafetyScan } from './safety/safety.scanner';
import { evaluateTurns } from './turns/turn-rewards.evaluator';

/** Intermediate results, for debugging and tests; not part of the published data point. */
export interface EvaluationDiagnostics {
  changeSource: ChangeSet['source'];
  minimalDiff: MinimalDiffAnalysis | null;
  rubrics: RubricResults;
  safetyFindings: SafetyFinding[];
  costReference: { meanTokens: number; meanLatencyMs: number; source: 'baseline' | 'prior' };
  rewardBaseline: { meanTotalReward: number; source: 'baseline' | 'prior' };
  riskTier: RiskTier;
  budget: ChangeBudget;
}

export interface DetailedEvaluation {
  metrics: EvaluationMetrics;
  diagnostics: EvaluationDiagnostics;
}

/**
 * Grades one task execution against CAWS. Deterministic: no clock, no randomness, no state
 * between calls; the same input, config and baseline give deep-equal output. Never throws:
 * missing or malformed parts are listed in `notJudged` and scored conservatively.
 */
export function evaluate(
  input: EvaluationInput,
  config: EvaluationConfig = DEFAULT_EVALUATION_CONFIG,
  baseline?: TaskTypeBaseline,
): EvaluationMetrics {
  return evaluateDetailed(input, config, baseline).metrics;
}

export function evaluateDetailed(
  input: EvaluationInput,
  config: EvaluationConfig = DEFAULT_EVALUATION_CONFIG,
  baseline?: TaskTypeBaseline,
): DetailedEvaluation {
  const notJudged: string[] = [];
  const normalized = normalizeInput(input, notJudged);
  const { task, execution, turns, artifacts, finalMessages } = normalized;

  const profile: TaskTypeProfile = Object.prototype.hasOwnProperty.call(config.taskTypeProfiles, task.type)
    ? config.taskTypeProfiles[task.type]
    : config.defaultProfile;
  const riskTier: RiskTier = task.riskTier === 1 || task.riskTier === 2 || task.riskTier === 3 ? task.riskTier : config.defaultRiskTier;
  const policy = config.riskTiers[riskTier];
  const budgetIsValid =
    !!task.budget && isPositiveNumber(task.budget.maxFiles) && isPositiveNumber(task.budget.maxLoc);
  const budget: ChangeBudget = budgetIsValid ? task.budget! : config.defaultBudgets[task.complexity];
  const budgetSource = budgetIsValid ? 'from the task' : `default for ${task.complexity} tasks`;

  const changeSet = attempt(
    'diff',
    notJudged,
    () => buildChangeSet(artifacts),
    (): ChangeSet => ({ source: 'none', files: [], contents: new Map(), notes: ['internal error'] }),
  );
  if (changeSet.parseError && changeSet.source === 'files') {
    notJudged.push(`diff: ${changeSet.parseError.message}; the change was measured from the file contents instead`);
  }

  // Minimal-diff analysis, or an explicit "could not measure" when a code change was expected.
  const expectsCode = profile.expectsCodeChange;
  let analysis: MinimalDiffAnalysis | null = null;
  let minimalMetrics: MinimalDiffMetrics;
  let minimalRubric: RubricScore;
  const measurable = changeSet.source !== 'none' && changeSet.files.length > 0;
  if (measurable) {
    analysis = attempt(
      'minimal-diff',
      notJudged,
      () => analyzeMinimalDiff(changeSet, config.minimalDiff, profile.exemptFromScaffoldingPenalty === true),
      null,
    );
  }
  if (analysis) {
    minimalMetrics = analysis.metrics;
    minimalRubric = { score: analysis.metrics.rewardMultiplier, judged: true };
  } else if (expectsCode) {
    const reason =
      changeSet.source === 'none'
        ? changeSet.parseError
          ? `malformed diff (${changeSet.parseError.message}) and no file contents`
          : 'no diff and no file contents in the artifacts'
        : measurable
          ? 'analysis failed'
          : 'the change is empty';
    if (!(measurable && notJudged.some((entry) => entry.startsWith('minimal-diff:')))) {
      notJudged.push(`minimal-diff: ${reason}`);
    }
    minimalMetrics = unmeasuredMinimalDiff(config.minimalDiff.unjudgedMultiplier, changeSet);
    minimalRubric = { score: config.minimalDiff.unjudgedMultiplier, judged: false, reason };
  } else {
    // Not applicable: this task type produces no code, so it churned none.
    minimalMetrics = { ...unmeasuredMinimalDiff(1, changeSet), astSimilarity: 1 };
    minimalRubric = { score: 1, judged: false, applicable: false, reason: 'not applicable to this task type' };
  }

  const safety = attempt('safety', notJudged, () => scanSafety(changeSet, finalMessages, turns), emptySafetyScan());

  const gateOutcome = attempt(
    'quality-gates',
    notJudged,
    () => evaluateQualityGates({ artifacts, changeSet, safety, policy, profile, budget, budgetSource }),
    (): GateOutcome => ({ gates: [], passedAllMandatory: false, cawsCompliant: false, notJudged: [] }),
  );
  notJudged.push(...gateOutcome.notJudged);

  const rubrics = attempt(
    'rubrics',
    notJudged,
    () =>
      evaluateRubrics(
        { execution, turns, finalMessages, complexity: task.complexity, baseline, safety, minimal: minimalRubric },
        config,
      ),
    (): RubricResults => {
      const unjudged = { score: config.unjudgedRubricScore, judged: false, reason: 'internal error' };
      return { format: unjudged, tool: unjudged, task: unjudged, minimal: minimalRubric, cost: unjudged, safety: unjudged };
    },
  );
  for (const name of Object.keys(rubrics) as RubricName[]) {
    // minimal is reported above as minimal-diff (or is not applicable).
    if (name !== 'minimal' && !rubrics[name].judged) notJudged.push(`rubric ${name}: ${rubrics[name].reason}`);
  }

  const mandatoryGates = gateOutcome.gates.filter((gate) => gate.mandatory);
  const gateFactor =
    mandatoryGates.length === 0
      ? 1
      : config.mandatoryGateFloor +
        ((1 - config.mandatoryGateFloor) * mandatoryGates.filter((gate) => gate.judged && gate.passed).length) /
          mandatoryGates.length;
  const failedOutright = execution.success !== true && execution.partialSuccess !== true;
  const outcomeFactor = failedOutright ? config.failedTaskFactor : 1;
  const overall = overallScore(rubrics, config.rubricWeights, gateFactor, outcomeFactor);

  const turnData = attempt(
    'turn-rewards',
    notJudged,
    () =>
      evaluateTurns(
        {
          turns,
          turnFindings: safety.turnFindings,
          minimalityFactor: minimalMetrics.rewardMultiplier,
          finalOutcomeQuality: completionOf(execution),
        },
        config,
      ),
    [],
  );
  if (turnData.length === 0 && turns.length === 0) notJudged.push('turn-rewards: no turns in the execution');
  // Mean, not sum: a long trajectory must not earn more for its length. A trajectory that failed
  // outright is scaled like its overall score: well-formed turns do not make a good example.
  const totalReward =
    turnData.length === 0
      ? 0
      : (turnData.reduce((sum, turn) => sum + turn.turnReward, 0) / turnData.length) * outcomeFactor;
  const rewardBaseline =
    baseline &&
    Number.isFinite(baseline.count) &&
    baseline.count >= config.minimumBaselineSamples &&
    Number.isFinite(baseline.meanTotalReward)
      ? { meanTotalReward: baseline.meanTotalReward, source: 'baseline' as const }
      : { meanTotalReward: config.priorMeanTotalReward, source: 'prior' as const };

  const metrics: EvaluationMetrics = {
    evaluatorVersion: `${EVALUATOR_VERSION}+config.${configFingerprint(config)}`,
    agentId: execution.agentId,
    qualityGates: gateOutcome.gates.map((gate) => ({ ...gate, score: round(gate.score), threshold: round(gate.threshold) })),
    rubricScores: {
      format: round(rubrics.format.score),
      tool: round(rubrics.tool.score),
      task: round(rubrics.task.score),
      minimal: round(rubrics.minimal.score),
      cost: round(rubrics.cost.score),
      safety: round(rubrics.safety.score),
    },
    minimalDiffMetrics: {
      astSimilarity: round(minimalMetrics.astSimilarity),
      fileTouchCount: minimalMetrics.fileTouchCount,
      linesAdded: minimalMetrics.linesAdded,
      linesRemoved: minimalMetrics.linesRemoved,
      lineChangeRatio: round(minimalMetrics.lineChangeRatio),
      scaffoldingPenalty: round(minimalMetrics.scaffoldingPenalty),
      rewardMultiplier: round(minimalMetrics.rewardMultiplier),
    },
    turnData: turnData.map((turn) => ({
      ...turn,
      informationGain: round(turn.informationGain),
      formatCorrectness: round(turn.formatCorrectness),
      taskProgress: round(turn.taskProgress),
      safety: round(turn.safety),
      turnReward: round(turn.turnReward),
    })),
    overallScore: round(overall),
    cawsCompliant: gateOutcome.cawsCompliant,
    passedAllMandatory: gateOutcome.passedAllMandatory,
    totalReward: round(totalReward),
    advantage: round(totalReward - rewardBaseline.meanTotalReward),
    notJudged,
    evaluatedAt: normalized.evaluatedAt,
  };
  return {
    metrics,
    diagnostics: {
      changeSource: changeSet.source,
      minimalDiff: analysis,
      rubrics,
      safetyFindings: [...safety.outputFindings, ...safety.turnFindings],
      costReference: costReference(baseline, task.complexity, config),
      rewardBaseline,
      riskTier,
      budget,
    },
  };
}

interface NormalizedInput {
  task: EvaluationTask & { complexity: Complexity };
  execution: EvaluationExecution;
  turns: EvaluationTurn[];
  artifacts: ExecutionArtifacts;
  finalMessages: ChatMessage[];
  evaluatedAt: string;
}

const COMPLEXITIES: readonly Complexity[] = ['trivial', 'standard', 'complex'];

/** A safe copy of the input: arrays where arrays are expected, turns in turnNumber order. */
function normalizeInput(input: EvaluationInput, notJudged: string[]): NormalizedInput {
  const source = isObject(input) ? input : ({} as EvaluationInput);
  if (!isObject(input)) notJudged.push('input: not an object');
  const rawTask = isObject(source.task) ? source.task : ({} as EvaluationTask);
  const complexity = COMPLEXITIES.includes(rawTask.complexity) ? rawTask.complexity : 'standard';
  if (!COMPLEXITIES.includes(rawTask.complexity)) notJudged.push('task.complexity: missing or unknown, "standard" assumed');
  const task = { ...rawTask, type: typeof rawTask.type === 'string' ? rawTask.type : 'unknown', complexity };

  const rawExecution = isObject(source.execution) ? source.execution : ({} as EvaluationExecution);
  if (!isObject(source.execution)) notJudged.push('execution: missing');
  if (typeof rawExecution.success !== 'boolean') notJudged.push('execution.success: missing, failure assumed');
  const artifacts: ExecutionArtifacts = isObject(rawExecution.artifacts) ? rawExecution.artifacts : {};
  const turns = (Array.isArray(rawExecution.turns) ? rawExecution.turns : [])
    .filter((turn): turn is EvaluationTurn => isObject(turn))
    .map((turn, index) => ({
      ...turn,
      turnNumber: Number.isInteger(turn.turnNumber) ? turn.turnNumber : index + 1,
      toolCalls: Array.isArray(turn.toolCalls) ? turn.toolCalls : [],
      messages: Array.isArray(turn.messages) ? turn.messages : undefined,
    }))
    .map((turn, index) => ({ turn, index }))
    .sort((left, right) => left.turn.turnNumber - right.turn.turnNumber || left.index - right.index)
    .map(({ turn }) => turn);
  const execution: EvaluationExecution = {
    ...rawExecution,
    agentId: typeof rawExecution.agentId === 'string' ? rawExecution.agentId : '',
    success: rawExecution.success === true,
    partialSuccess: rawExecution.partialSuccess === true,
    turns,
    artifacts,
  };
  const finalMessages = Array.isArray(artifacts.messages) ? artifacts.messages : [];
  const evaluatedAt = typeof source.evaluatedAt === 'string' ? source.evaluatedAt : '';
  if (!evaluatedAt) notJudged.push('evaluatedAt: missing');
  return { task, execution, turns, artifacts, finalMessages, evaluatedAt };
}

function unmeasuredMinimalDiff(multiplier: number, changeSet: ChangeSet): MinimalDiffMetrics {
  return {
    astSimilarity: 0,
    fileTouchCount: changeSet.files.length,
    linesAdded: changeSet.files.reduce((sum, file) => sum + file.linesAdded, 0),
    linesRemoved: changeSet.files.reduce((sum, file) => sum + file.linesRemoved, 0),
    lineChangeRatio: 0,
    scaffoldingPenalty: 0,
    rewardMultiplier: multiplier,
  };
}

function emptySafetyScan(): SafetyScan {
  return { outputFindings: [], turnFindings: [], outputsScanned: false, anythingScanned: false, scannedRawDiff: false };
}

function attempt<T>(what: string, notJudged: string[], run: () => T, fallback: T | (() => T)): T {
  try {
    return run();
  } catch (error) {
    notJudged.push(`${what}: internal error (${error instanceof Error ? error.message : String(error)})`);
    return typeof fallback === 'function' ? (fallback as () => T)() : fallback;
  }
}

function isObject<T>(value: T): value is T & object {
  return value !== null && typeof value === 'object';
}

function isPositiveNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/** Six decimals: stable JSON across runs, free of 0.30000000000000004. */
function round(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const rounded = Math.round(value * 1e6) / 1e6;
  return rounded === 0 ? 0 : rounded;
}
