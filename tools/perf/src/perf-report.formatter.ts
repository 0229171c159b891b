import type { PerfSummary } from './artifacts.model';
import type { CheckFinding } from './thresholds.check';

function value(number: number | null | undefined, digits = 0): string {
  return number === null || number === undefined ? '-' : number.toFixed(digits);
}

function signedMiB(bytes: number | null): string {
  if (bytes === null) return '-';
  const mib = bytes / 2 ** 20;
  return `${mib >= 0 ? '+' : '−'}${Math.abs(mib).toFixed(1)} MiB`;
}

/** The human summary the harness prints at the end. */
export function formatPerfSummary(summary: PerfSummary, files: string[], problems: string[], findings: CheckFinding[]): string {
  const lines = [
    `perf ${summary.stamp}: ${summary.episodes} episodes, ${summary.successes} stored, ${summary.failures} failed${summary.noEligibleAgent ? ` (${summary.noEligibleAgent} without an eligible agent)` : ''} in ${value(summary.durationSec, 1)} s`,
    `  throughput      ${value(summary.throughput.episodesPerSec, 2)} episodes/s sustained (${value(summary.throughput.overallEpisodesPerSec, 2)} overall)`,
    `  submit→decision p50 ${value(summary.latency.submitToDecisionMs.p50)} / p95 ${value(summary.latency.submitToDecisionMs.p95)} / p99 ${value(summary.latency.submitToDecisionMs.p99)} / max ${value(summary.latency.submitToDecisionMs.max)} ms`,
    `  submit→stored   p50 ${value(summary.latency.submitToStoredMs.p50)} / p95 ${value(summary.latency.submitToStoredMs.p95)} / p99 ${value(summary.latency.submitToStoredMs.p99)} / max ${value(summary.latency.submitToStoredMs.max)} ms`,
    `  bytes           ${value(summary.bytes.perStoredPointMean)} B per stored point (BSON), ${value(summary.bytes.ingressPerEpisodeMean)} B ingress per episode, ${value(summary.bytes.kafkaRecordsPerEpisode, 1)} Kafka records per episode`,
    `  footprint       MongoDB ${signedMiB(summary.footprint.growth.mongoStorageBytes)} (${value(summary.footprint.growth.datapoints)} datapoints), Redis ${signedMiB(summary.footprint.growth.redisUsedMemoryBytes)} / ${value(summary.footprint.growth.redisKeys)} keys, Kafka log ${signedMiB(summary.footprint.growth.kafkaLogDirBytes)} / ${value(summary.footprint.growth.kafkaRecords)} records (${summary.footprint.kafkaScope})`,
    `  resources       services: max RSS ${value(summary.resources.maxServiceRssMb)} MiB, ${value(summary.resources.serviceCpuSeconds, 1)} CPU s; ${summary.resources.processes.map((series) => `${series.name} ${value(series.cpuPercentMean)}%/${value(series.rssMbMax)}MiB`).join(', ')}`,
    `  ceiling         ${summary.ceiling.statement}`,
    `  regret          policy ${value(summary.regret.policy, 1)} vs random ${value(summary.regret.random, 1)} (ratio ${value(summary.regret.ratioVsRandom, 2)}), round-robin ${value(summary.regret.roundRobin, 1)}`,
  ];
  if (Object.keys(summary.failureReasons).length) {
    lines.push('  failure reasons');
    for (const [reason, count] of Object.entries(summary.failureReasons).sort((left, right) => right[1] - left[1]).slice(0, 10)) lines.push(`    ${count}× ${reason}`);
  }
  for (const problem of problems) lines.push(`  INCONSISTENT    ${problem}`);
  for (const finding of findings) lines.push(`  ${finding.failing ? 'REGRESSED' : 'reported '}       ${finding.message}`);
  lines.push('  artifacts');
  for (const file of files) lines.push(`    ${file}`);
  return lines.join('\n');
}
