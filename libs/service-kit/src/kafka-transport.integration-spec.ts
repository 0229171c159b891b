import { Controller, DynamicModule, Module } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AgentRegisteredV1, agentRegisteredExample, deadLetterTopicOf, Topic } from '@benchpool/contracts';
import { BaseServiceConfig, loadConfig, RunningService, ServiceKitModule, ServiceRuntime, startService } from './index';
import { expectEventually, freePort, TestKafka, uniqueTopicPrefix } from '@benchpool/testing';
import { EventContext, PermanentError } from '@benchpool/kafka';


const seen: Array<{ agentId: string; tenantId: string; correlationId: string }> = [];
const attempts = new Map<string, number>();

@Controller()
class ProbeConsumer {
  @EventPattern(Topic.AgentRegistered)
  handle(@Payload() data: AgentRegisteredV1, @Ctx() context: EventContext): void {
    const count = (attempts.get(data.agentId) ?? 0) + 1;
    attempts.set(data.agentId, count);
    if (data.agentId.startsWith('flaky') && count < 3) throw new Error('transient: try again');
    if (data.agentId.startsWith('always-fails')) throw new Error('still broken');
    if (data.agentId.startsWith('poison')) throw new PermanentError('cannot handle this agent');
    seen.push({ agentId: data.agentId, tenantId: context.tenantId, correlationId: context.correlationId });
  }
}

@Module({})
class ProbeModule {
  static forRuntime(runtime: ServiceRuntime): DynamicModule {
    return { module: ProbeModule, imports: [ServiceKitModule.forRuntime(runtime)], controllers: [ProbeConsumer] };
  }
}

describe('KafkaEventServer against the real local Kafka', () => {
  const prefix = uniqueTopicPrefix('kafka-lib');
  const kafka = new TestKafka(prefix);
  let service: RunningService;

  beforeAll(async () => {
    const port = await freePort();
    service = await startService({
      definition: { name: `probe-${Date.now()}`, needsMongo: false, needsRedis: false },
      loadConfig: () => loadConfig(BaseServiceConfig, { KAFKA_TOPIC_PREFIX: prefix, PORT: String(port), KAFKA_PARTITIONS: '3', LOG_LEVEL: 'error' }),
      appModule: (runtime) => ProbeModule.forRuntime(runtime),
      producedTopics: [],
    });
    await kafka.collect([deadLetterTopicOf(Topic.AgentRegistered)]);
  });

  afterAll(async () => {
    await service?.app.close();
    await kafka.close();
  });

  it('delivers valid events with tenant and correlation id', async () => {
    await kafka.publish(Topic.AgentRegistered, { ...agentRegisteredExample, agentId: 'ok-1' }, { tenantId: 'tenant-x' });
    await expectEventually(() => seen.find((item) => item.agentId === 'ok-1'), { what: 'ok-1 handled' });
    expect(seen.find((item) => item.agentId === 'ok-1')).toEqual({ agentId: 'ok-1', tenantId: 'tenant-x', correlationId: 'ok-1' });
  });

  it('dead-letters malformed records with the original bytes and a reason, then keeps consuming', async () => {
    await kafka.publishRaw(Topic.AgentRegistered, 'this is not json', 'bad-1');
    await kafka.publish(Topic.AgentRegistered, { ...agentRegisteredExample, agentId: 'bad-2', maxConcurrency: -1 });
    await kafka.publish(Topic.AgentRegistered, { ...agentRegisteredExample, agentId: 'ok-2' });
    const dlq = deadLetterTopicOf(Topic.AgentRegistered);
    await expectEventually(() => kafka.records(dlq).length >= 2, { what: 'two DLQ records' });
    const [notJson, invalid] = kafka.records(dlq);
    expect(notJson.value?.toString()).toBe('this is not json');
    expect(notJson.headers['dlq-reason-class']).toBe('invalid-envelope');
    expect(invalid.headers['dlq-reason-class']).toBe('invalid-data');
    expect(invalid.headers['dlq-reason']).toContain('maxConcurrency');
    expect(invalid.key).toBe('bad-2');
    await expectEventually(() => seen.find((item) => item.agentId === 'ok-2'), { what: 'ok-2 handled after the bad ones' });
  });

  it('retries transient failures and dead-letters permanent ones and exhausted retries', async () => {
    await kafka.publish(Topic.AgentRegistered, { ...agentRegisteredExample, agentId: 'flaky-1' });
    await kafka.publish(Topic.AgentRegistered, { ...agentRegisteredExample, agentId: 'poison-1' });
    await kafka.publish(Topic.AgentRegistered, { ...agentRegisteredExample, agentId: 'always-fails-1' });
    await expectEventually(() => seen.find((item) => item.agentId === 'flaky-1'), { what: 'flaky-1 handled on its third attempt' });
    expect(attempts.get('flaky-1')).toBe(3);
    const dlq = deadLetterTopicOf(Topic.AgentRegistered);
    await expectEventually(() => ['always-fails-1', 'poison-1'].every((key) => kafka.records(dlq).some((record) => record.key === key)), {
      timeoutMs: 60_000, what: 'permanent and exhausted records dead-lettered',
    });
    const poison = kafka.records(dlq).find((record) => record.key === 'poison-1');
    expect(poison?.headers['dlq-reason-class']).toBe('permanent');
    expect(attempts.get('poison-1')).toBe(1);
    const exhausted = kafka.records(dlq).find((record) => record.key === 'always-fails-1');
    expect(exhausted?.headers['dlq-reason-class']).toBe('retries-exhausted');
    expect(attempts.get('always-fails-1')).toBe(5);
  });

  it('counts consumed, failed and dead-lettered records by topic on /metrics and answers /health', async () => {
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`benchpool_kafka_consumed_total\\{topic="${Topic.AgentRegistered.replace(/\./g, '\\.')}"[^}]*\\} \\d+`));
    expect(metrics).toMatch(/benchpool_kafka_dead_lettered_total\{topic="arbiter\.agent\.registered\.v1",reason="invalid-envelope"[^}]*\} 1/);
    expect(metrics).toMatch(/benchpool_kafka_failed_total\{topic="arbiter\.agent\.registered\.v1",kind="transient"[^}]*\} \d+/);
    const health = await fetch(`${service.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', checks: { kafka: { ok: true } } });
  });
});
