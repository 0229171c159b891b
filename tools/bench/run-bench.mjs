#!/usr/bin/env node
// The one entry point for benchmarks: `npm run bench -- <name> [<name>…]` or `npm run bench -- all`.
// Each benchmark is a module exporting `run()` that returns named figures; this prints them and
// writes bench/results/<name>.json (not committed). `--repeat N` runs each benchmark N times and
// reports every figure's median, with each run's figures beside it: on this shared 2-core machine
// the same CPU-bound work takes up to a quarter more or less time from one minute to the next, so
// one run says little about a goal with a thin margin. Each run carries the calibration figure
// (tools/bench/calibrate.mjs) from just before it, to compare runs made at different hours.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { calibrate } from './calibrate.mjs';

const require = createRequire(import.meta.url);
const root = new URL('../..', import.meta.url).pathname;

/** name → compiled modules whose run() figures are merged; `stack` when it needs Kafka/Mongo/Redis. */
const BENCHMARKS = {
  pipeline: { modules: ['tools/perf/bench/pipeline.bench.js'], stack: true, services: true },
  routing: { modules: ['libs/routing-core/bench/routing.bench.js', 'services/routing/bench/routing-kafka.bench.js'], stack: true },
  evaluation: { modules: ['libs/caws-core/bench/evaluation.bench.js', 'libs/telemetry-core/bench/telemetry.bench.js'], stack: true },
  anonymization: { modules: ['libs/anonymization-core/bench/anonymization.bench.js', 'services/anonymization/bench/anonymization-kafka.bench.js'], stack: true },
  storage: { modules: ['libs/storage-core/bench/storage.bench.js'], stack: true },
  export: { modules: ['libs/export-core/bench/export.bench.js'], stack: true },
};

const args = process.argv.slice(2);
const repeatAt = args.findIndex((arg) => arg === '--repeat' || arg.startsWith('--repeat='));
const repeatText = repeatAt < 0 ? '1' : args[repeatAt].includes('=') ? args[repeatAt].split('=')[1] : args[repeatAt + 1];
const repeat = Number(repeatText);
if (!Number.isInteger(repeat) || repeat < 1 || repeat > 50) {
  console.error(`--repeat takes a whole number of runs from 1 to 50, got '${repeatText}'`);
  process.exit(2);
}
if (repeatAt >= 0 && !args[repeatAt].includes('=')) args.splice(repeatAt + 1, 1);
const requested = args.filter((arg) => !arg.startsWith('--'));
const names = requested.length === 0 || requested.includes('all') ? Object.keys(BENCHMARKS) : requested;
const unknown = names.filter((name) => !BENCHMARKS[name]);
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
if (!process.argv.includes('--no-build')) execFileSync('node', ['tools/build/build.mjs'], { cwd: root, stdio: 'inherit' });
if (names.some((name) => BENCHMARKS[name].stack)) execFileSync('bash', ['deploy/local/infra.sh', 'up'], { cwd: root, stdio: 'inherit' });

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
let failures = 0;
/** Runs every module of one benchmark once; returns their merged figures. */
async function runOnce(name) {
  const figures = {};
  for (const module of BENCHMARKS[name].modules) {
    const file = join(root, 'dist', module);
    if (!existsSync(file)) {
      console.error(`[bench] ${name}: ${module} is missing`);
      failures++;
      continue;
    }
    try {
      Object.assign(figures, await require(file).run());
    } catch (error) {
      console.error(`[bench] ${name}: ${module} failed: ${error.stack ?? error}`);
      failures++;
    }
  }
  return figures;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Every figure's median over the runs (a text figure: the first run's). */
function medians(runs) {
  const figures = {};
  for (const key of Object.keys(runs[0].figures)) {
    const values = runs.map((run) => run.figures[key]);
    figures[key] = values.every((value) => typeof value === 'number') ? median(values) : values[0];
  }
  return figures;
}

const show = (value) => (typeof value === 'number' ? Number(value.toPrecision(6)) : value);

for (const name of names) {
  const started = Date.now();
  const runs = [];
  for (let round = 1; round <= repeat; round++) {
    const calibrationCpuMs = calibrate();
    if (repeat > 1) console.log(`[bench] ${name}: run ${round} of ${repeat} (calibration ${calibrationCpuMs} CPU ms)`);
    runs.push({ startedAt: new Date().toISOString(), calibrationCpuMs, figures: await runOnce(name) });
  }
  const figures = repeat === 1 ? runs[0].figures : medians(runs);
  const result = {
    name,
    measuredAt: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 100) / 10,
    host: { cores: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    calibrationCpuMs: median(runs.map((run) => run.calibrationCpuMs)),
    ...(repeat > 1 ? { repeat, figuresAre: 'medians of the runs' } : {}),
    figures,
    ...(repeat > 1 ? { runs } : {}),
  };
  writeFileSync(join(root, 'bench', 'results', `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const what = repeat > 1 ? `medians of ${repeat} runs (min … max)` : 'one run';
  console.log(`\n== ${name} (${result.durationSeconds} s, ${what}, calibration ${result.calibrationCpuMs} CPU ms) → bench/results/${name}.json`);
  for (const [figure, value] of Object.entries(figures)) {
    const values = runs.map((run) => run.figures[figure]).filter((each) => typeof each === 'number');
    const range = repeat > 1 && values.length === repeat && Math.min(...values) !== Math.max(...values) ? `   (${show(Math.min(...values))} … ${show(Math.max(...values))})` : '';
    console.log(`  ${figure.padEnd(28)} ${show(value)}${range}`);
  }
}
process.exit(failures ? 1 : 0);
