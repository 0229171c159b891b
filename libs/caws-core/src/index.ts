export { evaluate, evaluateDetailed } from './caws.evaluator';
export type { DetailedEvaluation, EvaluationDiagnostics } from './caws.evaluator';
export {
  DEFAULT_EVALUATION_CONFIG,
  EVALUATOR_VERSION,
  canonicalJson,
  configFingerprint,
  createEvaluationConfig,
  validateEvaluationConfig,
} from './evaluation.config';
export type { DeepPartial } from './evaluation.config';
export * from './evaluation.types';
export { createEmptyBaseline, updateBaseline } from './baseline/task-type-baseline.updater';
export { parseUnifiedDiff, tryParseUnifiedDiff } from './diff/unified-diff.parser';
export { DiffParseError } from './diff/unified-diff.types';
export type {
  DiffFile,
  DiffFileStatus,
  DiffHunk,
  DiffLine,
  DiffLineKind,
  DiffParseErrorCode,
  DiffParseResult,
  ParsedDiff,
} from './diff/unified-diff.types';
export { buildDiffFile, createUnifiedDiff, formatUnifiedDiff } from './diff/unified-diff.writer';
export type { FileContents } from './diff/unified-diff.writer';
export { diffLines } from './diff/line-diff.algorithm';
export { detectSecrets } from './safety/secret.detector';
export type { SecretFinding, SecretKind } from './safety/secret.detector';
export { detectDestructiveCommands } from './safety/destructive-command.detector';
export type { CommandFinding } from './safety/destructive-command.detector';
export type { SafetyFinding, SafetyFindingKind } from './safety/safety.scanner';
