import { Kafka, logLevel } from 'kafkajs';
import type { KafkaSettings } from './kafka.settings';

const TRANSIENT_BROKER_ERRORS = /not the leader|does not host this topic-partition|coordinator is (loading|not available)|not the correct coordinator|leader not available/i;

export interface LogSink {
  debug?(message: string, context?: string): void;
  log(message: string, context?: string): void;
  warn(message: string, context?: string): void;
  error(message: string, trace?: string, context?: string): void;
}

/** A kafkajs client whose own logs go through the service's JSON logger. */
export function createKafkaClient(settings: KafkaSettings, logger?: LogSink): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 200, retries: 10, maxRetryTime: 10_000 },
    logLevel: logLevel.WARN,
    logCreator: () => ({ namespace, level, log }) => {
      if (!logger) return;
      const { message, ...extra } = log;
      const text = `${namespace}: ${message} ${JSON.stringify(extra)}`;
      // leadership moving right after a topic is created is retried by kafkajs itself: not an error of ours
      const transient = typeof extra.error === 'string' && TRANSIENT_BROKER_ERRORS.test(extra.error);
      if (transient) logger.debug?.(text, 'kafkajs');
      else if (level === logLevel.ERROR) logger.error(text, undefined, 'kafkajs');
      else if (level === logLevel.WARN) logger.warn(text, 'kafkajs');
      else logger.log(text, 'kafkajs');
    },
  });
}
