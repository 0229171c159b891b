import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { arch, cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import mongoose from 'mongoose';

export interface Versions {
  project: { name: string; version: string; gitCommit: string | null; gitDirty: boolean | null };
  node: string;
  kafka: string | null;
  mongodbProtocolServer: { product: string; version: string | null };
  redis: string | null;
  java: string | null;
}

export interface HostFacts {
  cores: number;
  cpuModel: string | null;
  memoryGiB: number;
  freeMemoryGiB: number;
  platform: string;
  arch: string;
  kernel: string;
  loadAverage: number[];
}

function run(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
  } catch {
    return null;
  }
}

/** The Kafka jars directory deploy/local/infra.sh caches (version from the environment or its default). */
export function kafkaLibsDirectory(repoRoot: string): { version: string; libs: string } {
  const script = existsSync(join(repoRoot, 'deploy/local/infra.sh')) ? readFileSync(join(repoRoot, 'deploy/local/infra.sh'), 'utf8') : '';
  const version = process.env.BENCHPOOL_KAFKA_VERSION ?? /KAFKA_VERSION="\$\{BENCHPOOL_KAFKA_VERSION:-([0-9.]+)\}"/.exec(script)?.[1] ?? '3.9.2';
  const cache = process.env.XDG_CACHE_HOME ?? join(process.env.HOME ?? '', '.cache');
  return { version, libs: join(cache, 'benchpool', `kafka-${version}`, 'libs') };
}

export async function probeVersions(repoRoot: string, mongoUri: string, redisUrl: string): Promise<Versions> {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  const { version: configuredKafka, libs } = kafkaLibsDirectory(repoRoot);
  // the broker's jar is the truth when it is there
  const jar = existsSync(libs) ? readdirSync(libs).find((name) => /^kafka_2\.13-[0-9.]+\.jar$/.test(name)) : undefined;
  const kafka = jar ? /kafka_2\.13-([0-9.]+)\.jar/.exec(jar)?.[1] ?? configuredKafka : configuredKafka;
  const status = run('git', ['-C', repoRoot, 'status', '--porcelain', '--untracked-files=no']);
  return {
    project: {
      name: pkg.name,
      version: pkg.version,
      gitCommit: run('git', ['-C', repoRoot, 'rev-parse', 'HEAD']),
      gitDirty: status === null ? null : status.length > 0,
    },
    node: process.version,
    kafka,
    mongodbProtocolServer: await mongoServerVersion(mongoUri),
    redis: await redisVersion(redisUrl),
    java: execJavaVersion(),
  };
}

function execJavaVersion(): string | null {
  try {
    // java prints its version on stderr
    const result = execFileSync('bash', ['-c', 'java -version 2>&1 | head -1'], { timeout: 10_000 }).toString().trim();
    return result || null;
  } catch {
    return null;
  }
}

async function mongoServerVersion(uri: string): Promise<{ product: string; version: string | null }> {
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.connect();
    const info = await client.db('admin').command({ buildInfo: 1 });
    // FerretDB answers buildInfo with MongoDB's wire version and its own under ferretdbVersion
    const ferretdb = (info.ferretdbVersion as string | undefined) ?? (info.ferretdb as { version?: string } | undefined)?.version;
    return ferretdb ? { product: 'FerretDB', version: String(ferretdb).replace(/^v/, '') } : { product: 'MongoDB', version: String(info.version ?? '') || null };
  } catch {
    return { product: 'unknown', version: null };
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function redisVersion(url: string): Promise<string | null> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5_000 });
  try {
    await redis.connect();
    return /redis_version:([0-9.]+)/.exec(await redis.info('server'))?.[1] ?? null;
  } catch {
    return null;
  } finally {
    redis.disconnect();
  }
}

export function hostFacts(): HostFacts {
  const processors = cpus();
  return {
    cores: processors.length,
    cpuModel: processors[0]?.model ?? null,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    platform: platform(),
    arch: arch(),
    kernel: release(),
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}
