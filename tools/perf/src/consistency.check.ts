import type { PerfManifest, PerfMetrics, PerfSeries, PerfSummary } from './artifacts.model';

export interface ArtifactSet {
  manifest: PerfManifest;
  summary: PerfSummary;
  metrics: PerfMetrics;
  series: PerfSeries;
}

/**
 * Checks that the four artifacts of one run agree with one another: one series row per episode,
 * summary counts equal to the series' counts, failure reasons adding up, per-agent metrics covering
 * every routed episode, one stamp for all. Returns the problems (empty when consistent).
 */
export function checkArtifactConsistency(artifacts: ArtifactSet): string[] {
  const { manifest, summary, metrics, series } = artifacts;
  const problems: string[] = [];
  const rows = series.rows;
  const stamps = new Set([manifest.stamp, summary.stamp, metrics.stamp, series.stamp]);
  if (stamps.size !== 1) problems.push(`the artifacts carry different stamps: ${[...stamps].join(', ')}`);
  if (rows.length !== manifest.episodes) problems.push(`series has ${rows.length} rows but the manifest asked for ${manifest.episodes} episodes`);
  if (rows.length !== summary.episodes) problems.push(`series has ${rows.length} rows but the summary counts ${summary.episodes} episodes`);
  const successes = rows.filter((row) => row.success).length;
  if (successes !== summary.successes) problems.push(`series has ${successes} successful rows but the summary counts ${summary.successes} successes`);
  const failures = rows.length - successes;
  if (failures !== summary.failures) problems.push(`series has ${failures} failed rows but the summary counts ${summary.failures} failures`);
  if (summary.successes + summary.failures !== summary.episodes) problems.push(`summary: successes ${summary.successes} + failures ${summary.failures} ≠ episodes ${summary.episodes}`);
  const reasons = Object.values(summary.failureReasons).reduce((sum, count) => sum + count, 0);
  if (reasons !== summary.failures) problems.push(`summary failure reasons add up to ${reasons}, not to its ${summary.failures} failures`);
  const indices = new Set(rows.map((row) => row.index));
  if (indices.size !== rows.length) problems.push(`series has ${rows.length - indices.size} duplicate episode indices`);
  rows.forEach((row, position) => {
    if (row.episode !== position + 1) problems.push(`series row ${position} is numbered ${row.episode}`);
    if (row.success && (row.timestamps.storedReceivedAt === null || row.submitToStoredMs === null)) problems.push(`series row ${row.episode} is a success without a stored time`);
    if (!row.success && row.error === null) problems.push(`series row ${row.episode} failed without an error`);
  });
  const routed = rows.filter((row) => row.agent !== null).length;
  const perAgentCount = metrics.perAgent.reduce((sum, group) => sum + group.count, 0);
  if (perAgentCount !== routed) problems.push(`metrics count ${perAgentCount} routed episodes, the series ${routed}`);
  const perPairCount = metrics.perAgentAndTaskType.reduce((sum, group) => sum + group.count, 0);
  if (perPairCount !== routed) problems.push(`metrics per agent and task type count ${perPairCount} episodes, the series ${routed}`);
  const storedLatencies = rows.filter((row) => row.submitToStoredMs !== null).length;
  if (storedLatencies !== summary.latency.submitToStoredMs.count) {
    problems.push(`summary latency covers ${summary.latency.submitToStoredMs.count} stored episodes, the series ${storedLatencies}`);
  }
  return problems;
}

/** Every artifact the manifest lists must exist next to it. */
export function missingArtifacts(manifest: PerfManifest, exists: (fileName: string) => boolean): string[] {
  return manifest.artifacts.filter((fileName) => !exists(fileName));
}
