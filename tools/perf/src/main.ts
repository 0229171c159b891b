import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { artifactFileName } from './artifacts.model';
import { checkArtifactConsistency, missingArtifacts } from './consistency.check';
import { parsePerfOptions, PERF_USAGE, PerfOptions } from './perf-options';
import { formatPerfSummary } from './perf-report.formatter';
import { environmentFromProcess, loadArtifactSet, runChecks, runPerf } from './perf.runner';

const repoRoot = resolve(__dirname, '../../../..');

/** `--artifact FILE`: check an existing run (consistency, artifacts present, thresholds, baseline). */
function checkExisting(options: PerfOptions): number {
  const { set, directory, stamp } = loadArtifactSet(resolve(options.artifact as string));
  const problems = [
    ...checkArtifactConsistency(set),
    ...missingArtifacts(set.manifest, (fileName) => existsSync(join(directory, fileName))).map((fileName) => `artifact ${fileName} is missing`),
  ];
  const findings = runChecks(set.summary, set.manifest, options, repoRoot);
  const files = set.manifest.artifacts.map((fileName) => join(directory, fileName));
  console.log(formatPerfSummary(set.summary, files.length ? files : [join(directory, artifactFileName('summary', stamp))], problems, findings));
  const failed = set.summary.failures > 0 || problems.length > 0 || findings.some((finding) => finding.failing);
  console.log(failed ? 'perf check: FAILED' : 'perf check: ok');
  return failed ? 1 : 0;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(PERF_USAGE);
    return 0;
  }
  let options: PerfOptions;
  try {
    options = parsePerfOptions(argv);
  } catch (error) {
    console.error(`perf: ${(error as Error).message}\n${PERF_USAGE}`);
    return 2;
  }
  if (options.artifact) return checkExisting(options);
  const outcome = await runPerf(options, environmentFromProcess(repoRoot), (line) => console.error(line));
  console.log(formatPerfSummary(outcome.summary, outcome.files, outcome.problems, outcome.findings));
  if (options.check || outcome.failed) console.log(outcome.failed ? 'perf: FAILED' : 'perf check: ok');
  return outcome.failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`perf: ${(error as Error)?.stack ?? String(error)}`);
    process.exit(1);
  },
);
