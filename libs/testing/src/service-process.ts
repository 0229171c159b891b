import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expectEventually } from './expect-eventually';

/**
 * A built service (`dist/services/<name>/src/main.js`) started as its own process, as in a
 * deployment, so a benchmark's load generator does not share its event loop. Resolves once
 * `GET /health` answers 200 on `port` (pass the port in `env` under the variable the service reads).
 */
export async function startServiceProcess(
  entry: string,
  port: number,
  env: Record<string, string>,
  options: { name?: string; execArgv?: string[]; timeoutMs?: number } = {},
): Promise<ChildProcess> {
  const name = options.name ?? entry;
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build first`);
  const child = spawn(process.execPath, [...(options.execArgv ?? []), entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await expectEventually(async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
      return (await fetch(`http://127.0.0.1:${port}/health`)).status === 200;
    }, { timeoutMs: options.timeoutMs ?? 120_000, what: `${name} healthy` });
  } catch (error) {
    await stopServiceProcess(child);
    throw error;
  }
  return child;
}

/** SIGTERM (graceful shutdown), SIGKILL after 15 s; resolves when the process has exited. */
export function stopServiceProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** user + system CPU seconds of a service process, from its Prometheus endpoint. */
export async function serviceCpuSeconds(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const match = /^benchpool_process_cpu_seconds_total(?:\{[^}]*\})? ([0-9.e+-]+)$/m.exec(text);
  if (!match) throw new Error(`the service on port ${port} has no benchpool_process_cpu_seconds_total in /metrics`);
  return Number(match[1]);
}
