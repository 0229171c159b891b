import { MongoClient } from 'mongodb';
import { Redis } from 'ioredis';
import { DatapointQuarantinedV1, DatapointStoredV1, deadLetterTopicOf, Topic } from '@benchpool/contracts';
import { expectEventually, TestKafka, uniqueTopicPrefix } from '@benchpool/testing';
import { ArbiterDriver } from '../support/arbiter-driver';
import { ServiceName, ServiceStack, tearDownE2e } from '../support/service-stack';

/** What every service consumes: a malformed record on any of them must land on its DLQ. */
const CONSUMED: Array<{ topic: Topic; services: ServiceName[] }> = [
  { topic: Topic.AgentRegistered, services: ['routing'] },
  { topic: Topic.TaskSubmitted, services: ['routing', 'execution-telemetry'] },
  { topic: Topic.ExecutionTurn, services: ['execution-telemetry'] },
  { topic: Topic.ExecutionCompleted, services: ['routing', 'execution-telemetry'] },
  { topic: Topic.DecisionMade, services: ['execution-telemetry'] },
  { topic: Topic.EvaluationCompleted, services: ['execution-telemetry'] },
  { topic: Topic.ExecutionRecorded, services: ['caws-evaluation'] },
  { topic: Topic.DatapointCollected, services: ['anonymization'] },
  { topic: Topic.DatapointAnonymized, services: ['storage-tiering'] },
  { topic: Topic.DatapointStored, services: ['routing'] },
  { topic: Topic.ExportRequested, services: ['rl-export'] },
  { topic: Topic.ExportCompleted, services: ['storage-tiering'] },
  { topic: Topic.AgentDeployed, services: ['routing'] },
];

/** Collected to trace each task through the pipeline. */
const TRACED: Topic[] = [
  Topic.DecisionMade, Topic.ExecutionRecorded, Topic.EvaluationCompleted, Topic.DatapointCollected, Topic.DatapointAnonymized,
  Topic.DatapointQuarantined, Topic.DatapointStored,
];

describe('resilience of the whole pipeline', () => {
  const prefix = uniqueTopicPrefix('e2e-resilience');
  const stack = new ServiceStack(prefix, { LOG_LEVEL: 'warn' });
  const kafka = new TestKafka(prefix);
  const arbiter = new ArbiterDriver(kafka, 'tenant-resilience');
  const mongo = new MongoClient('mongodb://127.0.0.1:27017');
  const redis = new Redis('redis://127.0.0.1:6379');

  beforeAll(async () => {
    await stack.start();
    await kafka.collect([...TRACED, ...CONSUMED.map(({ topic }) => deadLetterTopicOf(topic))]);
    await mongo.connect();
    await arbiter.registerAgents([{ agentId: 'agent-one' }, { agentId: 'agent-two' }, { agentId: 'agent-three' }]);
  });

  afterAll(() => tearDownE2e(stack, kafka, mongo, redis));

  /** The topics a task's records pass through, in order, and its join state: where a missing task stopped. */
  async function whereIs(taskId: string): Promise<string> {
    const seen = TRACED.filter((topic) => kafka.records(topic).some((record) => record.key === taskId)).map((topic) => topic.split('.').slice(-2, -1)[0]);
    const join = await redis.hkeys(`${stack.env.JOIN_KEY_PREFIX}{${taskId}}`);
    const marker = await redis.get(`${stack.env.JOIN_KEY_PREFIX}{${taskId}}:emitted`);
    const quarantined = kafka.events<DatapointQuarantinedV1>(Topic.DatapointQuarantined).filter((event) => event.data.taskId === taskId);
    const reasons = quarantined.flatMap((event) => event.data.report.issues.map((issue) => `${issue.gate}: ${issue.message}`));
    return `${taskId} seen on [${seen.join(',')}], join [${join.join(',')}], marker ${marker}${reasons.length ? `, quarantined for ${reasons.join(' / ')}` : ''}`;
  }

  it('sends a malformed record on every consumed topic to that topic\'s DLQ with a reason, and keeps consuming', async () => {
    for (const { topic } of CONSUMED) await kafka.publishRaw(topic, '{"specversion":"1.0", this is not json', `malformed-${topic}`);
    for (const { topic, services } of CONSUMED) {
      const dlq = deadLetterTopicOf(topic);
      const records = await expectEventually(() => {
        const found = kafka.records(dlq).filter((record) => record.key === `malformed-${topic}`);
        return found.length >= services.length ? found : null;
      }, { timeoutMs: 60_000, what: `${dlq} holds the malformed record for ${services.join(' and ')}` });
      for (const record of records) {
        expect(record.value?.toString()).toBe('{"specversion":"1.0", this is not json');
        expect(record.headers['dlq-reason-class']).toBe('invalid-envelope');
        expect(record.headers['dlq-reason']).toMatch(/not JSON/);
        expect(record.headers['dlq-source-topic']).toBe(topic);
      }
    }
    // the same consumers go on with valid work
    const task = await arbiter.submit();
    const decision = await arbiter.decisionFor(task.taskId);
    await arbiter.execute(task.taskId, decision.selectedAgentId!);
    await expectEventually(() => kafka.events<DatapointStoredV1>(Topic.DatapointStored).some((event) => event.data.taskId === task.taskId), {
      timeoutMs: 90_000, what: 'a valid task still flows end to end',
    });
  });

  it('loses nothing and writes nothing twice when services are SIGKILLed mid-flow', async () => {
    const taskIds: string[] = [];
    const victims: ServiceName[] = ['execution-telemetry', 'storage-tiering', 'anonymization', 'routing', 'caws-evaluation'];
    const started = Date.now();
    for (let wave = 0; wave < victims.length; wave++) {
      // where the time goes, should the test time out (one CI run of five took over 300 s, the others ~160 s)
      process.stderr.write(`[resilience] wave ${wave + 1} (${victims[wave]}) at ${Math.round((Date.now() - started) / 1000)} s\n`);
      const tasks = await Promise.all(Array.from({ length: 6 }, () => arbiter.submit()));
      taskIds.push(...tasks.map((task) => task.taskId));
      const decisions = await Promise.all(tasks.map((task) => arbiter.decisionFor(task.taskId, 120_000)));
      await Promise.all(decisions.map((decision) => arbiter.execute(decision.taskId, decision.selectedAgentId!)));
      // kill one service while its part of this wave is in flight, then bring it back
      await stack.kill(victims[wave]);
      await stack.restart(victims[wave]);
    }
    const datapoints = mongo.db(stack.database).collection<{ _id: string }>('datapoints');
    await expectEventually(async () => {
      const storedIds = new Set((await datapoints.find({ _id: { $in: taskIds } }, { projection: { _id: 1 } }).toArray()).map((document) => document._id));
      const missing = taskIds.filter((taskId) => !storedIds.has(taskId));
      if (missing.length === 0) return true;
      // should this time out: how far each missing task got, to tell which service held it
      throw new Error(`missing ${missing.length}: ${(await Promise.all(missing.map(whereIs))).join('; ')}`);
    }, { timeoutMs: 180_000, what: `all ${taskIds.length} tasks stored` });
    // exactly once in the cold tier: the daily aggregates count each stored point once. The cold
    // update follows the warm insert (ADR 0006), and a batch cut by a SIGKILL is finished on
    // redelivery, so the sums converge a moment after the last document appears; they must then be equal
    const stored = await datapoints.countDocuments({});
    const coldCount = async (): Promise<number> =>
      (await mongo.db(stack.database).collection<{ count: number }>('agent_stats_daily').find({}).toArray()).reduce((sum, document) => sum + document.count, 0);
    await expectEventually(async () => (await coldCount()) >= stored, { timeoutMs: 60_000, what: `cold aggregates counting all ${stored} stored points` });
    expect(await coldCount()).toBe(stored);
    // routing learned from each task once, however often the stored event was delivered
    const rewardCount = async (): Promise<number> => {
      let count = 0;
      for (const agentId of ['agent-one', 'agent-two', 'agent-three']) {
        count += Number((await redis.hget(`${stack.env.ROUTING_KEY_PREFIX}arm:${agentId}`, 'count')) ?? 0);
      }
      return count;
    };
    const storedIds = (): Set<string> =>
      new Set(kafka.events<DatapointStoredV1>(Topic.DatapointStored).filter((event) => event.data.complete).map((event) => event.data.taskId));
    await expectEventually(async () => (await rewardCount()) >= storedIds().size, { timeoutMs: 60_000, what: 'routing learning from every stored point' });
    expect(await rewardCount()).toBe(storedIds().size);
  }, 600_000);
});
