import type { SimulationResult } from './simulation.runner';

function fixed(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
}

/** The short human summary printed at the end of a run. */
export function formatSimulationSummary(result: SimulationResult, reportPath?: string): string {
  const { counts, regret, latency, perAgent, adaptation } = result.summary;
  const seconds = result.durationMs / 1000;
  const lines = [
    `arbiter-sim ${result.runId} — scenario ${result.scenario.name}, seed ${result.scenario.seed}, ${result.options.workers} worker(s)${result.options.rate ? `, ${result.options.rate}/s` : ''}`,
    `  tasks submitted     ${counts.submitted}`,
    `  decisions received  ${counts.decisions} (no eligible agent: ${counts.noAgent})`,
    `  points stored       ${counts.stored} in ${seconds.toFixed(1)} s (${fixed(counts.stored / Math.max(seconds, 0.001), 1)}/s)`,
    `  failures            ${counts.failures - counts.noAgent}${Object.keys(result.summary.failureReasons).length ? ` — ${Object.entries(result.summary.failureReasons).slice(0, 3).map(([reason, count]) => `${count}× ${reason}`).join('; ')}` : ''}`,
    `  latency             submit→decision p50 ${fixed(latency.submitToDecisionMs.p50, 0)} ms p99 ${fixed(latency.submitToDecisionMs.p99, 0)} ms; submit→stored p50 ${fixed(latency.submitToStoredMs.p50, 0)} ms p99 ${fixed(latency.submitToStoredMs.p99, 0)} ms`,
    `  regret (expected)   policy ${fixed(regret.cumulative.policy, 1)} vs random ${fixed(regret.cumulative.random, 1)} (ratio ${fixed(regret.ratioVsRandom)}) vs round-robin ${fixed(regret.cumulative.roundRobin, 1)} (ratio ${fixed(regret.ratioVsRoundRobin)})`,
    `  routing share       ${Object.entries(perAgent).map(([agentId, metrics]) => `${agentId.replace(/^agent-/, '')} ${(metrics.routingShare * 100).toFixed(0)}%`).join(', ')}`,
  ];
  for (const result_ of adaptation) {
    lines.push(`  adaptation          ${result_.segment} → ${result_.agentId}: ${result_.tasksToAdapt === null ? `not reached in ${result_.segmentTasksAfter} tasks` : `${result_.tasksToAdapt} tasks`}`);
  }
  if (result.export) {
    const batch = result.export;
    lines.push(`  batch exported      ${batch.error ? `none (${batch.error})` : `${batch.batchId}: ${batch.count} record(s) (end marker; ${batch.recordsReceived ?? '?'} received) in ${fixed((batch.completedInMs ?? 0) / 1000, 1)} s`}`);
  }
  if (reportPath) lines.push(`  report              ${reportPath}`);
  return lines.join('\n');
}
