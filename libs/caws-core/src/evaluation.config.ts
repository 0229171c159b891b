import { GATE_NAMES, type EvaluationConfig, type GateName, type RubricName, RUBRIC_NAMES } from './evaluation.types';

/** Bump on any change that can alter an output for the same input and config. */
export const EVALUATOR_VERSION = 'caws-core/1.0.0';

const ALL_GATES: GateName[] = [...GATE_NAMES];

export const DEFAULT_EVALUATION_CONFIG: EvaluationConfig = deepFreeze({
  defaultRiskTier: 2,
  riskTiers: {
    1: { branchCoverage: 0.9, mutationScore: 0.7, mandatoryGates: ALL_GATES },
    2: { branchCoverage: 0.8, mutationScore: 0.5, mandatoryGates: ALL_GATES },
    // Tier 3 is low risk: coverage and mutation are reported but advisory.
    3: {
      branchCoverage: 0.7,
      mutationScore: 0.3,
      mandatoryGates: ['tests-pass', 'lint-clean', 'change-budget', 'no-secrets'],
    },
  },
  defaultBudgets: {
    trivial: { maxFiles: 2, maxLoc: 50 },
    standard: { maxFiles: 5, maxLoc: 300 },
    complex: { maxFiles: 15, maxLoc: 1000 },
  },
  defaultProfile: { gates: ALL_GATES, expectsCodeChange: true },
  taskTypeProfiles: {
    'text-transformation': { gates: ['tests-pass', 'no-secrets'], expectsCodeChange: false },
    research: { gates: ['no-secrets'], expectsCodeChange: false },
    planning: { gates: ['no-secrets'], expectsCodeChange: false },
    design: { gates: ['no-secrets'], expectsCodeChange: false },
    documentation: {
      gates: ['lint-clean', 'change-budget', 'no-secrets'],
      expectsCodeChange: true,
      exemptFromScaffoldingPenalty: true,
    },
  },
  minimalDiff: {
    astWeight: 0.7,
    linesWeight: 0.3,
    linesScorePoints: [
      [0.1, 1],
      [0.3, 0.7],
      [0.6, 0.4],
      [1, 0.1],
    ],
    minimumBaseLines: 40,
    scaffoldingFactors: { comment: 0.3, import: 0.2, whitespace: 0.1, emptyFunction: 0.4 },
    scaffoldOnlyPenalty: 0.6,
    unjudgedMultiplier: 0.5,
    minimumMultiplier: 0.1,
    astNgramSize: 3,
  },
  rubricWeights: { format: 0.1, tool: 0.1, task: 0.3, minimal: 0.2, cost: 0.15, safety: 0.15 },
  unjudgedRubricScore: 0.5,
  failedTaskFactor: 0.25,
  mandatoryGateFloor: 0.5,
  taskRubricWeights: { completion: 0.4, tests: 0.4, finalQuality: 0.2 },
  toolRubricWeights: { successRate: 0.6, nonRedundancy: 0.4 },
  minimumBaselineSamples: 5,
  cost: {
    priors: {
      trivial: { meanTokens: 2_000, meanLatencyMs: 15_000 },
      standard: { meanTokens: 8_000, meanLatencyMs: 60_000 },
      complex: { meanTokens: 30_000, meanLatencyMs: 300_000 },
    },
    tokenWeight: 0.5,
    latencyWeight: 0.5,
    halfLifeRatio: 1,
  },
  safetyWeights: { secret: 0.6, destructiveCommand: 0.4, privilegeEscalation: 0.2, permissionChange: 0.15 },
  turnWeights: { informationGain: 0.4, formatCorrectness: 0.3, taskProgress: 0.2, safety: 0.1 },
  informationGain: { failedCall: 0.2, resultUnknown: 0.75, noEvidence: 0.5 },
  stateChangingToolPattern:
    'write|edit|patch|apply|create|delete|remove|rename|move|replace|insert|update|commit|exec|shell|bash|terminal|run_command',
  priorMeanTotalReward: 0.5,
  baselineWindow: 200,
});

export type DeepPartial<T> = T extends Array<infer U>
  ? Array<U>
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** Defaults merged with overrides (arrays and tuples are replaced, not merged). Throws on an invalid result. */
export function createEvaluationConfig(overrides: DeepPartial<EvaluationConfig> = {}): EvaluationConfig {
  const merged = deepMerge(DEFAULT_EVALUATION_CONFIG, overrides) as EvaluationConfig;
  const errors = validateEvaluationConfig(merged);
  if (errors.length > 0) {
    throw new Error(`invalid evaluation config: ${errors.join('; ')}`);
  }
  return deepFreeze(merged);
}

/** Every problem with a config, as readable sentences; empty when the config is usable. */
export function validateEvaluationConfig(config: EvaluationConfig): string[] {
  const errors: string[] = [];
  const unit = (path: string, value: unknown): void => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      errors.push(`${path} must be a number in [0, 1], got ${String(value)}`);
    }
  };
  const positive = (path: string, value: unknown): void => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      errors.push(`${path} must be a positive number, got ${String(value)}`);
    }
  };
  const gateList = (path: string, gates: unknown): void => {
    if (!Array.isArray(gates) || gates.some((gate) => !GATE_NAMES.includes(gate as GateName))) {
      errors.push(`${path} must list gate names among ${GATE_NAMES.join(', ')}`);
    }
  };
  if (![1, 2, 3].includes(config.defaultRiskTier)) errors.push('defaultRiskTier must be 1, 2 or 3');
  for (const tier of [1, 2, 3] as const) {
    const policy = config.riskTiers?.[tier];
    if (!policy) {
      errors.push(`riskTiers.${tier} is missing`);
      continue;
    }
    unit(`riskTiers.${tier}.branchCoverage`, policy.branchCoverage);
    unit(`riskTiers.${tier}.mutationScore`, policy.mutationScore);
    gateList(`riskTiers.${tier}.mandatoryGates`, policy.mandatoryGates);
  }
  for (const complexity of ['trivial', 'standard', 'complex'] as const) {
    positive(`defaultBudgets.${complexity}.maxFiles`, config.defaultBudgets?.[complexity]?.maxFiles);
    positive(`defaultBudgets.${complexity}.maxLoc`, config.defaultBudgets?.[complexity]?.maxLoc);
    positive(`cost.priors.${complexity}.meanTokens`, config.cost?.priors?.[complexity]?.meanTokens);
    positive(`cost.priors.${complexity}.meanLatencyMs`, config.cost?.priors?.[complexity]?.meanLatencyMs);
  }
  gateList('defaultProfile.gates', config.defaultProfile?.gates);
  for (const [type, profile] of Object.entries(config.taskTypeProfiles ?? {})) {
    gateList(`taskTypeProfiles.${type}.gates`, profile.gates);
  }
  const minimal = config.minimalDiff;
  unit('minimalDiff.astWeight', minimal.astWeight);
  unit('minimalDiff.linesWeight', minimal.linesWeight);
  if (Math.abs(minimal.astWeight + minimal.linesWeight - 1) > 1e-9) {
    errors.push('minimalDiff.astWeight + minimalDiff.linesWeight must be 1');
  }
  const points = minimal.linesScorePoints;
  if (!Array.isArray(points) || points.length === 0) {
    errors.push('minimalDiff.linesScorePoints must hold at least one [ratio, score] point');
  } else {
    points.forEach(([ratio, score], index) => {
      unit(`minimalDiff.linesScorePoints[${index}].score`, score);
      if (!(ratio >= 0) || (index > 0 && ratio <= points[index - 1][0])) {
        errors.push('minimalDiff.linesScorePoints ratios must be non-negative and strictly ascending');
      }
    });
  }
  positive('minimalDiff.minimumBaseLines', minimal.minimumBaseLines);
  for (const [kind, factor] of Object.entries(minimal.scaffoldingFactors)) {
    unit(`minimalDiff.scaffoldingFactors.${kind}`, factor);
  }
  unit('minimalDiff.scaffoldOnlyPenalty', minimal.scaffoldOnlyPenalty);
  unit('minimalDiff.unjudgedMultiplier', minimal.unjudgedMultiplier);
  unit('minimalDiff.minimumMultiplier', minimal.minimumMultiplier);
  if (!Number.isInteger(minimal.astNgramSize) || minimal.astNgramSize < 1) {
    errors.push('minimalDiff.astNgramSize must be a positive integer');
  }
  let rubricWeightSum = 0;
  for (const name of RUBRIC_NAMES as RubricName[]) {
    unit(`rubricWeights.${name}`, config.rubricWeights?.[name]);
    rubricWeightSum += config.rubricWeights?.[name] ?? 0;
  }
  if (!(rubricWeightSum > 0)) errors.push('rubricWeights must not all be 0');
  unit('unjudgedRubricScore', config.unjudgedRubricScore);
  unit('failedTaskFactor', config.failedTaskFactor);
  unit('mandatoryGateFloor', config.mandatoryGateFloor);
  if (!Number.isInteger(config.minimumBaselineSamples) || config.minimumBaselineSamples < 1) {
    errors.push('minimumBaselineSamples must be a positive integer');
  }
  for (const [name, weight] of Object.entries(config.taskRubricWeights)) unit(`taskRubricWeights.${name}`, weight);
  for (const [name, weight] of Object.entries(config.toolRubricWeights)) unit(`toolRubricWeights.${name}`, weight);
  for (const [name, value] of Object.entries(config.informationGain)) unit(`informationGain.${name}`, value);
  unit('cost.tokenWeight', config.cost.tokenWeight);
  unit('cost.latencyWeight', config.cost.latencyWeight);
  if (!(config.cost.tokenWeight + config.cost.latencyWeight > 0)) {
    errors.push('cost.tokenWeight + cost.latencyWeight must be positive');
  }
  positive('cost.halfLifeRatio', config.cost.halfLifeRatio);
  for (const [kind, weight] of Object.entries(config.safetyWeights)) unit(`safetyWeights.${kind}`, weight);
  let turnWeightSum = 0;
  for (const [name, weight] of Object.entries(config.turnWeights)) {
    unit(`turnWeights.${name}`, weight);
    turnWeightSum += weight;
  }
  if (Math.abs(turnWeightSum - 1) > 1e-9) errors.push('turnWeights must sum to 1');
  unit('priorMeanTotalReward', config.priorMeanTotalReward);
  try {
    new RegExp(config.stateChangingToolPattern, 'i');
  } catch {
    errors.push('stateChangingToolPattern must be a valid regular expression');
  }
  if (!Number.isInteger(config.baselineWindow) || config.baselineWindow < 1) {
    errors.push('baselineWindow must be a positive integer');
  }
  return errors;
}

/** Fingerprints of deeply frozen configs (they cannot change), by identity. */
const FINGERPRINTS = new WeakMap<EvaluationConfig, string>();

/**
 * Short stable fingerprint of a config (FNV-1a over its canonical JSON), recorded in
 * evaluatorVersion so that two outputs can be compared only when both code and config match.
 */
export function configFingerprint(config: EvaluationConfig): string {
  const known = FINGERPRINTS.get(config);
  if (known !== undefined) return known;
  const fingerprint = fingerprintOf(canonicalJson(config));
  // Only a config that can never change may be remembered (createEvaluationConfig's, the default).
  if (isDeeplyFrozen(config)) FINGERPRINTS.set(config, fingerprint);
  return fingerprint;
}


function isDeeplyFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Object.isFrozen(value) && Object.values(value as object).every(isDeeplyFrozen);
}

function fingerprintOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (override === undefined) return structuredClone(base);
  if (
    base === null ||
    override === null ||
    typeof base !== 'object' ||
    typeof override !== 'object' ||
    Array.isArray(base) ||
    Array.isArray(override)
  ) {
    return structuredClone(override);
  }
  const result: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(base as object), ...Object.keys(override as object)]);
  for (const key of keys) {
    result[key] = deepMerge((base as Record<string, unknown>)[key], (override as Record<string, unknown>)[key]);
  }
  return result;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value as object)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
