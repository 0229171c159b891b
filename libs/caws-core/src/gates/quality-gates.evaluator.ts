import type { ChangeSet } from '../diff/change-set.builder';
import type {
  ChangeBudget,
  ExecutionArtifacts,
  GateName,
  QualityGateResult,
  TaskTypeProfile,
  TierPolicy,
} from '../evaluation.types';
import type { SafetyScan } from '../safety/safety.scanner';

export interface GateInputs {
  artifacts: ExecutionArtifacts;
  changeSet: ChangeSet;
  safety: SafetyScan;
  policy: TierPolicy;
  profile: TaskTypeProfile;
  budget: ChangeBudget;
  budgetSource: string;
}

export interface GateOutcome {
  gates: QualityGateResult[];
  /** every judged mandatory gate passed (unjudged ones are reported in notJudged, not here). */
  passedAllMandatory: boolean;
  /** passedAllMandatory and no mandatory gate left unjudged. */
  cawsCompliant: boolean;
  notJudged: string[];
}

/**
 * CAWS quality gates. Every gate reports a score in [0, 1] and passes when score ≥ threshold:
 *
 * - tests-pass: score = passed / (passed + failed), threshold 1; fails with no test at all.
 * - lint-clean: score = 1 / (1 + errors), threshold 1 (warnings reported, not gated).
 * - branch-coverage: score = coverage.branch, threshold = the tier's branch threshold.
 * - mutation-score: score = mutationScore, threshold = the tier's mutation threshold.
 * - change-budget: score = min(1, maxFiles / filesTouched, maxLoc / (linesAdded + linesRemoved)),
 *   threshold 1, measured from the diff (or from the contents when no readable diff was sent).
 * - no-secrets: score = 1 when no credential is found in added lines or final assistant
 *   messages, else 0; threshold 1.
 *
 * A gate whose input is missing is `judged: false, passed: false`, with the reason in `detail`
 * and in notJudged. Only the gates of the task type's profile are reported; mandatory ones are
 * the tier's.
 */
export function evaluateQualityGates(inputs: GateInputs): GateOutcome {
  const gates: QualityGateResult[] = [];
  const notJudged: string[] = [];
  for (const name of inputs.profile.gates) {
    const mandatory = inputs.policy.mandatoryGates.includes(name);
    const gate = judgeGate(name, inputs, mandatory);
    gates.push(gate);
    if (!gate.judged) notJudged.push(`${name}: ${gate.detail}`);
  }
  const mandatoryGates = gates.filter((gate) => gate.mandatory);
  const passedAllMandatory = mandatoryGates.filter((gate) => gate.judged).every((gate) => gate.passed);
  const cawsCompliant = passedAllMandatory && mandatoryGates.every((gate) => gate.judged);
  return { gates, passedAllMandatory, cawsCompliant, notJudged };
}

function judgeGate(name: GateName, inputs: GateInputs, mandatory: boolean): QualityGateResult {
  const unjudged = (threshold: number, detail: string): QualityGateResult => ({
    name,
    passed: false,
    score: 0,
    threshold,
    mandatory,
    judged: false,
    detail,
  });
  const judged = (score: number, threshold: number, passed: boolean, detail: string): QualityGateResult => ({
    name,
    passed,
    score,
    threshold,
    mandatory,
    judged: true,
    detail,
  });
  const { artifacts, policy } = inputs;

  switch (name) {
    case 'tests-pass': {
      const tests = artifacts.tests;
      if (!tests) return unjudged(1, 'no test results in the artifacts');
      if (!isCount(tests.passed) || !isCount(tests.failed)) return unjudged(1, 'test results are not non-negative counts');
      const total = tests.passed + tests.failed;
      const skipped = isCount(tests.skipped) ? tests.skipped : 0;
      if (total === 0) return judged(0, 1, false, `no test ran (${skipped} skipped)`);
      return judged(
        tests.passed / total,
        1,
        tests.failed === 0,
        `${tests.passed} passed, ${tests.failed} failed, ${skipped} skipped`,
      );
    }
    case 'lint-clean': {
      const lint = artifacts.lint;
      if (!lint) return unjudged(1, 'no lint results in the artifacts');
      if (!isCount(lint.errors)) return unjudged(1, 'lint errors is not a non-negative count');
      const warnings = isCount(lint.warnings) ? lint.warnings : 0;
      return judged(1 / (1 + lint.errors), 1, lint.errors === 0, `${lint.errors} errors, ${warnings} warnings`);
    }
    case 'branch-coverage': {
      const threshold = policy.branchCoverage;
      const branch = artifacts.coverage?.branch;
      if (branch === undefined || branch === null) return unjudged(threshold, 'no branch coverage in the artifacts');
      const value = asFraction(branch);
      if (value === null) return unjudged(threshold, `branch coverage ${String(branch)} is not a fraction`);
      return judged(value, threshold, value >= threshold, `branch coverage ${format(value)} vs ${format(threshold)}`);
    }
    case 'mutation-score': {
      const threshold = policy.mutationScore;
      const raw = artifacts.mutationScore;
      if (raw === undefined || raw === null) return unjudged(threshold, 'no mutation score in the artifacts');
      const value = asFraction(raw);
      if (value === null) return unjudged(threshold, `mutation score ${String(raw)} is not a fraction`);
      return judged(value, threshold, value >= threshold, `mutation score ${format(value)} vs ${format(threshold)}`);
    }
    case 'change-budget': {
      const { changeSet, budget } = inputs;
      if (changeSet.source === 'none') {
        return unjudged(1, changeSet.parseError ? `malformed diff: ${changeSet.parseError.message}` : 'no diff and no file contents');
      }
      const files = changeSet.files.length;
      const lines = changeSet.files.reduce((sum, file) => sum + file.linesAdded + file.linesRemoved, 0);
      const score = Math.min(1, files === 0 ? 1 : budget.maxFiles / files, lines === 0 ? 1 : budget.maxLoc / lines);
      const measuredFrom = changeSet.source === 'diff' ? 'the diff' : 'the file contents';
      return judged(
        score,
        1,
        files <= budget.maxFiles && lines <= budget.maxLoc,
        `${files}/${budget.maxFiles} files, ${lines}/${budget.maxLoc} changed lines (measured from ${measuredFrom}; budget ${inputs.budgetSource})`,
      );
    }
    case 'no-secrets': {
      const { safety } = inputs;
      if (!safety.outputsScanned) return unjudged(1, 'no diff, file contents or assistant messages to scan');
      const secrets = safety.outputFindings.filter((finding) => finding.kind === 'secret');
      const scope = safety.scannedRawDiff ? ' (added lines of an unparsed diff scanned as text)' : '';
      if (secrets.length === 0) return judged(1, 1, true, `no credential found${scope}`);
      const listed = secrets.map((secret) => `${secret.rule} ${secret.evidence} in ${secret.location}`).join('; ');
      return judged(0, 1, false, `${secrets.length} credential(s) found: ${listed}${scope}`);
    }
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Accepts 0..1, or a percentage in (1, 100]. */
function asFraction(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return null;
  if (value <= 1) return value;
  if (value <= 100) return value / 100;
  return null;
}

function format(value: number): string {
  return value.toFixed(2);
}
