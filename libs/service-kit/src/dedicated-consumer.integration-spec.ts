import { Controller, DynamicModule, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Kafka, logLevel } from 'kafkajs';
import {
  AgentRegisteredV1, agentRegisteredExample, deadLetterTopicOf, ExecutionCompletedV1, executionCompletedExample, Topic,
} from '@benchpool/contracts';
import { expectEventually, freePort, TEST_BROKERS, TestKafka, uniqueTopicPrefix } from '@benchpool/testing';
import { BaseServiceConfig, loadConfig, RunningService, ServiceKitModule, ServiceRuntime, startService } from './index';

const handled: string[] = [];

@Controller()
class TwoTopicConsumer {
  @EventPattern(Topic.AgentRegistered)
  onRegistered(@Payload() data: AgentRegisteredV1): void {
    handled.push(`registered:${data.agentId}`);
  }

  @EventPattern(Topic.ExecutionCompleted)
  onCompleted(@Payload() data: ExecutionCompletedV1): void {
    handled.push(`completed:${data.taskId}`);
  }
}

@Module({})
class TwoTopicModule {
  static forRuntime(runtime: ServiceRuntime): DynamicModule {
    return { module: TwoTopicModule, imports: [ServiceKitModule.forRuntime(runtime)], controllers: [TwoTopicConsumer] };
  }
}

describe('a topic with a consumer group of its own (real local Kafka)', () => {
  const prefix = uniqueTopicPrefix('dedicated-consumer');
  const kafka = new TestKafka(prefix);
  const name = `dedicated-${Date.now()}`;
  let service: RunningService | undefined;

  const start = async (dedicatedConsumerTopics?: Topic[]): Promise<RunningService> => {
    const port = await freePort();
    return startService({
      definition: { name, needsMongo: false, needsRedis: false, dedicatedConsumerTopics },
      loadConfig: () => loadConfig(BaseServiceConfig, { KAFKA_TOPIC_PREFIX: prefix, PORT: String(port), KAFKA_PARTITIONS: '3', LOG_LEVEL: 'error' }),
      appModule: (runtime) => TwoTopicModule.forRuntime(runtime),
      producedTopics: [],
    });
  };

  beforeAll(() => kafka.collect([deadLetterTopicOf(Topic.ExecutionCompleted)]));

  afterAll(async () => {
    await service?.app.close();
    await kafka.close();
  });

  it('takes over where the shared group left the topic, and both consumers deliver', async () => {
    service = await start();
    await kafka.publish(Topic.ExecutionCompleted, { ...executionCompletedExample, taskId: 'before-split' });
    await expectEventually(() => handled.includes('completed:before-split'), { what: 'handled by the shared group' });
    await service.app.close();

    service = await start([Topic.ExecutionCompleted]);
    await kafka.publish(Topic.ExecutionCompleted, { ...executionCompletedExample, taskId: 'after-split' });
    await kafka.publish(Topic.AgentRegistered, { ...agentRegisteredExample, agentId: 'agent-after-split' });
    await expectEventually(() => handled.includes('completed:after-split') && handled.includes('registered:agent-after-split'), {
      what: 'both topics handled after the split',
    });
    // a group that started from the beginning would have handled the first record again
    expect(handled.filter((entry) => entry === 'completed:before-split')).toHaveLength(1);
    const admin = new Kafka({ clientId: 'dedicated-consumer-spec', brokers: TEST_BROKERS, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const dedicatedGroup = `${prefix}benchpool-${name}.${Topic.ExecutionCompleted}`;
    try {
      const { groups } = await admin.describeGroups([dedicatedGroup]);
      expect(groups[0].state).toBe('Stable');
    } finally {
      await admin.disconnect();
    }

    // a record dead-lettered by the dedicated consumer names the group that read it
    await kafka.publish(Topic.ExecutionCompleted, { ...executionCompletedExample, taskId: 'bad', latencyMs: -1 } as ExecutionCompletedV1, { key: 'bad-completion' });
    const dead = await expectEventually(
      () => kafka.records(deadLetterTopicOf(Topic.ExecutionCompleted)).find((record) => record.key === 'bad-completion'),
      { what: 'the invalid completion dead-lettered' },
    );
    expect(dead.headers['dlq-consumer-group']).toBe(dedicatedGroup);
  });
});
