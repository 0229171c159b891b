import type { PerfManifest, PerfSummary } from './artifacts.model';

export interface AbsoluteThreshold {
  /** dotted path into the summary, e.g. `latency.submitToStoredMs.p99` */
  figure: string;
  min?: number;
  max?: number;
  /** timings and sizes that depend on the machine: CI reports them but does not fail on them */
  machineDependent?: boolean;
  note?: string;
}

export interface BaselineTolerance {
  figure: string;
  /** allowed relative drop for a higher-is-better figure (0.25 = 25 %) */
  maxDrop?: number;
  /** allowed relative rise for a lower-is-better figure */
  maxRise?: number;
  machineDependent?: boolean;
}

export interface ThresholdsFile {
  checks: AbsoluteThreshold[];
  baseline: BaselineTolerance[];
}

export interface CheckFinding {
  figure: string;
  value: number | null;
  limit: string;
  source: 'thresholds' | 'baseline';
  /** a regression that fails the check (false: reported only) */
  failing: boolean;
  message: string;
}

export function figureOf(summary: unknown, path: string): number | null {
  let current: unknown = summary;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return null;
    current = (current as Record<string, unknown>)[part];
  }
  return typeof current === 'number' && Number.isFinite(current) ? current : null;
}

/** Absolute limits. A figure that is missing counts as a regression (the run could not measure it). */
export function checkThresholds(summary: PerfSummary, thresholds: ThresholdsFile, options: { ci: boolean }): CheckFinding[] {
  const findings: CheckFinding[] = [];
  for (const threshold of thresholds.checks) {
    const value = figureOf(summary, threshold.figure);
    const limit = [threshold.min !== undefined ? `≥ ${threshold.min}` : '', threshold.max !== undefined ? `≤ ${threshold.max}` : ''].filter(Boolean).join(' and ');
    const broken = value === null || (threshold.min !== undefined && value < threshold.min) || (threshold.max !== undefined && value > threshold.max);
    if (!broken) continue;
    const failing = !(options.ci && threshold.machineDependent);
    findings.push({
      figure: threshold.figure, value, limit, source: 'thresholds', failing,
      message: `${threshold.figure} = ${value === null ? 'not measured' : value} (limit ${limit})${failing ? '' : ' [machine-dependent: reported only]'}`,
    });
  }
  return findings;
}

/** Same machine class: same core count, same CPU model, memory within 10 %. */
export function sameMachineClass(left: PerfManifest['host'], right: PerfManifest['host']): boolean {
  return left.cores === right.cores && left.cpuModel === right.cpuModel && Math.abs(left.memoryGiB - right.memoryGiB) <= 0.1 * Math.max(left.memoryGiB, right.memoryGiB);
}

/** Same load shape: workers, target rate and scenario (timings of different shapes are not comparable). */
export function sameSlice(left: Pick<PerfManifest, 'workers' | 'rate' | 'scenario'>, right: Pick<PerfManifest, 'workers' | 'rate' | 'scenario'>): boolean {
  return left.workers === right.workers && left.rate === right.rate && left.scenario.name === right.scenario.name;
}

/**
 * Relative comparison with a baseline summary. Machine-dependent figures only fail when the
 * baseline comes from the same machine class and the same slice (and not in CI mode).
 */
export function checkBaseline(
  summary: PerfSummary,
  baseline: PerfSummary,
  tolerances: BaselineTolerance[],
  options: { ci: boolean; comparable: boolean },
): CheckFinding[] {
  const findings: CheckFinding[] = [];
  for (const tolerance of tolerances) {
    const value = figureOf(summary, tolerance.figure);
    const reference = figureOf(baseline, tolerance.figure);
    if (reference === null || reference === 0) continue;
    if (value === null) {
      findings.push({ figure: tolerance.figure, value, limit: `baseline ${reference}`, source: 'baseline', failing: true, message: `${tolerance.figure} not measured (baseline ${reference})` });
      continue;
    }
    const change = (value - reference) / Math.abs(reference);
    let limit: string | undefined;
    if (tolerance.maxDrop !== undefined && change < -tolerance.maxDrop) limit = `drop ≤ ${Math.round(tolerance.maxDrop * 100)} % from ${reference}`;
    if (tolerance.maxRise !== undefined && change > tolerance.maxRise) limit = `rise ≤ ${Math.round(tolerance.maxRise * 100)} % from ${reference}`;
    if (!limit) continue;
    const reportedOnly = tolerance.machineDependent && (options.ci || !options.comparable);
    findings.push({
      figure: tolerance.figure, value, limit, source: 'baseline', failing: !reportedOnly,
      message: `${tolerance.figure} = ${value} vs baseline ${reference} (${change >= 0 ? '+' : ''}${Math.round(change * 100)} %, allowed ${limit})${reportedOnly ? ' [machine-dependent: reported only]' : ''}`,
    });
  }
  return findings;
}
