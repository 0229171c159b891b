import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { DecisionMadeV1, datapointStoredExample, Topic } from '@benchpool/contracts';
import { loadConfig, RunningService, startService } from '@benchpool/service-kit';
import { expectEventually, freePort, TestKafka, uniqueTopicPrefix } from '@benchpool/testing';
import { RoutingModule } from './app.module';
import { ROUTING_SERVICE, RoutingConfig } from './routing.config';

/** A Redis of the test's own, so it can be stopped and started without disturbing anything else. */
class OwnRedis {
  private process: ChildProcess | undefined;
  readonly dir = mkdtempSync(join(tmpdir(), 'routing-redis-'));
  constructor(readonly port: number) {}

  async start(): Promise<void> {
    this.process = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await expectEventually(async () => {
      const client = new Redis({ port: this.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await client.connect();
        return (await client.ping()) === 'PONG';
      } finally {
        client.disconnect();
      }
    }, { what: 'test redis up' });
  }

  /** SHUTDOWN SAVE: the data survives into the next start, as with a restarted Redis pod. */
  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.process?.once('exit', resolve));
    execFileSync('redis-cli', ['-p', String(this.port), 'shutdown', 'save']);
    await exited;
  }
}

describe('routing service (real Kafka + Redis)', () => {
  const prefix = uniqueTopicPrefix('routing');
  const kafka = new TestKafka(prefix);
  let redis: OwnRedis;
  let client: Redis;
  let service: RunningService;

  const register = (agentId: string, capabilities = ['typescript', 'code-editing'], maxConcurrency = 100) =>
    kafka.publish(Topic.AgentRegistered, { agentId, name: agentId, modelFamily: 'test', version: '1.0.0', capabilities, maxConcurrency, costPer1kTokens: 0.002 });
  const submit = (taskId: string, requirements = ['typescript']) =>
    kafka.publish(Topic.TaskSubmitted, { taskId, type: 'code-editing', complexity: 'standard', requirements });
  const decision = (taskId: string) =>
    expectEventually(() => kafka.events<DecisionMadeV1>(Topic.DecisionMade).find((event) => event.data.taskId === taskId)?.data, { what: `decision ${taskId}` });

  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    client = new Redis({ port: redis.port, host: '127.0.0.1', maxRetriesPerRequest: 1, retryStrategy: () => 200 });
    const port = await freePort();
    service = await startService({
      definition: ROUTING_SERVICE,
      loadConfig: () => loadConfig(RoutingConfig, {
        KAFKA_TOPIC_PREFIX: prefix, PORT: String(port), REDIS_URL: `redis://127.0.0.1:${redis.port}`, LOG_LEVEL: 'error',
        KAFKA_PARTITIONS: '3', ROUTING_REGISTRY_CACHE_MS: '0',
      }),
      appModule: (runtime) => RoutingModule.forRuntime(runtime),
      producedTopics: [Topic.DecisionMade, Topic.AgentStatusChanged],
    });
    await kafka.collect([Topic.DecisionMade]);
    await register('agent-a');
    await register('agent-b');
    await register('agent-python', ['python']);
    await expectEventually(async () => (await client.hlen('routing:agents')) === 3, { what: 'three agents registered' });
  });

  afterAll(async () => {
    await service?.app.close();
    await kafka.close();
    client?.disconnect();
    await redis?.stop().catch(() => undefined);
  });

  it('logs every decision with candidates, a propensity in (0, 1], a posterior confidence and a rationale', async () => {
    await submit('r-1');
    const made = await decision('r-1');
    expect(made.strategy).toBe('thompson-sampling');
    expect(['agent-a', 'agent-b']).toContain(made.selectedAgentId);
    expect(made.candidates.map((candidate) => candidate.agentId).sort()).toEqual(['agent-a', 'agent-b']);
    expect(made.propensity).toBeGreaterThan(0);
    expect(made.propensity).toBeLessThanOrEqual(1);
    expect(made.propensityDraws).toBeGreaterThan(0);
    expect(made.rationale.primaryReason.length).toBeGreaterThan(10);
    expect(made.policyVersion).toMatch(/\S+/);
    for (const candidate of made.candidates) expect(candidate.selectionReason.length).toBeGreaterThan(0);
  });

  it('says why when no agent is eligible, instead of staying silent', async () => {
    await submit('r-2', ['haskell']);
    const made = await decision('r-2');
    expect(made.selectedAgentId).toBeNull();
    expect(made.rationale.primaryReason).toMatch(/no eligible agent/);
  });

  it('learns from a stored outcome once per task, however often it is delivered', async () => {
    const stored = { ...datapointStoredExample, taskId: 'r-learn', dataPointId: 'r-learn', agentId: 'agent-a', success: true, overallScore: 0.9 };
    await kafka.publish(Topic.DatapointStored, stored);
    await kafka.publish(Topic.DatapointStored, stored);
    await kafka.publish(Topic.DatapointStored, { ...stored, taskId: 'r-learn-2', dataPointId: 'r-learn-2' });
    await expectEventually(async () => (await client.hget('routing:arm:agent-a:code-editing:standard', 'count')) === '2', { what: 'two distinct rewards applied' });
    await expectEventually(async () => (await client.hget('routing:arm:agent-a', 'count')) === '2', { what: 'agent-wide level too' });
    // confidence is computed from the posteriors: it is not the same for every decision
    for (const id of ['r-3', 'r-4', 'r-5', 'r-6']) await submit(id);
    const confidences = new Set<number>();
    for (const id of ['r-1', 'r-3', 'r-4', 'r-5', 'r-6']) confidences.add((await decision(id)).confidence);
    expect(confidences.size).toBeGreaterThan(1);
  });

  it('keeps deciding, marked as fallback, while Redis is down, and learns again when it is back', async () => {
    await redis.stop();
    await submit('r-down-1');
    const degraded = await decision('r-down-1');
    expect(degraded.fallback).toBe(true);
    expect(degraded.strategy).toBe('fallback');
    expect(['agent-a', 'agent-b']).toContain(degraded.selectedAgentId);
    expect(degraded.rationale.secondaryFactors.join(' ')).toMatch(/fallback/);

    // an outcome that arrives during the outage waits for Redis instead of being dead-lettered
    await kafka.publish(Topic.DatapointStored, { ...datapointStoredExample, taskId: 'r-down-learn', dataPointId: 'r-down-learn', agentId: 'agent-b' });
    await redis.start();
    await expectEventually(async () => (await client.hget('routing:arm:agent-b', 'count')) === '1', { timeoutMs: 60_000, what: 'learning resumed' });
    await submit('r-up-1');
    const recovered = await decision('r-up-1');
    expect(recovered.fallback).toBeUndefined();
    expect(recovered.strategy).toBe('thompson-sampling');
  });
});
