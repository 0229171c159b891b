import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { CLOUDEVENTS_CONTENT_TYPE, createCloudEvent, ExportBatchRecordV1, parseCloudEvent, Topic, validateEventData } from '@benchpool/contracts';
import { batchIdFor } from '@benchpool/export-core';
import { physicalTopic } from '@benchpool/kafka';
import { AssembledBatch, BatchAssembler } from './batch-assembler';
import type { CliOptions } from './cli-arguments';

export interface RequestProgress {
  (received: number, expected: number): void;
}

/**
 * Asks rl-export for a batch the way the RL pipeline does: remembers where rl.export.batch.v1 ends,
 * publishes rl.export.requested.v1, then reads the batch's records (keyed by batch id) from that
 * point until an end marker whose count and checksum match. A repeated request id gets the same
 * batch again (rl-export re-publishes it).
 */
export async function requestBatch(options: CliOptions, onProgress: RequestProgress): Promise<AssembledBatch> {
  const kafka = new Kafka({ clientId: `benchpool-export-cli-${randomUUID().slice(0, 8)}`, brokers: options.brokers, logLevel: logLevel.NOTHING });
  const batchTopic = physicalTopic({ topicPrefix: options.topicPrefix }, Topic.ExportBatch);
  const requestTopic = physicalTopic({ topicPrefix: options.topicPrefix }, Topic.ExportRequested);
  const batchId = batchIdFor(options.request.requestId);
  const groupId = `benchpool-export-cli-${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = await admin.listTopics();
    if (!topics.includes(batchTopic) || !topics.includes(requestTopic)) {
      throw new Error(`topics ${batchTopic} / ${requestTopic} do not exist: is rl-export running (with KAFKA_TOPIC_PREFIX='${options.topicPrefix}')?`);
    }
    // start reading where the topic ends now: the answer comes after our request
    const ends = await admin.fetchTopicOffsets(batchTopic);
    await admin.setOffsets({ groupId, topic: batchTopic, partitions: ends.map((end) => ({ partition: end.partition, offset: end.high })) });
  } finally {
    await admin.disconnect();
  }
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const assembler = new BatchAssembler(batchId);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [batchTopic], fromBeginning: false });
    const done = new Promise<AssembledBatch>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no complete batch ${batchId} within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
      consumer
        .run({
          eachMessage: async ({ message }) => {
            if (message.key?.toString() !== batchId) return;
            try {
              const event = parseCloudEvent(message.value, message.headers as Record<string, Buffer | string | undefined>);
              const validated = validateEventData(Topic.ExportBatch, event.data);
              if (!validated.ok) throw new Error(`invalid batch record: ${validated.errors.join('; ')}`);
              const batch = assembler.accept(validated.value as ExportBatchRecordV1);
              const progress = assembler.progress();
              onProgress(batch ? batch.count : progress.received, batch ? batch.count : progress.expected);
              if (batch) {
                clearTimeout(timer);
                resolve(batch);
              }
            } catch (error) {
              clearTimeout(timer);
              reject(error);
            }
          },
        })
        .catch(reject);
    });
    await producer.connect();
    const event = createCloudEvent(Topic.ExportRequested, options.request, { source: 'benchpool/export-cli', tenantId: options.tenantId, correlationId: options.request.requestId });
    await producer.send({
      topic: requestTopic,
      acks: -1,
      messages: [{ key: options.request.requestId, value: JSON.stringify(event), headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE } }],
    });
    return await done;
  } finally {
    await producer.disconnect().catch(() => undefined);
    await consumer.disconnect().catch(() => undefined);
  }
}
