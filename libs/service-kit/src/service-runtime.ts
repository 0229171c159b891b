import { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import mongoose, { Connection } from 'mongoose';
import { collectDefaultMetrics, register } from 'prom-client';
import {
  createKafkaClient, DEFAULT_KAFKA_SETTINGS, EventProducer, KafkaEventServerOptions, KafkaMetrics, KafkaSettings,
} from '@benchpool/kafka';
import type { BaseServiceConfig } from './service.config';
import { JsonLogger } from './json-logger';

export interface ServiceDefinition {
  /** e.g. 'routing'; also the consumer group (`benchpool-<name>`) and the metrics label. */
  name: string;
  needsMongo: boolean;
  needsRedis: boolean;
  /**
   * ioredis auto-pipelining: the commands issued in one event-loop turn leave in one write, for a
   * service that issues many small commands concurrently (routing: several per decision).
   */
  redisAutoPipelining?: boolean;
  /** topics with a consumer group of their own, so their fetches never wait on the other topics' batches. */
  dedicatedConsumerTopics?: KafkaEventServerOptions['dedicatedConsumerTopics'];
}

export interface DependencyHealth {
  ok: boolean;
  detail?: string;
  latencyMs?: number;
}

/**
 * The connections a service holds (Kafka producer, MongoDB, Redis), created from validated
 * config, health-checked for /health, and closed in order on shutdown.
 */
export class ServiceRuntime {
  readonly kafka: Kafka;
  readonly kafkaSettings: KafkaSettings;
  readonly producer: EventProducer;
  readonly metrics: KafkaMetrics;
  readonly logger: JsonLogger;
  private redisClient: Redis | undefined;
  private mongoConnection: Connection | undefined;
  private consumerRunning: () => boolean = () => true;

  constructor(
    readonly definition: ServiceDefinition,
    readonly config: BaseServiceConfig,
  ) {
    this.logger = new JsonLogger(definition.name, config.LOG_LEVEL);
    this.kafkaSettings = {
      ...DEFAULT_KAFKA_SETTINGS,
      brokers: config.KAFKA_BROKERS.split(','),
      clientId: `benchpool-${definition.name}${config.SERVICE_INSTANCE_ID ? `-${config.SERVICE_INSTANCE_ID}` : ''}`,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      partitions: config.KAFKA_PARTITIONS,
      compression: config.KAFKA_COMPRESSION,
      lingerMs: config.KAFKA_LINGER_MS,
    };
    if (!register.getSingleMetric('benchpool_process_cpu_user_seconds_total')) {
      register.setDefaultLabels({ service: definition.name });
      collectDefaultMetrics({ prefix: 'benchpool_' });
    }
    this.metrics = new KafkaMetrics();
    this.kafka = createKafkaClient(this.kafkaSettings, this.logger);
    this.producer = new EventProducer(this.kafka, this.kafkaSettings, `benchpool/${definition.name}`, this.metrics);
  }

  get consumerGroup(): string {
    return `${this.config.KAFKA_TOPIC_PREFIX}benchpool-${this.definition.name}`;
  }

  get redis(): Redis {
    if (!this.redisClient) throw new Error(`${this.definition.name} does not use Redis`);
    return this.redisClient;
  }

  get mongo(): Connection {
    if (!this.mongoConnection) throw new Error(`${this.definition.name} does not use MongoDB`);
    return this.mongoConnection;
  }

  async start(): Promise<void> {
    await this.producer.connect();
    if (this.definition.needsRedis) {
      this.redisClient = new Redis(this.config.REDIS_URL, {
        maxRetriesPerRequest: 2,
        enableOfflineQueue: false,
        enableAutoPipelining: this.definition.redisAutoPipelining ?? false,
        lazyConnect: true,
        retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      });
      this.redisClient.on('error', (error) => this.logger.warn(`redis: ${error.message}`, 'ServiceRuntime'));
      await this.redisClient.connect();
    }
    if (this.definition.needsMongo) {
      this.mongoConnection = await mongoose
        .createConnection(this.config.MONGODB_URI, { serverSelectionTimeoutMS: 10_000, maxPoolSize: 20 })
        .asPromise();
    }
  }

  watchConsumer(isRunning: () => boolean): void {
    this.consumerRunning = isRunning;
  }

  async health(): Promise<Record<string, DependencyHealth>> {
    const checks: Record<string, DependencyHealth> = {
      kafka: { ok: this.producer.isConnected() && this.consumerRunning(), detail: this.consumerRunning() ? undefined : 'consumer not running' },
    };
    if (this.definition.needsRedis) checks.redis = await timed(async () => (await this.redis.ping()) === 'PONG');
    if (this.definition.needsMongo) {
      checks.mongodb = await timed(async () => {
        const reply = await this.mongo.db!.admin().ping();
        return reply.ok === 1;
      });
    }
    return checks;
  }

  async stop(): Promise<void> {
    await this.producer.disconnect().catch((error) => this.logger.error(`producer disconnect: ${String(error)}`));
    if (this.redisClient) await this.redisClient.quit().catch(() => this.redisClient?.disconnect());
    if (this.mongoConnection) await this.mongoConnection.close();
  }
}

async function timed(check: () => Promise<boolean>): Promise<DependencyHealth> {
  const started = performance.now();
  try {
    const ok = await Promise.race([
      check(),
      new Promise<boolean>((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2_000).unref()),
    ]);
    return { ok, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
}
