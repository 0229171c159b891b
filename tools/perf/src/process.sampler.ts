import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';

export interface WatchedProcess {
  /** e.g. `service:routing`, `server:kafka`, `load:arbiter-sim` */
  name: string;
  pid: number;
}

export interface ProcessSample {
  /** ms since the sampler started */
  t: number;
  /** CPU used since the previous sample, in % of one core */
  cpuPercent: number;
  rssMb: number;
}

export interface ProcessSeries {
  name: string;
  pid: number;
  samples: ProcessSample[];
  cpuPercentMean: number | null;
  cpuPercentMax: number | null;
  cpuSeconds: number | null;
  rssMbStart: number | null;
  rssMbMax: number | null;
  rssMbEnd: number | null;
  /** set when the process disappeared during the run */
  exitedAt?: number;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process, in seconds, from /proc/<pid>/stat (the command may contain spaces). */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime field 15
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Resident set size in MiB from /proc/<pid>/status. */
export function rssMbOf(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function pidFrom(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').replace(/\D/g, ''));
    return pid > 0 && existsSync(`/proc/${pid}`) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The Redis server's pid as Redis itself reports it (it may be a Redis this project did not start). */
export function redisPid(host = '127.0.0.1', port = 6379): number | undefined {
  try {
    const info = execFileSync('redis-cli', ['-h', host, '-p', String(port), 'info', 'server'], { timeout: 5_000 }).toString();
    const match = /process_id:(\d+)/.exec(info);
    const pid = match ? Number(match[1]) : undefined;
    return pid && existsSync(`/proc/${pid}`) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The pid listening on a local TCP port, from `ss` (services started by hand have no pid file). */
export function listeningPid(port: number): number | undefined {
  try {
    const output = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { timeout: 5_000, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    const pid = Number(/pid=(\d+)/.exec(output)?.[1]);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The service processes (.local/services/*.pid, else whoever listens on the service's port) and
 * the three servers of the local stack.
 */
export function discoverProcesses(localDir: string, services: ReadonlyArray<{ name: string; port: number }> = []): WatchedProcess[] {
  const processes: WatchedProcess[] = [];
  const serviceDir = join(localDir, 'services');
  if (existsSync(serviceDir)) {
    for (const file of readdirSync(serviceDir).filter((name) => name.endsWith('.pid')).sort()) {
      const pid = pidFrom(join(serviceDir, file));
      if (pid) processes.push({ name: `service:${basename(file, '.pid')}`, pid });
    }
  }
  for (const service of services) {
    if (processes.some((process) => process.name === `service:${service.name}`)) continue;
    const pid = listeningPid(service.port);
    if (pid) processes.push({ name: `service:${service.name}`, pid });
  }
  const kafka = pidFrom(join(localDir, 'kafka', 'kafka.pid'));
  if (kafka) processes.push({ name: 'server:kafka', pid: kafka });
  const ferretdb = pidFrom(join(localDir, 'ferretdb', 'ferretdb.pid'));
  if (ferretdb) processes.push({ name: 'server:ferretdb', pid: ferretdb });
  const redis = redisPid();
  if (redis) processes.push({ name: 'server:redis', pid: redis });
  return processes;
}

/**
 * Samples CPU and RSS of a set of processes at a fixed interval. CPU is the difference of
 * utime+stime between two samples over the wall time between them.
 */
export class ProcessSampler {
  private readonly series = new Map<string, ProcessSeries & { firstCpu?: number; lastCpu?: number; lastAt?: number }>();
  private timer: NodeJS.Timeout | undefined;
  private readonly startedAt = Date.now();

  constructor(processes: WatchedProcess[], private readonly intervalMs = 1_000) {
    for (const process of processes) this.add(process);
  }

  add(process: WatchedProcess): void {
    if (this.series.has(process.name)) return;
    this.series.set(process.name, {
      name: process.name, pid: process.pid, samples: [], cpuPercentMean: null, cpuPercentMax: null, cpuSeconds: null,
      rssMbStart: null, rssMbMax: null, rssMbEnd: null, firstCpu: cpuSecondsOf(process.pid), lastCpu: cpuSecondsOf(process.pid), lastAt: Date.now(),
    });
  }

  start(): void {
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  sample(): void {
    const now = Date.now();
    for (const entry of this.series.values()) {
      if (entry.exitedAt !== undefined) continue;
      const cpu = cpuSecondsOf(entry.pid);
      const rss = rssMbOf(entry.pid);
      if (cpu === undefined || rss === undefined) {
        entry.exitedAt = now - this.startedAt;
        continue;
      }
      const elapsed = (now - (entry.lastAt ?? now)) / 1000;
      const cpuPercent = elapsed > 0 && entry.lastCpu !== undefined ? ((cpu - entry.lastCpu) / elapsed) * 100 : 0;
      entry.samples.push({ t: now - this.startedAt, cpuPercent: round(cpuPercent), rssMb: round(rss) });
      entry.lastCpu = cpu;
      entry.lastAt = now;
    }
  }

  stop(): ProcessSeries[] {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return [...this.series.values()].map(({ firstCpu, lastCpu, lastAt: _lastAt, ...entry }) => {
      const cpu = entry.samples.map((sample) => sample.cpuPercent);
      const rss = entry.samples.map((sample) => sample.rssMb);
      return {
        ...entry,
        cpuPercentMean: cpu.length ? round(cpu.reduce((sum, value) => sum + value, 0) / cpu.length) : null,
        cpuPercentMax: cpu.length ? round(Math.max(...cpu)) : null,
        cpuSeconds: firstCpu !== undefined && lastCpu !== undefined ? round(lastCpu - firstCpu) : null,
        rssMbStart: rss.length ? rss[0] : null,
        rssMbMax: rss.length ? round(Math.max(...rss)) : null,
        rssMbEnd: rss.length ? rss[rss.length - 1] : null,
      };
    });
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
