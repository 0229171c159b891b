import type { Kafka, TopicMessages } from 'kafkajs';
import { Registry } from 'prom-client';
import { Topic } from '@benchpool/contracts';
import { DEFAULT_KAFKA_SETTINGS, KafkaSettings } from './kafka.settings';
import { EventProducer, RecordTooLargeError } from './event-producer';
import { KafkaMetrics } from './kafka.metrics';

function fakeKafka(): { kafka: Kafka; requests: TopicMessages[][] } {
  const requests: TopicMessages[][] = [];
  const producer = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    sendBatch: async ({ topicMessages }: { topicMessages: TopicMessages[] }) => {
      requests.push(topicMessages);
    },
  };
  return { kafka: { producer: () => producer } as unknown as Kafka, requests };
}

async function expectEventuallyLength(values: unknown[], length: number): Promise<void> {
  for (let turn = 0; turn < 20 && values.length < length; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  expect(values).toHaveLength(length);
}

const settings: KafkaSettings = { ...DEFAULT_KAFKA_SETTINGS, clientId: 'test', lingerMs: 1, maxRequestBytes: 1_000, maxRecordBytes: 800, maxBatchRecords: 5 };

describe('EventProducer batching', () => {
  it('never puts more than maxRequestBytes or maxBatchRecords into one request, and keeps the order', async () => {
    const { kafka, requests } = fakeKafka();
    const producer = new EventProducer(kafka, settings, 'test');
    const sends = Array.from({ length: 12 }, (_, index) => producer.sendRaw('t', { key: `k${index}`, value: 'x'.repeat(300) }));
    await Promise.all(sends);
    const sizes = requests.map((request) => request[0].messages.reduce((sum, message) => sum + String(message.value).length + String(message.key).length, 0));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1_000);
    expect(requests.every((request) => request[0].messages.length <= 5)).toBe(true);
    expect(requests.flatMap((request) => request[0].messages.map((message) => message.key))).toEqual(Array.from({ length: 12 }, (_, index) => `k${index}`));
  });

  it('with lingerMs 0 sends what one event-loop turn published as one request, without a timer', async () => {
    // timers frozen: the records must leave without any timer firing
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const { kafka, requests } = fakeKafka();
      const producer = new EventProducer(kafka, { ...settings, lingerMs: 0 }, 'test');
      const first = [producer.sendRaw('t', { key: 'a', value: '1' }), producer.sendRaw('t', { key: 'b', value: '2' })];
      await Promise.all(first);
      await producer.sendRaw('t', { key: 'c', value: '3' });
      expect(requests.map((request) => request[0].messages.map((message) => message.key))).toEqual([['a', 'b'], ['c']]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('with lingerMs 0 holds what is published while a request is in flight and sends it as one request on its acknowledgement', async () => {
    const requests: string[][] = [];
    const acknowledgements: Array<() => void> = [];
    const kafka = {
      producer: () => ({
        connect: async () => undefined,
        disconnect: async () => undefined,
        sendBatch: ({ topicMessages }: { topicMessages: TopicMessages[] }) => {
          requests.push(topicMessages[0].messages.map((message) => String(message.key)));
          return new Promise<void>((resolve) => acknowledgements.push(resolve));
        },
      }),
    } as unknown as Kafka;
    const producer = new EventProducer(kafka, { ...settings, lingerMs: 0 }, 'test');
    const first = producer.sendRaw('t', { key: 'a', value: '1' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(requests).toEqual([['a']]);
    const later = [producer.sendRaw('t', { key: 'b', value: '2' }), producer.sendRaw('t', { key: 'c', value: '3' })];
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(requests).toEqual([['a']]); // b and c wait for a's acknowledgement
    acknowledgements[0]();
    await first;
    await expectEventuallyLength(requests, 2);
    expect(requests[1]).toEqual(['b', 'c']);
    acknowledgements[1]();
    await Promise.all(later);
  });

  it('refuses a record over maxRecordBytes before it reaches the broker', async () => {
    const { kafka, requests } = fakeKafka();
    const producer = new EventProducer(kafka, settings, 'test');
    await expect(producer.sendRaw('t', { key: 'big', value: 'x'.repeat(900) })).rejects.toBeInstanceOf(RecordTooLargeError);
    await producer.sendRaw('t', { key: 'small', value: 'ok' });
    expect(requests.flat().flatMap((topic) => topic.messages.map((message) => message.key))).toEqual(['small']);
  });

  it('publishes a CloudEvent keyed by the contract key', async () => {
    const { kafka, requests } = fakeKafka();
    const producer = new EventProducer(kafka, { ...settings, maxRecordBytes: 100_000, maxRequestBytes: 100_000 }, 'benchpool/test');
    await producer.publish(Topic.AgentDeployed, { agentId: 'a-1', version: '2', parentVersion: '1', trainingBatchIds: [] }, { tenantId: 't', id: 'e-1' });
    const [message] = requests[0][0].messages;
    expect(message.key).toBe('a-1');
    expect(JSON.parse(String(message.value))).toMatchObject({ specversion: '1.0', id: 'e-1', type: 'rl.agent.deployed', source: 'benchpool/test', tenantid: 't' });
    expect(requests[0][0].topic).toBe(Topic.AgentDeployed);
  });

  it('counts acknowledged records by logical topic, and none of a request the broker refused', async () => {
    const registry = new Registry();
    let refuse = false;
    const kafka = {
      producer: () => ({
        connect: async () => undefined,
        disconnect: async () => undefined,
        sendBatch: async () => {
          if (refuse) throw new Error('broker refused');
        },
      }),
    } as unknown as Kafka;
    const producer = new EventProducer(kafka, settings, 'test', new KafkaMetrics(registry));
    await Promise.all([
      producer.sendRaw('prefix.a', { key: '1', value: 'x' }, 'a'),
      producer.sendRaw('prefix.b', { key: '2', value: 'x' }, 'b'),
      producer.sendRaw('prefix.a', { key: '3', value: 'x' }, 'a'),
    ]);
    refuse = true;
    await expect(producer.sendRaw('prefix.a', { key: '4', value: 'x' }, 'a')).rejects.toThrow('broker refused');
    const counted = (await registry.getSingleMetric('benchpool_kafka_produced_total')!.get()).values;
    expect(counted.map(({ labels, value }) => [labels.topic, value]).sort()).toEqual([['a', 2], ['b', 1]]);
  });
});
