#!/usr/bin/env node
// The one entry point for benchmarks: `npm run bench -- <name> [<name>…]` or `npm run bench -- all`.
// Each benchmark is a module exporting `run()` that returns named figures; this prints them and
// writes bench/results/<name>.json (not committed).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

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

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
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
for (const name of names) {
  const figures = {};
  const started = Date.now();
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
  const result = {
    name,
    measuredAt: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 100) / 10,
    host: { cores: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    figures,
  };
  writeFileSync(join(root, 'bench', 'results', `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n== ${name} (${result.durationSeconds} s) → bench/results/${name}.json`);
  for (const [figure, value] of Object.entries(figures)) console.log(`  ${figure.padEnd(28)} ${typeof value === 'number' ? Number(value.toPrecision(6)) : value}`);
}
process.exit(failures ? 1 : 0);
