import { join, resolve } from 'node:path';
import { buildSeriesRows, percentiles, sustainedThroughput } from '../src/artifacts.builder';
import { parsePerfOptions } from '../src/perf-options';
import { environmentFromProcess, runSimulator, runStamp } from '../src/perf.runner';
import { ensureStack } from '../src/stack.starter';

/**
 * `npm run bench -- pipeline`: complete tasks published as fast as the stack takes them through
 * all six services. Many simulated arbiter workers with no target rate keep the pipeline saturated;
 * the throughput counts stored data points between the 10th and 90th percentile of completions
 * (sustained, without warm-up and drain). Sized by PIPELINE_BENCH_TASKS / PIPELINE_BENCH_WORKERS.
 */
export async function run(): Promise<Record<string, number | string>> {
  const repoRoot = resolve(__dirname, '../../../..');
  const environment = environmentFromProcess(repoRoot);
  await ensureStack(repoRoot, environment.localDir, (line) => console.error(line), environment);
  const tasks = Number(process.env.PIPELINE_BENCH_TASKS ?? 1_000);
  const workers = Number(process.env.PIPELINE_BENCH_WORKERS ?? 32);
  const options = parsePerfOptions([
    '--episodes', String(tasks), '--workers', String(workers), '--time-scale', '0.0001', '--seed', 'pipeline-bench', '--stored-timeout-ms', '60000',
  ]);
  const reportPath = join(environment.localDir, 'perf', `pipeline-bench-${runStamp()}.json`);
  const report = await runSimulator(environment, options, reportPath, () => undefined, (line) => console.error(line));
  const rows = buildSeriesRows(report.episodes, new Map());
  const throughput = sustainedThroughput(rows);
  const stored = percentiles(rows.flatMap((row) => (row.submitToStoredMs === null ? [] : [row.submitToStoredMs])));
  const decision = percentiles(rows.flatMap((row) => (row.submitToDecisionMs === null ? [] : [row.submitToDecisionMs])));
  const failures = rows.filter((row) => !row.success).length;
  return {
    endToEndPointsPerSec: throughput.episodesPerSec,
    p99SubmitToStoredMs: stored.p99,
    p50SubmitToStoredMs: stored.p50,
    p99SubmitToDecisionMs: decision.p99,
    overallPointsPerSec: throughput.overallEpisodesPerSec,
    tasks,
    workers,
    storedPoints: rows.length - failures,
    failures,
    simulatorReport: reportPath,
  };
}
