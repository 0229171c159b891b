import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';

/** The six services, their default ports and port variables (as tools/start-all names them). */
export const SERVICES = [
  { name: 'routing', port: 3101, portVariable: 'ROUTING_PORT' },
  { name: 'execution-telemetry', port: 3102, portVariable: 'EXECUTION_TELEMETRY_PORT' },
  { name: 'caws-evaluation', port: 3103, portVariable: 'CAWS_EVALUATION_PORT' },
  { name: 'anonymization', port: 3104, portVariable: 'ANONYMIZATION_PORT' },
  { name: 'storage-tiering', port: 3105, portVariable: 'STORAGE_TIERING_PORT' },
  { name: 'rl-export', port: 3106, portVariable: 'RL_EXPORT_PORT' },
] as const;

export interface StackStartReport {
  infrastructure: 'already-running' | 'started';
  built: boolean;
  services: 'already-running' | 'started-by-start-all' | 'started-by-perf' | 'not-shared';
  healthy: string[];
  log: string[];
}

function portOf(service: (typeof SERVICES)[number]): number {
  return Number(process.env[service.portVariable] ?? service.port);
}

export async function serviceHealthy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

async function unhealthyServices(): Promise<string[]> {
  const states = await Promise.all(SERVICES.map(async (service) => ({ name: service.name, healthy: await serviceHealthy(portOf(service)) })));
  return states.filter((state) => !state.healthy).map((state) => state.name);
}

async function waitHealthy(timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let missing = await unhealthyServices();
  while (missing.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    missing = await unhealthyServices();
  }
  return missing;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure the stack and the six services answer: `deploy/local/infra.sh up` when a server does
 * not answer a client request, `npm run build` when dist/ lacks a service, then `tools/start-all/start-all.mjs --detach`
 * (pids and logs in .local/services/). Without start-all it starts the missing services itself,
 * detached, with the same pid/log layout, so the harness can sample them either way.
 */
export interface StackTargets {
  brokers: string[];
  mongoUri: string;
  redisUrl: string;
}

async function answersWithin<T>(probe: () => Promise<T>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await probe();
      return true;
    } catch {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

/** The servers of the stack that do not answer a client request within `timeoutMs` (retried). */
export async function serversNotAnswering(targets: StackTargets, timeoutMs = 20_000): Promise<string[]> {
  const kafka = answersWithin(async () => {
    const admin = new Kafka({ clientId: 'perf-probe', brokers: targets.brokers, logLevel: logLevel.NOTHING, retry: { retries: 1 } }).admin();
    await admin.connect();
    try {
      await admin.listTopics();
    } finally {
      await admin.disconnect();
    }
  }, timeoutMs);
  const mongo = answersWithin(async () => {
    const client = new mongoose.mongo.MongoClient(targets.mongoUri, { serverSelectionTimeoutMS: 3_000 });
    try {
      await client.connect();
      await client.db().command({ ping: 1 });
    } finally {
      await client.close().catch(() => undefined);
    }
  }, timeoutMs);
  const redis = answersWithin(async () => {
    const client = new Redis(targets.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3_000 });
    try {
      await client.connect();
      await client.ping();
    } finally {
      client.disconnect();
    }
  }, timeoutMs);
  const [kafkaOk, mongoOk, redisOk] = await Promise.all([kafka, mongo, redis]);
  return [...(kafkaOk ? [] : ['kafka']), ...(mongoOk ? [] : ['mongodb']), ...(redisOk ? [] : ['redis'])];
}

export async function ensureStack(
  repoRoot: string,
  localDir: string,
  log: (line: string) => void,
  targets: StackTargets,
  options: { services: boolean } = { services: true },
): Promise<StackStartReport> {
  const report: StackStartReport = { infrastructure: 'already-running', built: false, services: 'already-running', healthy: [], log: [] };
  const note = (line: string): void => {
    report.log.push(line);
    log(line);
  };
  // a cheap client-side probe first: infra.sh status starts a JVM per check, which times out on a busy 2-core machine
  const down = await serversNotAnswering(targets);
  if (down.length > 0) {
    note(`[perf] not answering: ${down.join(', ')}`);
    note('[perf] starting the local stack: bash deploy/local/infra.sh up');
    execFileSync('bash', ['deploy/local/infra.sh', 'up'], { cwd: repoRoot, stdio: ['ignore', process.stderr, process.stderr] });
    report.infrastructure = 'started';
  }
  if (!options.services) {
    if (!SERVICES.every((service) => existsSync(join(repoRoot, 'dist', 'services', service.name, 'src', 'main.js')))) {
      note('[perf] building: npm run build');
      execFileSync('node', ['tools/build/build.mjs'], { cwd: repoRoot, stdio: ['ignore', process.stderr, process.stderr] });
      report.built = true;
    }
    report.services = 'not-shared';
    return report;
  }
  let missing = await unhealthyServices();
  if (missing.length === 0) {
    report.healthy = SERVICES.map((service) => service.name);
    return report;
  }
  const entries = SERVICES.map((service) => join(repoRoot, 'dist', 'services', service.name, 'src', 'main.js'));
  if (entries.some((entry) => !existsSync(entry)) || !existsSync(join(repoRoot, 'dist/tools/arbiter-sim/src/main.js'))) {
    note('[perf] building: npm run build');
    execFileSync('node', ['tools/build/build.mjs'], { cwd: repoRoot, stdio: ['ignore', process.stderr, process.stderr] });
    report.built = true;
  }
  const startAll = join(repoRoot, 'tools/start-all/start-all.mjs');
  if (existsSync(startAll)) {
    note(`[perf] starting the services: node tools/start-all/start-all.mjs --detach --only ${missing.join(',')}`);
    execFileSync('node', [startAll, '--detach', '--only', missing.join(',')], { cwd: repoRoot, stdio: ['ignore', process.stderr, process.stderr] });
    report.services = 'started-by-start-all';
  } else {
    const serviceDir = join(localDir, 'services');
    mkdirSync(serviceDir, { recursive: true });
    for (const service of SERVICES.filter((candidate) => missing.includes(candidate.name))) {
      const pidFile = join(serviceDir, `${service.name}.pid`);
      if (existsSync(pidFile) && alive(Number(readFileSync(pidFile, 'utf8')))) continue;
      const logFile = openSync(join(serviceDir, `${service.name}.log`), 'a');
      const child = spawn(process.execPath, ['--enable-source-maps', join(repoRoot, 'dist', 'services', service.name, 'src', 'main.js')], {
        cwd: repoRoot, detached: true, stdio: ['ignore', logFile, logFile], env: { ...process.env, [service.portVariable]: String(portOf(service)) },
      });
      writeFileSync(pidFile, String(child.pid));
      child.unref();
      note(`[perf] started ${service.name} (pid ${child.pid}); tools/start-all is missing, so the harness started it`);
    }
    report.services = 'started-by-perf';
  }
  missing = await waitHealthy(120_000);
  if (missing.length > 0) {
    throw new Error(`services not healthy after 120 s: ${missing.join(', ')} (logs in ${join(localDir, 'services')})`);
  }
  report.healthy = SERVICES.map((service) => service.name);
  return report;
}
