import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseSimulatorOptions, SIMULATOR_USAGE } from './cli-options';
import { ProgressBar } from './progress-bar';
import { runSimulation, SimulationProgress } from './simulation.runner';
import { formatSimulationSummary } from './summary.formatter';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(SIMULATOR_USAGE);
    return 0;
  }
  let options;
  try {
    options = parseSimulatorOptions(argv);
  } catch (error) {
    console.error(`arbiter-sim: ${(error as Error).message}\n${SIMULATOR_USAGE}`);
    return 2;
  }
  const bar = options.quiet ? undefined : new ProgressBar();
  let last: SimulationProgress | undefined;
  const result = await runSimulation({
    ...options,
    onProgress: (progress) => {
      last = progress;
      bar?.update(progress);
    },
  });
  if (bar && last) bar.finish(last);
  const reportPath = resolve(options.reportPath ?? `deliverables/arbiter-sim/report-${result.runId}.json`);
  mkdirSync(dirname(reportPath), { recursive: true });
  writeFileSync(reportPath, `${JSON.stringify(result, null, 2)}\n`);
  console.log(formatSimulationSummary(result, reportPath));
  const { counts } = result.summary;
  const loopFailures = counts.failures - counts.noAgent;
  return loopFailures > 0 || result.export?.error ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`arbiter-sim: ${(error as Error)?.stack ?? String(error)}`);
    process.exit(1);
  },
);
