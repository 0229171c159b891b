import { Redis } from 'ioredis';
import { AssignerProtocol } from 'kafkajs';
import { datapointStoredExample, Topic } from '@benchpool/contracts';
import { loadConfig, RunningService, startService } from '@benchpool/service-kit';
import { deleteKeysWithPrefix, expectEventually, freePort, TestKafka, uniqueTopicPrefix } from '@benchpool/testing';
import { RoutingModule } from './app.module';
import { ROUTING_SERVICE, RoutingConfig } from './routing.config';

/** Two routing replicas in one consumer group share one posterior state in Redis. */
describe('two routing replicas (real Kafka + Redis)', () => {
  const prefix = uniqueTopicPrefix('routing-replicas');
  const keyPrefix = `test:${prefix}routing:`;
  const kafka = new TestKafka(prefix);
  const redis = new Redis('redis://127.0.0.1:6379');
  const replicas: RunningService[] = [];

  beforeAll(async () => {
    for (let index = 0; index < 2; index++) {
      const port = await freePort();
      replicas.push(await startService({
        definition: ROUTING_SERVICE,
        loadConfig: () => loadConfig(RoutingConfig, {
          KAFKA_TOPIC_PREFIX: prefix, PORT: String(port), ROUTING_KEY_PREFIX: keyPrefix, LOG_LEVEL: 'error', KAFKA_PARTITIONS: '6',
          SERVICE_INSTANCE_ID: `replica-${index}`,
        }),
        appModule: (runtime) => RoutingModule.forRuntime(runtime),
        producedTopics: [Topic.DecisionMade, Topic.AgentStatusChanged],
      }));
    }
  });

  afterAll(async () => {
    for (const replica of replicas) await replica.app.close();
    await kafka.close();
    await deleteKeysWithPrefix(redis, keyPrefix);
    redis.disconnect();
  });

  it('applies every reward exactly once across replicas, even when each outcome is delivered twice', async () => {
    const agents = ['agent-x', 'agent-y', 'agent-z'];
    const expected: Record<string, number> = { 'agent-x': 0, 'agent-y': 0, 'agent-z': 0 };
    for (let round = 0; round < 2; round++) {
      for (let index = 0; index < 150; index++) {
        const agentId = agents[index % 3];
        if (round === 0) expected[agentId]++;
        await kafka.publish(Topic.DatapointStored, { ...datapointStoredExample, taskId: `rep-${index}`, dataPointId: `rep-${index}`, agentId, success: index % 2 === 0 });
      }
    }
    await expectEventually(async () => {
      const counts = await Promise.all(agents.map((agentId) => redis.hget(`${keyPrefix}arm:${agentId}`, 'count')));
      return counts.map(Number).reduce((sum, count) => sum + count, 0) === 150;
    }, { timeoutMs: 60_000, what: '150 rewards applied' });
    for (const agentId of agents) expect(Number(await redis.hget(`${keyPrefix}arm:${agentId}`, 'count'))).toBe(expected[agentId]);
    // both replicas are members of the group and each owns partitions of the stored topic
    const admin = kafka.kafka.admin();
    await admin.connect();
    const { groups } = await admin.describeGroups([`${prefix}benchpool-routing`]);
    await admin.disconnect();
    expect(groups[0].members).toHaveLength(2);
    for (const member of groups[0].members) {
      const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      expect(assignment?.assignment[`${prefix}${Topic.DatapointStored}`]?.length ?? 0).toBeGreaterThan(0);
    }
  });
});
