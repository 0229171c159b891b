import { join, resolve } from 'node:path';
import { buildSeriesRows, percentiles, sustainedThroughput } from '../src/artifacts.builder';
import { IsolatedStack } from '../src/isolated-stack';
import { parsePerfOptions } from '../src/perf-options';
import { environmentFromProcess, runSimulator, runStamp } from '../src/perf.runner';
import { ensureStack } from '../src/stack.starter';

/**
 * `npm run bench -- pipeline`: complete tasks published as fast as the stack takes them through
 * all six services. A private set of the services (own topic prefix, database, Redis prefixes) so
 * nothing else on the machine's stack competes for their partitions; many simulated arbiter
 * workers with no target rate keep it saturated. Throughput counts stored data points between the
 * 10th and 90th percentile of completions (sustained: no warm-up, no drain).
 * Sized by PIPELINE_BENCH_TASKS (default 1,000) and PIPELINE_BENCH_WORKERS (default 32).
 */
export async function run(): Promise<Record<string, number | string>> {
  const repoRoot = resolve(__dirname, '../../../..');
  const environment = environmentFromProcess(repoRoot);
  const log = (line: string): void => console.error(line);
  await ensureStack(repoRoot, environment.localDir, log, environment, { services: false });
  const stamp = runStamp();
  const stack = new IsolatedStack(repoRoot, join(environment.localDir, 'perf', `bench-services-${stamp}`), `bench${stamp}`, environment.mongoUri.replace(/\/[^/]*$/, ''));
  const tasks = Number(process.env.PIPELINE_BENCH_TASKS ?? 1_000);
  const workers = Number(process.env.PIPELINE_BENCH_WORKERS ?? 32);
  try {
    await stack.start(environment.brokers);
    const options = parsePerfOptions([
      '--episodes', String(tasks), '--workers', String(workers), '--time-scale', '0.0001', '--seed', 'pipeline-bench',
      '--stored-timeout-ms', '120000', '--topic-prefix', stack.prefix,
    ]);
    const reportPath = join(environment.localDir, 'perf', `pipeline-bench-${stamp}.json`);
    const report = await runSimulator({ ...environment, mongoUri: stack.mongoUri }, options, reportPath, () => undefined, log);
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
  } finally {
    await stack.stop();
    await stack.removeData(environment.brokers, environment.redisUrl);
  }
}
