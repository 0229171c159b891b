import { Kafka, logLevel } from 'kafkajs';
import { agentRegisteredExample, Topic } from '@benchpool/contracts';
import { expectEventually, TEST_BROKERS, TestKafka, uniqueTopicPrefix } from '@benchpool/testing';
import { createKafkaClient } from './kafka-client.factory';
import { KafkaEventServer } from './kafka-event.server';
import { DEFAULT_KAFKA_SETTINGS, KafkaSettings, physicalTopic } from './kafka.settings';
import { EventProducer } from './event-producer';

const quietLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('KafkaEventServer with commitIntervalMs (real local Kafka)', () => {
  const prefix = uniqueTopicPrefix('interval-commit');
  const testKafka = new TestKafka(prefix);
  const settings: KafkaSettings = { ...DEFAULT_KAFKA_SETTINGS, clientId: 'interval-commit-spec', topicPrefix: prefix, partitions: 3 };
  const groupId = `${prefix}group`;
  const admin = new Kafka({ clientId: 'interval-commit-admin', brokers: TEST_BROKERS, logLevel: logLevel.NOTHING }).admin();

  const committed = async (): Promise<number> => {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [physicalTopic(settings, Topic.AgentRegistered)] });
    return offsets.partitions.reduce((sum, partition) => sum + Math.max(0, Number(partition.offset)), 0);
  };

  beforeAll(async () => {
    await admin.connect();
    await testKafka.createTopics([Topic.AgentRegistered], 3);
  });

  afterAll(async () => {
    await admin.disconnect();
    await testKafka.close();
  });

  it('commits handled offsets while consuming, without a batch waiting for it, and everything handled on close', async () => {
    const kafka = createKafkaClient(settings);
    const producer = new EventProducer(kafka, settings, 'interval-commit-spec');
    await producer.connect();
    const server = new KafkaEventServer({ kafka, settings, producer, consumerGroup: groupId, logger: quietLogger, commitIntervalMs: 200 });
    const handled: string[] = [];
    server.addHandler(Topic.AgentRegistered, async (data: { agentId: string }) => {
      handled.push(data.agentId);
    }, true);
    await new Promise<void>((resolve, reject) => void server.listen((error?: unknown) => (error ? reject(error) : resolve())));
    let published = 0;
    const publish = (): Promise<unknown> => testKafka.publish(Topic.AgentRegistered, { ...agentRegisteredExample, agentId: `agent-${published++}` });
    try {
      for (let index = 0; index < 6; index++) await publish();
      await expectEventually(() => handled.length === 6, { what: 'six records handled' });
      // a batch that comes once the interval has passed starts the commit, and does not wait for it
      await expectEventually(async () => {
        await publish();
        return (await committed()) >= 6;
      }, { what: 'handled offsets committed while running', timeoutMs: 15_000, intervalMs: 300 });
      for (let index = 0; index < 3; index++) await publish();
      await expectEventually(() => handled.length === published, { what: 'every record handled' });
    } finally {
      await server.close();
      await producer.disconnect();
    }
    // the close commits what the interval had not, after any interval commit still under way
    expect(await committed()).toBe(published);
  });
});
