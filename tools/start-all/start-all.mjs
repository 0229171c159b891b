#!/usr/bin/env node
// Runs the six services from dist/ with prefixed logs (foreground), or in the background with
// --detach (pids and logs in .local/services/). Waits until every /health answers 200.
//   node tools/start-all/start-all.mjs [--detach] [--stop] [--only routing,storage-tiering]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SERVICES = [
  { name: 'routing', port: 3101, portVariable: 'ROUTING_PORT' },
  { name: 'execution-telemetry', port: 3102, portVariable: 'EXECUTION_TELEMETRY_PORT' },
  { name: 'caws-evaluation', port: 3103, portVariable: 'CAWS_EVALUATION_PORT' },
  { name: 'anonymization', port: 3104, portVariable: 'ANONYMIZATION_PORT' },
  { name: 'storage-tiering', port: 3105, portVariable: 'STORAGE_TIERING_PORT' },
  { name: 'rl-export', port: 3106, portVariable: 'RL_EXPORT_PORT' },
];
const COLORS = [36, 33, 35, 32, 34, 31];
const root = new URL('../..', import.meta.url).pathname;
const localDir = process.env.BENCHPOOL_LOCAL_DIR ?? join(root, '.local');
const serviceDir = join(localDir, 'services');

const args = process.argv.slice(2);
const detach = args.includes('--detach');
const stop = args.includes('--stop');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1].split(',') : undefined;
const selected = SERVICES.filter((service) => !only || only.includes(service.name));

function portOf(service) {
  return Number(process.env[service.portVariable] ?? service.port);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function pidFile(service) {
  return join(serviceDir, `${service.name}.pid`);
}

async function healthy(service) {
  try {
    const response = await fetch(`http://127.0.0.1:${portOf(service)}/health`, { signal: AbortSignal.timeout(2_000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

async function waitHealthy(services, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(services.map((service) => service.name));
  while (pending.size > 0) {
    for (const service of services) if (pending.has(service.name) && (await healthy(service))) pending.delete(service.name);
    if (pending.size === 0) break;
    if (Date.now() > deadline) {
      const names = [...pending];
      const hints = names.map((name) => `  ${name}: see ${join(serviceDir, `${name}.log`)}`).join('\n');
      throw new Error(`not healthy after ${timeoutMs / 1000} s: ${names.join(', ')}\n${hints}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function stopDetached() {
  for (const service of selected) {
    const file = pidFile(service);
    if (!existsSync(file)) continue;
    const pid = Number(readFileSync(file, 'utf8'));
    if (alive(pid)) {
      process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + 20_000;
      while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      if (alive(pid)) process.kill(pid, 'SIGKILL');
      console.log(`[start-all] stopped ${service.name} (pid ${pid})`);
    }
    rmSync(file, { force: true });
  }
}

function entry(service) {
  const file = join(root, 'dist', 'services', service.name, 'src', 'main.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  return file;
}

async function startDetached() {
  mkdirSync(serviceDir, { recursive: true });
  const started = [];
  for (const service of selected) {
    const file = pidFile(service);
    if (existsSync(file) && alive(Number(readFileSync(file, 'utf8')))) {
      console.log(`[start-all] ${service.name} already running (pid ${readFileSync(file, 'utf8').trim()})`);
      continue;
    }
    const log = openSync(join(serviceDir, `${service.name}.log`), 'a');
    const child = spawn(process.execPath, ['--enable-source-maps', entry(service)], {
      cwd: root,
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...process.env, [service.portVariable]: String(portOf(service)) },
    });
    writeFileSync(file, String(child.pid));
    child.unref();
    started.push(service);
    console.log(`[start-all] started ${service.name} (pid ${child.pid}, port ${portOf(service)}, log ${join(serviceDir, `${service.name}.log`)})`);
  }
  await waitHealthy(selected);
  console.log(`[start-all] all ${selected.length} services healthy`);
}

async function startForeground() {
  const children = selected.map((service, index) => {
    const child = spawn(process.execPath, ['--enable-source-maps', entry(service)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, [service.portVariable]: String(portOf(service)) },
    });
    const prefix = `\x1b[${COLORS[index % COLORS.length]}m${service.name.padEnd(19)}\x1b[0m| `;
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream.on('data', (chunk) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) process.stdout.write(`${prefix}${line}\n`);
      });
    }
    child.on('exit', (code, signal) => process.stdout.write(`${prefix}exited (${signal ?? code})\n`));
    return child;
  });
  const shutdown = (signal) => {
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => shutdown('SIGTERM'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  await waitHealthy(selected).then(
    () => console.log(`[start-all] all ${selected.length} services healthy — Ctrl-C stops them`),
    (error) => console.error(`[start-all] ${error.message}`),
  );
  await Promise.all(children.map((child) => new Promise((resolve) => child.on('exit', resolve))));
}

try {
  if (stop) await stopDetached();
  else if (detach) await startDetached();
  else await startForeground();
} catch (error) {
  console.error(`[start-all] ${error.message}`);
  process.exit(1);
}
