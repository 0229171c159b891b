import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { ALL_TOPICS, deadLetterTopicOf } from '@benchpool/contracts';
import { SERVICES, serviceHealthy } from './stack.starter';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The six services as a private set for one perf run: a topic prefix, a MongoDB database and Redis
 * key prefixes of their own, on free ports. Nothing else on the shared stack (other runs, exports,
 * tests) competes for their partitions or their documents, and the footprint and Kafka record
 * counts are exactly the run's. Stopped (SIGTERM) and cleaned up at the end unless asked to keep.
 */
export class IsolatedStack {
  readonly prefix: string;
  readonly database: string;
  readonly redisPrefix: string;
  readonly env: Record<string, string>;
  readonly ports = new Map<string, number>();
  private readonly children = new Map<string, ChildProcess>();

  constructor(private readonly repoRoot: string, private readonly logDir: string, label: string, readonly mongoHost = 'mongodb://127.0.0.1:27017') {
    const slug = label.toLowerCase().replace(/[^a-z0-9]/g, '');
    this.prefix = `perf-${slug}.`;
    this.database = `perf_${slug}`;
    this.redisPrefix = `perf:${slug}:`;
    this.env = {
      KAFKA_TOPIC_PREFIX: this.prefix,
      MONGODB_URI: `${mongoHost}/${this.database}`,
      ROUTING_KEY_PREFIX: `${this.redisPrefix}routing:`,
      JOIN_KEY_PREFIX: `${this.redisPrefix}join:`,
      CAWS_KEY_PREFIX: `${this.redisPrefix}caws:`,
      HOT_KEY_PREFIX: `${this.redisPrefix}hot:`,
    };
  }

  get mongoUri(): string {
    return this.env.MONGODB_URI;
  }

  processes(): Array<{ name: string; pid: number }> {
    return [...this.children].flatMap(([name, child]) => (child.pid ? [{ name: `service:${name}`, pid: child.pid }] : []));
  }

  /**
   * Creates every topic (and DLQ) of the prefix before the services start: a KRaft broker briefly
   * answers "unknown topic" for topics it has just created, and a service that bootstraps its own
   * topics at that moment exits.
   */
  async createTopics(brokers: string[], partitions = 12): Promise<void> {
    const admin = new Kafka({ clientId: 'perf-topics', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const wanted = [...ALL_TOPICS, ...ALL_TOPICS.map(deadLetterTopicOf)].map((topic) => `${this.prefix}${topic}`).filter((topic) => !existing.has(topic));
      if (wanted.length) await admin.createTopics({ waitForLeaders: false, topics: wanted.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })) });
      const deadline = Date.now() + 60_000;
      for (;;) {
        const ready = await admin.fetchTopicMetadata({ topics: wanted }).then(
          (metadata) => metadata.topics.every((topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0)),
          () => false,
        );
        if (ready || wanted.length === 0) return;
        if (Date.now() > deadline) throw new Error(`topics of ${this.prefix} without leaders after 60 s`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await admin.disconnect();
    }
  }

  private spawnService(service: (typeof SERVICES)[number], port: number): void {
    const entry = join(this.repoRoot, 'dist', 'services', service.name, 'src', 'main.js');
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
    const log = createWriteStream(join(this.logDir, `${service.name}.log`), { flags: 'a' });
    const child = spawn(process.execPath, ['--enable-source-maps', entry], {
      cwd: this.repoRoot,
      env: { ...process.env, ...this.env, [service.portVariable]: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.children.set(service.name, child);
  }

  async start(brokers: string[], timeoutMs = 180_000): Promise<void> {
    mkdirSync(this.logDir, { recursive: true });
    await this.createTopics(brokers);
    for (const service of SERVICES) this.ports.set(service.name, await freePort());
    for (const service of SERVICES) this.spawnService(service, this.ports.get(service.name) as number);
    const restarted = new Set<string>();
    const deadline = Date.now() + timeoutMs;
    const pending = new Set(SERVICES.map((service) => service.name as string));
    while (pending.size > 0) {
      for (const name of [...pending]) {
        const child = this.children.get(name);
        if (child && child.exitCode !== null) {
          // one more chance for a start-up race; a second exit is a real failure
          if (restarted.has(name)) throw new Error(`${name} exited with ${child.exitCode} while starting; see ${join(this.logDir, `${name}.log`)}`);
          restarted.add(name);
          this.spawnService(SERVICES.find((service) => service.name === name)!, this.ports.get(name) as number);
          continue;
        }
        if (await serviceHealthy(this.ports.get(name) as number)) pending.delete(name);
      }
      if (pending.size === 0) break;
      if (Date.now() > deadline) throw new Error(`isolated services not healthy after ${timeoutMs / 1000} s: ${[...pending].join(', ')} (logs in ${this.logDir})`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.children.values()].map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    })));
  }

  /** Drops the run's database, its Redis keys and its topics. */
  async removeData(brokers: string[], redisUrl: string): Promise<string[]> {
    const problems: string[] = [];
    const client = new mongoose.mongo.MongoClient(this.mongoUri, { serverSelectionTimeoutMS: 5_000 });
    try {
      await client.connect();
      await client.db().dropDatabase();
    } catch (error) {
      problems.push(`mongodb: ${(error as Error).message}`);
    } finally {
      await client.close().catch(() => undefined);
    }
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.redisPrefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } catch (error) {
      problems.push(`redis: ${(error as Error).message}`);
    } finally {
      redis.disconnect();
    }
    const admin = new Kafka({ clientId: 'perf-cleanup', brokers, logLevel: logLevel.NOTHING }).admin();
    try {
      await admin.connect();
      const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(this.prefix));
      if (topics.length) await admin.deleteTopics({ topics, timeout: 60_000 });
    } catch (error) {
      problems.push(`kafka: ${(error as Error).message}`);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    return problems;
  }
}
