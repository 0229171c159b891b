import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expectEventually, freePort } from '@benchpool/testing';

export const SERVICE_NAMES = ['routing', 'execution-telemetry', 'caws-evaluation', 'anonymization', 'storage-tiering', 'rl-export'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const PORT_VARIABLES: Record<ServiceName, string> = {
  routing: 'ROUTING_PORT',
  'execution-telemetry': 'EXECUTION_TELEMETRY_PORT',
  'caws-evaluation': 'CAWS_EVALUATION_PORT',
  anonymization: 'ANONYMIZATION_PORT',
  'storage-tiering': 'STORAGE_TIERING_PORT',
  'rl-export': 'RL_EXPORT_PORT',
};

const root = join(__dirname, '..', '..');

/**
 * The six built services (dist/) as real child processes, isolated by a topic prefix, a MongoDB
 * database and Redis key prefixes of their own, so an e2e run never sees another run's data.
 */
export class ServiceStack {
  readonly ports = {} as Record<ServiceName, number>;
  private readonly processes = new Map<ServiceName, ChildProcess>();
  readonly database: string;
  readonly env: Record<string, string>;

  constructor(readonly prefix: string, extraEnv: Record<string, string> = {}) {
    const slug = prefix.replace(/[^a-z0-9]/gi, '_').slice(0, 40);
    this.database = `e2e_${slug}`;
    const redisPrefix = `e2e:${slug}:`;
    this.env = {
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_PARTITIONS: '3',
      MONGODB_URI: `mongodb://127.0.0.1:27017/${this.database}`,
      ROUTING_KEY_PREFIX: `${redisPrefix}routing:`,
      JOIN_KEY_PREFIX: `${redisPrefix}join:`,
      CAWS_KEY_PREFIX: `${redisPrefix}caws:`,
      HOT_KEY_PREFIX: `${redisPrefix}hot:`,
      LOG_LEVEL: 'info',
      ...extraEnv,
    };
  }

  get redisPrefix(): string {
    return this.env.ROUTING_KEY_PREFIX.replace(/routing:$/, '');
  }

  url(service: ServiceName): string {
    return `http://127.0.0.1:${this.ports[service]}`;
  }

  async start(services: readonly ServiceName[] = SERVICE_NAMES): Promise<void> {
    for (const service of services) {
      this.ports[service] ??= await freePort();
      this.spawn(service);
    }
    await Promise.all(services.map((service) => this.waitHealthy(service)));
  }

  private spawn(service: ServiceName): void {
    const entry = join(root, 'dist', 'services', service, 'src', 'main.js');
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
    const logDir = join(root, '.local', 'e2e-logs', this.prefix.replace(/\.$/, ''));
    mkdirSync(logDir, { recursive: true });
    const log = createWriteStream(join(logDir, `${service}.log`), { flags: 'a' });
    const child = spawn(process.execPath, ['--enable-source-maps', entry], {
      cwd: root,
      env: { ...process.env, ...this.env, [PORT_VARIABLES[service]]: String(this.ports[service]) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.processes.set(service, child);
  }

  async waitHealthy(service: ServiceName, timeoutMs = 180_000): Promise<void> {
    await expectEventually(async () => {
      const child = this.processes.get(service);
      if (child && child.exitCode !== null) throw new Error(`${service} exited with ${child.exitCode}; see .local/e2e-logs`);
      const response = await fetch(`${this.url(service)}/health`);
      return response.status === 200;
    }, { timeoutMs, what: `${service} healthy` });
  }

  /** Waits until `service` reports at least `count` records of `topic` consumed on its /metrics. */
  async waitConsumed(service: ServiceName, topic: string, count: number): Promise<void> {
    await expectEventually(async () => {
      const metrics = await (await fetch(`${this.url(service)}/metrics`)).text();
      const line = metrics.split('\n').find((text) => text.startsWith(`benchpool_kafka_consumed_total{topic="${topic}"`));
      return Number(line?.split(' ').pop() ?? 0) >= count;
    }, { what: `${service} consumed ${count} × ${topic}` });
  }

  /** SIGKILL, as a crashed pod: no shutdown hooks, no commit. */
  kill(service: ServiceName): Promise<void> {
    const child = this.processes.get(service);
    if (!child || child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async restart(service: ServiceName): Promise<void> {
    this.spawn(service);
    await this.waitHealthy(service);
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.processes.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  }
}

/** Everything an e2e run created: the services, the test client, the run's database and Redis keys. */
export async function tearDownE2e(
  stack: ServiceStack,
  kafka: { close(): Promise<void> },
  mongo: { db(name: string): { dropDatabase(): Promise<unknown> }; close(): Promise<void> },
  redis: { keys(pattern: string): Promise<string[]>; del(...keys: string[]): Promise<number>; disconnect(): void },
): Promise<void> {
  await stack.stop();
  await kafka.close();
  await mongo.db(stack.database).dropDatabase().catch(() => undefined);
  await mongo.close();
  const keys = await redis.keys(`${stack.redisPrefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}
