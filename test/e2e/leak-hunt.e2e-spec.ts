import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { Redis } from 'ioredis';
import { ExecutionTurnV1, ExportBatchRecordV1, Topic, TRAINING_PHASES } from '@benchpool/contracts';
import { expectEventually, TestKafka, uniqueTopicPrefix } from '@benchpool/testing';
import { ArbiterDriver } from '../support/arbiter-driver';
import { ServiceStack, tearDownE2e } from '../support/service-stack';

type Channel = 'description' | 'feedback' | 'message' | 'toolArguments' | 'diff' | 'failureReason';
interface PrivateEntry { type: string; channel: Channel; text: string; value: string }
interface Holdout { private: PrivateEntry[]; lookalikes: string[] }

const HOLDOUT = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'holdout-private-data.json'), 'utf8')) as Holdout;
const TASKS_WITH_PRIVATE_DATA = 5;

/** Topics after the anonymization door, plus the decision log: none may carry a private value. */
const DOWNSTREAM_TOPICS = [
  Topic.DecisionMade, Topic.DatapointAnonymized, Topic.DatapointQuarantined, Topic.DatapointStored, Topic.ExportBatch, Topic.ExportCompleted,
];

function unifiedDiff(addedLines: string[]): string {
  const added = addedLines.flatMap((line) => line.split('\n'));
  return [
    'diff --git a/src/settings.ts b/src/settings.ts',
    '--- a/src/settings.ts',
    '+++ b/src/settings.ts',
    `@@ -1,1 +1,${added.length + 1} @@`,
    ' export const settings = {};',
    ...added,
    '',
  ].join('\n');
}

/** Every private value of the hold-out file, case-insensitively, that occurs in `haystack`. */
function leaksIn(haystack: string): PrivateEntry[] {
  const lower = haystack.toLowerCase();
  return HOLDOUT.private.filter((entry) => lower.includes(entry.value.toLowerCase()));
}

async function redisDump(redis: Redis): Promise<string[]> {
  const dumps: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      const value =
        type === 'string' ? await redis.get(key)
        : type === 'hash' ? JSON.stringify(await redis.hgetall(key))
        : type === 'list' ? JSON.stringify(await redis.lrange(key, 0, -1))
        : type === 'set' ? JSON.stringify(await redis.smembers(key))
        : type === 'zset' ? JSON.stringify(await redis.zrange(key, 0, -1))
        : type === 'stream' ? JSON.stringify(await redis.xrange(key, '-', '+'))
        : '';
      dumps.push(`${key} ${value ?? ''}`);
    }
  } while (cursor !== '0');
  return dumps;
}

/**
 * The check, from outside the project: a hold-out set of personal data and secrets goes in
 * through the public ingress topics (task descriptions, turn feedback and messages, tool arguments,
 * diffs, failure reasons); then MongoDB, Redis and every downstream topic and export are searched
 * for any of it. Look-alikes sent the same way must come out unchanged.
 */
describe('leak hunt: hold-out private data never reaches storage or exports', () => {
  const prefix = uniqueTopicPrefix('e2e-leaks');
  const stack = new ServiceStack(prefix, { ANONYMIZATION_HMAC_KEY: 'e2e-leak-hmac-key-0123456789', LOG_LEVEL: 'warn' });
  const kafka = new TestKafka(prefix);
  const arbiter = new ArbiterDriver(kafka, 'tenant-leak-hunt');
  const mongo = new MongoClient('mongodb://127.0.0.1:27017');
  const redis = new Redis('redis://127.0.0.1:6379');

  beforeAll(async () => {
    await stack.start();
    await kafka.collect(DOWNSTREAM_TOPICS);
    await mongo.connect();
  });

  afterAll(() => tearDownE2e(stack, kafka, mongo, redis));

  it('stores and exports the tasks with no private value anywhere and every look-alike intact', async () => {
    await arbiter.registerAgents([{ agentId: 'agent-leak-one' }, { agentId: 'agent-leak-two' }]);
    await stack.waitConsumed('routing', Topic.AgentRegistered, 2);

    const taskIds: string[] = [];
    for (let index = 0; index < TASKS_WITH_PRIVATE_DATA; index++) {
      const entries = HOLDOUT.private.filter((_, position) => position % TASKS_WITH_PRIVATE_DATA === index);
      const texts = (channel: Channel): string[] => entries.filter((entry) => entry.channel === channel).map((entry) => entry.text);
      const task = await arbiter.submit({ taskId: `task-leak-${index}-${randomUUID().slice(0, 8)}`, description: ['Fix the settings loader.', ...texts('description')].join(' ') });
      taskIds.push(task.taskId);
      const decision = await arbiter.decisionFor(task.taskId);
      const turn: ExecutionTurnV1 = {
        taskId: task.taskId, agentId: decision.selectedAgentId!, turnNumber: 1, startedAt: new Date().toISOString(), latencyMs: 800, tokensUsed: 400, thinkingTokens: 50,
        toolCalls: [{ toolName: 'read_file', success: true, latencyMs: 9, arguments: '{"path":"src/settings.ts"}' },
          ...texts('toolArguments').map((text) => ({ toolName: 'run_command', success: true, latencyMs: 30, arguments: text }))],
        qualityScore: 0.8,
        feedback: texts('feedback').join('\n') || undefined,
        messages: [{ role: 'user' as const, content: 'Please fix the settings loader.' }, ...texts('message').map((content) => ({ role: 'user' as const, content }))],
      };
      await kafka.publish(Topic.ExecutionTurn, turn, { tenantId: arbiter.tenantId });
      const failureReason = texts('failureReason').join('; ');
      await arbiter.execute(task.taskId, decision.selectedAgentId!, {
        success: failureReason === '',
        failureReason: failureReason || undefined,
        artifacts: { diff: unifiedDiff(texts('diff').length ? texts('diff') : ['+export const retries = 3;']), tests: { passed: 4, failed: 0, skipped: 0 }, lint: { errors: 0, warnings: 0 } },
      });
    }
    const lookalikeTask = await arbiter.submit({ taskId: `task-leak-lookalikes-${randomUUID().slice(0, 8)}`, description: HOLDOUT.lookalikes.join('; ') });
    taskIds.push(lookalikeTask.taskId);
    const lookalikeDecision = await arbiter.decisionFor(lookalikeTask.taskId);
    await arbiter.execute(lookalikeTask.taskId, lookalikeDecision.selectedAgentId!);

    // every task comes out of the door: stored, or quarantined with its scrubbed payload
    const datapoints = mongo.db(stack.database).collection<{ _id: string }>('datapoints');
    await expectEventually(async () => {
      const stored = await datapoints.countDocuments({ _id: { $in: taskIds } });
      const quarantined = new Set(kafka.events<{ taskId: string }>(Topic.DatapointQuarantined).map((event) => event.data.taskId));
      return stored + taskIds.filter((id) => quarantined.has(id)).length >= taskIds.length;
    }, { timeoutMs: 120_000, what: 'every task stored or quarantined' });
    const stored = await datapoints.findOne({ _id: lookalikeTask.taskId });
    expect(stored).not.toBeNull();
    const storedDescription = (stored as unknown as { task: { description: string } }).task.description;
    for (const lookalike of HOLDOUT.lookalikes) expect({ lookalike, kept: storedDescription.includes(lookalike) }).toEqual({ lookalike, kept: true });

    const requestIds = TRAINING_PHASES.map((phase) => `req-leaks-${phase}-${randomUUID().slice(0, 8)}`);
    for (const [index, phase] of TRAINING_PHASES.entries()) {
      await kafka.publish(Topic.ExportRequested, {
        requestId: requestIds[index], phase, minCount: 1, minQuality: 0, minTaskTypes: 1, maxAgeDays: 1, includeFailures: true,
      });
    }
    // every request answered: a manifest, and for a ready batch its end marker
    await expectEventually(() => {
      const batch = kafka.events<ExportBatchRecordV1>(Topic.ExportBatch).map((event) => event.data);
      const manifests = batch.filter((record) => record.kind === 'manifest' && requestIds.includes(String(record.manifest?.requestId)));
      const ended = new Set(batch.filter((record) => record.kind === 'end').map((record) => record.batchId));
      return manifests.length >= requestIds.length && manifests.every((record) => record.manifest?.status !== 'ready' || ended.has(record.batchId));
    }, { timeoutMs: 120_000, what: 'an answer to every export request' });
    const exportedRecords = kafka.events<ExportBatchRecordV1>(Topic.ExportBatch).filter((event) => event.data.kind === 'record');
    expect(exportedRecords.length).toBeGreaterThan(0);

    const findings: Array<{ where: string; type: string; value: string }> = [];
    const search = (where: string, text: string): void => {
      for (const entry of leaksIn(text)) findings.push({ where, type: entry.type, value: entry.value });
    };
    const database = mongo.db(stack.database);
    for (const { name } of await database.listCollections().toArray()) {
      for (const document of await database.collection(name).find({}).toArray()) search(`mongodb ${name}`, JSON.stringify(document));
    }
    for (const dump of await redisDump(redis)) search(`redis ${dump.slice(0, dump.indexOf(' '))}`, dump);
    for (const topic of DOWNSTREAM_TOPICS) {
      for (const record of kafka.records(topic)) search(`kafka ${topic}`, record.value?.toString() ?? '');
    }
    expect(findings).toEqual([]);
  });
});
