import { CompressionTypes, logLevel as KafkaLogLevel } from 'kafkajs';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** prepended to every topic name; lets test runs and tenants of one cluster never see each other. */
  topicPrefix: string;
  /** partitions for topics this service bootstraps (default 12, so 12 replicas can share a topic). */
  partitions: number;
  compression: 'gzip' | 'none';
  /** how long the producer collects records before sending them as one request. */
  lingerMs: number;
  maxBatchRecords: number;
}

export const DEFAULT_KAFKA_SETTINGS: Omit<KafkaSettings, 'clientId'> = {
  brokers: ['127.0.0.1:9092'],
  topicPrefix: '',
  partitions: 12,
  compression: 'gzip',
  lingerMs: 2,
  maxBatchRecords: 500,
};

export function physicalTopic(settings: Pick<KafkaSettings, 'topicPrefix'>, topic: string): string {
  return `${settings.topicPrefix}${topic}`;
}

export function logicalTopic(settings: Pick<KafkaSettings, 'topicPrefix'>, topic: string): string {
  return settings.topicPrefix && topic.startsWith(settings.topicPrefix) ? topic.slice(settings.topicPrefix.length) : topic;
}

export function compressionType(settings: Pick<KafkaSettings, 'compression'>): CompressionTypes {
  return settings.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
}

export { KafkaLogLevel };
