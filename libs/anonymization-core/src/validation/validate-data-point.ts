import { PrivacyScanner } from '../privacy-scanner/privacy-scanner';
import {
  compilePath,
  describePath,
  FieldKind,
  FieldSpec,
  NON_NEGATIVE_FIELDS,
  PART_FIELDS,
  PathStep,
  ROOT_FIELDS,
  STATISTICAL_METRICS,
  UNIT_INTERVAL_FIELDS,
  visitPath,
} from './data-point-schema';
import { RollingQuantiles } from './rolling-quantiles';

export type ValidationGateName = 'completeness' | 'types' | 'bounds' | 'consistency' | 'statistical' | 'privacy';

/** Gate names in evaluation order; use them as metric label values. */
export const VALIDATION_GATES: readonly ValidationGateName[] = ['completeness', 'types', 'bounds', 'consistency', 'statistical', 'privacy'];

/** Same shapes as ValidationIssue / ValidationReport in libs/contracts. */
export interface ValidationIssue {
  gate: ValidationGateName;
  severity: 'error' | 'warning';
  blockRL: boolean;
  message: string;
}

export type ValidationOutcome = 'valid' | 'rlReady' | 'quarantined';

export interface ValidationReport {
  outcome: ValidationOutcome;
  issues: ValidationIssue[];
  validatorVersion: string;
}

/** What each gate does when it trips (completeness is only a warning for points marked incomplete). */
export const VALIDATION_GATE_RULES: Readonly<Record<ValidationGateName, { severity: 'error' | 'warning'; blockRL: boolean }>> = {
  completeness: { severity: 'error', blockRL: true },
  types: { severity: 'error', blockRL: true },
  bounds: { severity: 'error', blockRL: true },
  consistency: { severity: 'error', blockRL: true },
  statistical: { severity: 'warning', blockRL: false },
  privacy: { severity: 'error', blockRL: true },
};

export const VALIDATOR_VERSION = 'anonymization-core/validator/1.0.0';

export interface ValidationContext {
  /** The independent scanner; a default one (all types) is used when omitted. */
  scanner?: PrivacyScanner;
  /** Rolling per-task-type metric distributions; the statistical gate is skipped without it. */
  quantiles?: RollingQuantiles;
  /** Clock skew allowed between services when ordering timestamps (default 5 s). */
  timestampToleranceMs?: number;
  /** A metric above multiplier × quantile is an outlier (defaults 3 × p99). */
  outlierMultiplier?: number;
  outlierQuantile?: number;
}

const PARTS = ['task', 'routing', 'execution', 'evaluation', 'rlLabels', 'provenance'] as const;
const OPTIONAL_PARTS = ['routing', 'execution', 'evaluation', 'rlLabels'] as const;
const PART_NAMES: Record<(typeof OPTIONAL_PARTS)[number], string> = {
  routing: 'decision',
  execution: 'execution',
  evaluation: 'evaluation',
  rlLabels: 'rlLabels',
};
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+\-]\d{2}:\d{2})$/;
const defaultScanner = new PrivacyScanner();

/** A field spec with its path split into steps once, at load. */
interface CompiledSpec extends FieldSpec {
  steps: PathStep[];
  /** `task.` for a part's fields, '' at the root: issue messages name the full path. */
  prefix: string;
}

const compileSpecs = (specs: FieldSpec[], prefix: string): CompiledSpec[] =>
  specs.map((spec) => ({ ...spec, steps: compilePath(spec.path), prefix }));
const ROOT_SPECS = compileSpecs(ROOT_FIELDS, '');
const PART_SPECS = PARTS.map((part) => ({ part, specs: compileSpecs(PART_FIELDS[part], `${part}.`) }));
const UNIT_INTERVAL_STEPS = UNIT_INTERVAL_FIELDS.map(compilePath);
const NON_NEGATIVE_STEPS = NON_NEGATIVE_FIELDS.map(compilePath);

/**
 * Runs every gate over a (scrubbed) data point. Outcome: `quarantined` if any error, else
 * `rlReady` if no issue blocks RL, else `valid`. Messages name fields and rules, never values.
 * Pure: the quantiles are read, not updated (see observeDataPointMetrics).
 */
export function validateDataPoint(point: unknown, context: ValidationContext = {}): ValidationReport {
  const issues: ValidationIssue[] = [];
  const add = (gate: ValidationGateName, severity: 'error' | 'warning', blockRL: boolean, message: string): void => {
    issues.push({ gate, severity, blockRL, message });
  };

  if (point === null || typeof point !== 'object' || Array.isArray(point)) {
    add('types', 'error', true, 'data point must be a JSON object');
    return finish(issues);
  }
  const root = point as Record<string, unknown>;

  // One walk over every spec'd path says whether any field or bound check fails; only then are the
  // checks run path by path, which names each failure in spec order.
  const failing = failingFieldChecks(root);
  if ((failing & FIELD_FAILS) !== 0) {
    checkFields(root, ROOT_SPECS, add);
    for (const { part, specs } of PART_SPECS) {
      const value = root[part];
      if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
      checkFields(value, specs, add);
    }
  }
  checkPartsPresent(root, add);
  if ((failing & BOUND_FAILS) !== 0) checkBoundFields(root, add);
  checkBoundRelations(root, add);
  checkConsistency(root, context.timestampToleranceMs ?? 5000, add);
  if (context.quantiles !== undefined) {
    checkStatistics(root, context.quantiles, context.outlierMultiplier ?? 3, context.outlierQuantile ?? 0.99, add);
  }
  const scanner = context.scanner ?? defaultScanner;
  const seen = new Set<string>();
  for (const finding of scanner.scan(point)) {
    const key = `${finding.type}\u0000${finding.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    add('privacy', 'error', true, `${finding.type} detected in ${finding.path} after anonymization`);
  }
  return finish(issues);
}

function finish(issues: ValidationIssue[]): ValidationReport {
  const outcome: ValidationOutcome = issues.some((issue) => issue.severity === 'error')
    ? 'quarantined'
    : issues.some((issue) => issue.blockRL)
      ? 'valid'
      : 'rlReady';
  return { outcome, issues, validatorVersion: VALIDATOR_VERSION };
}

type AddIssue = (gate: ValidationGateName, severity: 'error' | 'warning', blockRL: boolean, message: string) => void;

interface FieldCheck {
  spec: CompiledSpec;
  add: AddIssue;
}

function checkFields(root: unknown, specs: CompiledSpec[], add: AddIssue): void {
  const check: FieldCheck = { spec: specs[0], add };
  for (const spec of specs) {
    check.spec = spec;
    visitPath(root, spec.steps, checkField, check);
  }
}

function checkField(value: unknown, present: boolean, indexes: readonly number[], { spec, add }: FieldCheck): void {
  if (!fieldFails(value, present, spec)) return;
  if (!present || (value === null && !spec.nullable)) {
    if (spec.required) add('completeness', 'error', true, `${spec.prefix}${describePath(spec.steps, indexes)} is required`);
    else add('types', 'error', true, `${spec.prefix}${describePath(spec.steps, indexes)} must not be null`);
    return;
  }
  add('types', 'error', true, `${spec.prefix}${describePath(spec.steps, indexes)} ${typeProblem(value, spec.kind)}`);
}

/** Whether checkField reports anything for this value (the one rule both walks use). */
function fieldFails(value: unknown, present: boolean, spec: FieldSpec): boolean {
  if (!present || (value === null && !spec.nullable)) return spec.required || present;
  return value !== null && typeProblem(value, spec.kind) !== null;
}

function unitIntervalFails(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && (value < 0 || value > 1);
}

function nonNegativeFails(value: unknown): boolean {
  return typeof value === 'number' && value < 0;
}

const FIELD_FAILS = 1;
const BOUND_FAILS = 2;

/** The spec'd paths as a tree: a shared prefix (`execution.turns[]`) is walked once for all its fields. */
interface PathNode {
  key: string;
  each: boolean;
  fields: FieldSpec[];
  unitInterval: boolean;
  nonNegative: boolean;
  children: PathNode[];
}

function buildPathTree(): PathNode[] {
  const roots: PathNode[] = [];
  const nodeAt = (steps: readonly PathStep[]): PathNode => {
    let level = roots;
    let node: PathNode | undefined;
    for (const step of steps) {
      node = level.find((candidate) => candidate.key === step.key && candidate.each === step.each);
      if (node === undefined) {
        node = { key: step.key, each: step.each, fields: [], unitInterval: false, nonNegative: false, children: [] };
        level.push(node);
      }
      level = node.children;
    }
    return node as PathNode;
  };
  for (const spec of ROOT_SPECS) nodeAt(spec.steps).fields.push(spec);
  for (const { part, specs } of PART_SPECS) {
    for (const spec of specs) nodeAt([{ key: part, each: false }, ...spec.steps]).fields.push(spec);
  }
  for (const steps of UNIT_INTERVAL_STEPS) nodeAt(steps).unitInterval = true;
  for (const steps of NON_NEGATIVE_STEPS) nodeAt(steps).nonNegative = true;
  return roots;
}

const PATH_TREE = buildPathTree();

/** FIELD_FAILS / BOUND_FAILS bits: what checkFields and checkBoundFields would report, in one walk (see visitPath). */
function failingFieldChecks(root: unknown, nodes: readonly PathNode[] = PATH_TREE): number {
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return 0;
  let failing = 0;
  for (const node of nodes) {
    const value = (root as Record<string, unknown>)[node.key];
    if (!node.each) {
      failing |= valueFails(value, value !== undefined, node);
      if (node.children.length > 0) failing |= failingFieldChecks(value, node.children);
      continue;
    }
    if (!Array.isArray(value)) continue;
    for (const item of value) {
      failing |= valueFails(item, true, node);
      if (node.children.length > 0) failing |= failingFieldChecks(item, node.children);
    }
  }
  return failing;
}

function valueFails(value: unknown, present: boolean, node: PathNode): number {
  let failing = 0;
  for (const spec of node.fields) if (fieldFails(value, present, spec)) failing |= FIELD_FAILS;
  if ((node.unitInterval && unitIntervalFails(value)) || (node.nonNegative && nonNegativeFails(value))) failing |= BOUND_FAILS;
  return failing;
}

function typeProblem(value: unknown, kind: FieldKind): string | null {
  if (typeof kind === 'object') {
    return kind.enum.includes(value as string | number) ? null : `must be one of ${kind.enum.join(', ')}`;
  }
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? null : 'must be a string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a finite number';
    case 'integer':
      return Number.isInteger(value) ? null : 'must be an integer';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be a boolean';
    case 'timestamp':
      return typeof value === 'string' && TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : 'must be an RFC 3339 timestamp';
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? null : 'must be an object';
    case 'array':
      return Array.isArray(value) ? null : 'must be an array';
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? null : 'must be an array of strings';
    case 'number[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'number' && Number.isFinite(item))
        ? null
        : 'must be an array of finite numbers';
  }
}

/** `status: complete` needs every part; an incomplete point is kept but not used for training. */
function checkPartsPresent(root: Record<string, unknown>, add: AddIssue): void {
  const absent = OPTIONAL_PARTS.filter((part) => root[part] === null);
  const listed = Array.isArray(root.missing) ? (root.missing as unknown[]) : [];
  if (root.status === 'complete' && absent.length > 0) {
    add('completeness', 'error', true, `status is complete but ${absent.join(', ')} ${absent.length === 1 ? 'is' : 'are'} null`);
  }
  if (root.status === 'incomplete') {
    add('completeness', 'warning', true, `incomplete data point (missing: ${absent.map((part) => PART_NAMES[part]).join(', ') || 'unspecified'}); not usable for RL`);
  }
  for (const part of absent) {
    if (part === 'rlLabels') continue;
    if (!listed.includes(PART_NAMES[part])) add('completeness', 'warning', true, `${part} is null but "${PART_NAMES[part]}" is not listed in missing`);
  }
}

function checkBoundFields(root: Record<string, unknown>, add: AddIssue): void {
  const bound: BoundCheck = { steps: UNIT_INTERVAL_STEPS[0], add };
  for (const steps of UNIT_INTERVAL_STEPS) {
    bound.steps = steps;
    visitPath(root, steps, checkUnitInterval, bound);
  }
  for (const steps of NON_NEGATIVE_STEPS) {
    bound.steps = steps;
    visitPath(root, steps, checkNonNegative, bound);
  }
}

function checkBoundRelations(root: Record<string, unknown>, add: AddIssue): void {
  const execution = asRecord(root.execution);
  if (execution === null) return;
  if (isNumber(execution.thinkingTokens) && isNumber(execution.tokensUsed) && execution.thinkingTokens > execution.tokensUsed) {
    add('bounds', 'error', true, 'execution.thinkingTokens must not exceed execution.tokensUsed');
  }
  if (Array.isArray(execution.turns)) {
    execution.turns.forEach((turn, index) => {
      const record = asRecord(turn);
      if (record !== null && isNumber(record.thinkingTokens) && isNumber(record.tokensUsed) && record.thinkingTokens > record.tokensUsed) {
        add('bounds', 'error', true, `execution.turns[${index}].thinkingTokens must not exceed its tokensUsed`);
      }
    });
  }
  const evaluation = asRecord(root.evaluation);
  const multiplier = evaluation === null ? null : asRecord(evaluation.minimalDiffMetrics)?.rewardMultiplier;
  if (isNumber(multiplier) && multiplier < 0.1) add('bounds', 'error', true, 'evaluation.minimalDiffMetrics.rewardMultiplier must be within [0.1, 1]');
}

interface BoundCheck {
  steps: PathStep[];
  add: AddIssue;
}

function checkUnitInterval(value: unknown, _present: boolean, indexes: readonly number[], { steps, add }: BoundCheck): void {
  if (unitIntervalFails(value)) add('bounds', 'error', true, `${describePath(steps, indexes)} must be within [0, 1]`);
}

function checkNonNegative(value: unknown, _present: boolean, indexes: readonly number[], { steps, add }: BoundCheck): void {
  if (nonNegativeFails(value)) add('bounds', 'error', true, `${describePath(steps, indexes)} must not be negative`);
}

function checkConsistency(root: Record<string, unknown>, toleranceMs: number, add: AddIssue): void {
  const task = asRecord(root.task);
  const routing = asRecord(root.routing);
  const execution = asRecord(root.execution);
  const evaluation = asRecord(root.evaluation);
  const labels = asRecord(root.rlLabels);

  if (task !== null && typeof root.id === 'string' && typeof task.taskId === 'string' && root.id !== task.taskId) {
    add('consistency', 'error', true, 'id must equal task.taskId');
  }
  if (execution !== null && execution.success === true && evaluation !== null && isNumber(evaluation.overallScore) && evaluation.overallScore <= 0) {
    add('consistency', 'error', true, 'execution.success is true but evaluation.overallScore is not above 0');
  }
  if (execution !== null && execution.success === false && labels !== null && isNumber(labels.reward) && labels.reward !== 0) {
    add('consistency', 'error', true, 'rlLabels.reward must be 0 when execution.success is false');
  }
  if (evaluation !== null && typeof root.cawsCompliant === 'boolean' && typeof evaluation.cawsCompliant === 'boolean' && root.cawsCompliant !== evaluation.cawsCompliant) {
    add('consistency', 'error', true, 'cawsCompliant must equal evaluation.cawsCompliant');
  }

  const sequence: Array<[string, unknown]> = [
    ['task.submittedAt', task?.submittedAt],
    ['routing.decidedAt', routing?.decidedAt],
    ['execution.startedAt', execution?.startedAt],
    ['execution.completedAt', execution?.completedAt],
    ['evaluation.evaluatedAt', evaluation?.evaluatedAt],
  ];
  let previous: { name: string; time: number } | null = null;
  for (const [name, value] of sequence) {
    const time = typeof value === 'string' && TIMESTAMP.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(time)) continue;
    if (previous !== null && time + toleranceMs < previous.time) {
      add('consistency', 'error', true, `${name} is earlier than ${previous.name} (timestamps out of order)`);
    }
    previous = { name, time };
  }
  if (execution !== null && typeof execution.firstActionAt === 'string') {
    const first = Date.parse(execution.firstActionAt);
    const started = typeof execution.startedAt === 'string' ? Date.parse(execution.startedAt) : Number.NaN;
    const completed = typeof execution.completedAt === 'string' ? Date.parse(execution.completedAt) : Number.NaN;
    if (first + toleranceMs < started || first - toleranceMs > completed) {
      add('consistency', 'error', true, 'execution.firstActionAt must lie between execution.startedAt and execution.completedAt');
    }
  }

  if (routing !== null && execution !== null && typeof execution.agentId === 'string' && routing.selectedAgentId !== execution.agentId) {
    add('consistency', 'error', true, 'execution.agentId is not the agent routing.selectedAgentId chose');
  }
  if (evaluation !== null && typeof evaluation.agentId === 'string') {
    const expected = execution !== null ? execution.agentId : routing?.selectedAgentId;
    if (typeof expected === 'string' && evaluation.agentId !== expected) {
      add('consistency', 'error', true, 'evaluation.agentId is not the agent that executed the task');
    }
  }
}

function checkStatistics(
  root: Record<string, unknown>,
  quantiles: RollingQuantiles,
  multiplier: number,
  quantile: number,
  add: AddIssue,
): void {
  const execution = asRecord(root.execution);
  const taskType = asRecord(root.task)?.type;
  if (execution === null || typeof taskType !== 'string') return;
  for (const { metric, read } of STATISTICAL_METRICS) {
    const value = read(execution);
    if (!isNumber(value)) continue;
    const threshold = quantiles.quantile(metricKey(taskType, metric), quantile);
    if (threshold === undefined || threshold <= 0) continue;
    if (value > multiplier * threshold) {
      add('statistical', 'warning', false, `execution ${metric} is above ${multiplier} × its rolling p${Math.round(quantile * 100)} for this task type`);
    }
  }
}

/** Feeds an accepted point's metrics into the rolling distributions (call after validation). */
export function observeDataPointMetrics(point: unknown, quantiles: RollingQuantiles): void {
  const root = asRecord(point);
  const execution = asRecord(root?.execution);
  const taskType = asRecord(root?.task)?.type;
  if (execution === null || typeof taskType !== 'string') return;
  for (const { metric, read } of STATISTICAL_METRICS) {
    const value = read(execution);
    if (isNumber(value)) quantiles.observe(metricKey(taskType, metric), value);
  }
}

/** RollingQuantiles keys per task type and metric, built once: both gates read them for every point. */
const metricKeys = new Map<string, Map<string, string>>();

function metricKey(taskType: string, metric: string): string {
  let byMetric = metricKeys.get(taskType);
  if (byMetric === undefined) {
    byMetric = new Map();
    // task types are a small vocabulary; an unbounded stream of new ones is not kept
    if (metricKeys.size < 1_000) metricKeys.set(taskType, byMetric);
  }
  let key = byMetric.get(metric);
  if (key === undefined) {
    key = RollingQuantiles.key(taskType, metric);
    byMetric.set(metric, key);
  }
  return key;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
