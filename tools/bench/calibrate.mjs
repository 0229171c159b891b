#!/usr/bin/env node
// A fixed single-threaded workload shaped like the services' per-record work (JSON parse and
// stringify of a ~4 KB event, UTF-8 encoding, regular-expression scans, short-lived objects for
// the garbage collector), timed in CPU milliseconds. The same build of a service spends up to a
// third more CPU per record at some hours than at others on this shared machine; the benchmark
// reports carry this figure from just before and just after each benchmark, so figures measured at
// different hours can be compared. Lower is faster. Run alone: `node tools/bench/calibrate.mjs`.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROUNDS = 6_000;

function workload() {
  const event = {
    specversion: '1.0', id: 'calibration', source: 'bench', type: 'benchmark.datapoint.collected.v1', time: new Date(0).toISOString(),
    data: {
      id: 'task-0', task: { description: 'Refactor the settings loader so that it reads every file once. '.repeat(12), requirements: ['code-editing', 'typescript'] },
      turns: Array.from({ length: 12 }, (_, index) => ({ turnNumber: index, tool: 'edit_file', arguments: { path: `src/file-${index}.ts`, content: 'export const x = 1;\n'.repeat(6) }, ok: index % 5 !== 0 })),
      scores: { format: 0.9, tool: 0.8, task: 0.75, minimal: 0.6, cost: 0.5, safety: 1 },
    },
  };
  const pattern = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b|\b\d{3}-\d{2}-\d{4}\b/g;
  let checksum = 0;
  for (let round = 0; round < ROUNDS; round++) {
    event.id = `calibration-${round}`;
    const text = JSON.stringify(event);
    const bytes = Buffer.from(text);
    const parsed = JSON.parse(bytes.toString());
    checksum += parsed.data.turns.filter((turn) => turn.ok).length + (text.match(pattern)?.length ?? 0);
  }
  return checksum;
}

/** CPU milliseconds of the workload in a fresh node process (so the caller's JIT state and heap play no part). */
export function calibrate() {
  const output = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], { encoding: 'utf8' });
  return Number(output.trim());
}

if (process.argv.includes('--child')) {
  workload(); // warm-up: compiled code, grown heap
  const before = process.cpuUsage();
  workload();
  const used = process.cpuUsage(before);
  console.log(Math.round((used.user + used.system) / 1000));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`calibration: ${calibrate()} CPU ms (lower is faster)`);
}
