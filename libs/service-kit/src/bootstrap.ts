import 'reflect-metadata';
import { DynamicModule, INestApplication } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { KafkaEventServer } from '@benchpool/kafka';
import { BaseServiceConfig, ConfigError } from './service.config';
import { RethrowRpcExceptionFilter } from './rethrow-rpc.filter';
import { ServiceDefinition, ServiceRuntime } from './service-runtime';

export interface BootstrapOptions<C extends BaseServiceConfig> {
  definition: ServiceDefinition;
  loadConfig: () => C;
  /** builds the service's root module around the started runtime. */
  appModule: (runtime: ServiceRuntime) => DynamicModule;
  producedTopics: string[];
}

export interface RunningService {
  app: INestApplication;
  runtime: ServiceRuntime;
  server: KafkaEventServer;
  url: string;
}

/**
 * Starts one service: validated config → connections → Nest app with /health and /metrics →
 * Kafka consumer (topics bootstrapped first) → HTTP port. On SIGTERM/SIGINT the consumer stops
 * fetching, finishes the batch in flight, commits, and the connections close.
 */
export async function startService<C extends BaseServiceConfig>(options: BootstrapOptions<C>): Promise<RunningService> {
  let config: C;
  try {
    config = options.loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${JSON.stringify({ level: 'error', service: options.definition.name, msg: error.message, problems: error.problems })}\n`);
      process.exit(78);
    }
    throw error;
  }
  const runtime = new ServiceRuntime(options.definition, config);
  await runtime.start();
  const app = await NestFactory.create(options.appModule(runtime), { logger: runtime.logger, abortOnError: false });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  const server = new KafkaEventServer({
    kafka: runtime.kafka,
    settings: runtime.kafkaSettings,
    producer: runtime.producer,
    consumerGroup: runtime.consumerGroup,
    logger: runtime.logger,
    metrics: runtime.metrics,
    partitionsConsumedConcurrently: config.KAFKA_PARTITIONS_CONCURRENCY,
    producedTopics: options.producedTopics,
    commitIntervalMs: config.KAFKA_COMMIT_INTERVAL_MS,
    fetchMaxWaitMs: config.KAFKA_FETCH_MAX_WAIT_MS,
    dedicatedConsumerTopics: options.definition.dedicatedConsumerTopics,
  });
  runtime.watchConsumer(() => server.isRunning());
  // before connectMicroservice: a connected microservice binds its handlers (and their filters) at once
  app.useGlobalFilters(new RethrowRpcExceptionFilter(app.get(HttpAdapterHost).httpAdapter));
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(config.PORT, '0.0.0.0');
  const url = `http://127.0.0.1:${config.PORT}`;
  runtime.logger.log(JSON.stringify({ msg: 'service started', url, consumerGroup: runtime.consumerGroup, topics: server.consumedTopics() }), 'Bootstrap');
  return { app, runtime, server, url };
}

/** main.ts helper: start, and exit non-zero with a JSON error line if start-up fails. */
export function runService<C extends BaseServiceConfig>(options: BootstrapOptions<C>): void {
  startService(options).catch((error: Error) => {
    process.stderr.write(`${JSON.stringify({ level: 'error', service: options.definition.name, msg: `start-up failed: ${error.message}`, stack: error.stack })}\n`);
    process.exit(1);
  });
}
