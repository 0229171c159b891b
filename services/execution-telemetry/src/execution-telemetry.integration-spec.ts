import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  BenchmarkDataPoint, DecisionMadeV1, decisionMadeExample, deadLetterTopicOf, evaluationCompletedExample, ExecutionCompletedV1,
  ExecutionRecordedV1, ExecutionTurnV1, TaskSubmittedV1, Topic,
} from '@benchpool/contracts';
import { RunningService, startService } from '@benchpool/service-kit';
import { deleteKeysWithPrefix, expectEventually, freePort, TestKafka, uniqueTopicPrefix } from '@benchpool/testing';
import { executionTelemetryBootstrap } from './execution-telemetry.bootstrap';

/** The seeds' POC record (text-transform-001: 2100 + 1980 ms, 187 + 201 tokens, quality 0.65 → 0.95), as arbiter events. */
function seedTask(taskId: string): {
  task: TaskSubmittedV1; decision: DecisionMadeV1; turns: ExecutionTurnV1[]; completion: ExecutionCompletedV1;
} {
  const agentId = 'gemma3n:e2b';
  return {
    task: {
      taskId, type: 'text-transformation', complexity: 'standard', requirements: ['tone'], riskTier: 3,
      budget: { maxFiles: 1, maxLoc: 20 }, description: 'Rewrite the announcement without banned phrases',
    },
    decision: {
      ...decisionMadeExample, decisionId: `dec-${taskId}`, taskId, taskType: 'text-transformation', selectedAgentId: agentId,
      candidates: [{ ...decisionMadeExample.candidates[0], agentId }],
    },
    turns: [
      {
        taskId, agentId, turnNumber: 1, startedAt: '2025-10-10T14:32:15.234Z', latencyMs: 2100, tokensUsed: 187, thinkingTokens: 0,
        toolCalls: [], qualityScore: 0.65, feedback: "Remove banned phrases: 'hey team'",
      },
      {
        taskId, agentId, turnNumber: 2, startedAt: '2025-10-10T14:32:17.334Z', latencyMs: 1980, tokensUsed: 201, thinkingTokens: 0,
        toolCalls: [], qualityScore: 0.95,
      },
    ],
    completion: {
      taskId, agentId, success: true, partialSuccess: false, startedAt: '2025-10-10T14:32:15.234Z', latencyMs: 4080, tokensUsed: 388,
      thinkingTokens: 0, outputTokens: 120, artifacts: { tests: { passed: 3, failed: 0, skipped: 0 } },
    },
  };
}

function evaluationFor(taskId: string): typeof evaluationCompletedExample {
  return { taskId, evaluation: { ...evaluationCompletedExample.evaluation, agentId: 'gemma3n:e2b' } };
}

describe('execution-telemetry against the real local Kafka and Redis', () => {
  const prefix = uniqueTopicPrefix('telemetry');
  const keyPrefix = `test-telemetry-${randomUUID().slice(0, 8)}:`;
  const kafka = new TestKafka(prefix);
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  let service: RunningService;

  const points = (taskId: string): Array<BenchmarkDataPoint & { eventId: string }> =>
    kafka.events<BenchmarkDataPoint>(Topic.DatapointCollected).filter((event) => event.data.id === taskId).map((event) => ({ ...event.data, eventId: event.id }));

  async function metric(name: string, labels: string): Promise<number> {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{`) && candidate.includes(labels));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  beforeAll(async () => {
    const port = await freePort();
    service = await startService(executionTelemetryBootstrap({
      KAFKA_TOPIC_PREFIX: prefix, PORT: String(port), KAFKA_PARTITIONS: '3', LOG_LEVEL: 'error',
      JOIN_KEY_PREFIX: keyPrefix, JOIN_TIMEOUT_SECONDS: '3', JOIN_STATE_TTL_SECONDS: '60', JOIN_SWEEP_INTERVAL_MS: '200',
      // long enough that a completion handled before its task always waits for it here
      JOIN_RECORD_WAIT_MS: '20000',
    }));
    await kafka.collect([Topic.DatapointCollected, Topic.ExecutionRecorded, deadLetterTopicOf(Topic.EvaluationCompleted)]);
  });

  afterAll(async () => {
    await service?.app.close();
    await kafka.close();
    // best effort: this run's topics are of no use to anyone afterwards
    const admin = kafka.kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
    await deleteKeysWithPrefix(redis, keyPrefix);
    await redis.quit();
  });

  it('turns the seeds\' record into one data point whose metrics match a hand computation, whatever the turn order', async () => {
    const clean = seedTask('seed-clean');
    const messy = seedTask('seed-messy');
    await kafka.publish(Topic.TaskSubmitted, clean.task, { tenantId: 'tenant-seed' });
    await kafka.publish(Topic.DecisionMade, clean.decision, { tenantId: 'tenant-seed' });
    for (const turn of clean.turns) await kafka.publish(Topic.ExecutionTurn, turn, { tenantId: 'tenant-seed' });
    await kafka.publish(Topic.ExecutionCompleted, clean.completion, { tenantId: 'tenant-seed' });

    // the messy twin: turns reversed and duplicated, the completion before the decision and the task
    // (execution.recorded then waits for the task, so it is graded with the task's risk tier and budget)
    const [first, second] = messy.turns;
    for (const turn of [second, first, second, first]) await kafka.publish(Topic.ExecutionTurn, turn, { tenantId: 'tenant-seed' });
    await kafka.publish(Topic.ExecutionCompleted, messy.completion, { tenantId: 'tenant-seed' });
    await kafka.publish(Topic.DecisionMade, messy.decision, { tenantId: 'tenant-seed' });
    await kafka.publish(Topic.TaskSubmitted, messy.task, { tenantId: 'tenant-seed' });

    // caws-evaluation answers the execution.recorded it gets
    const recorded = await expectEventually(
      () => kafka.events<ExecutionRecordedV1>(Topic.ExecutionRecorded).find((event) => event.data.taskId === 'seed-clean'),
      { what: 'execution.recorded for seed-clean' },
    );
    expect(recorded.id).toBe('recorded-seed-clean');
    expect(recorded.data.task).toMatchObject({ type: 'text-transformation', riskTier: 3, budget: { maxFiles: 1, maxLoc: 20 } });
    expect(recorded.data.execution.tokensUsed).toBe(388);
    const messyRecorded = await expectEventually(
      () => kafka.events<ExecutionRecordedV1>(Topic.ExecutionRecorded).find((event) => event.data.taskId === 'seed-messy'),
      { what: 'execution.recorded for seed-messy' },
    );
    expect(messyRecorded.data.task).toMatchObject({ riskTier: 3, budget: { maxFiles: 1, maxLoc: 20 } });
    await kafka.publish(Topic.EvaluationCompleted, evaluationFor('seed-clean'), { tenantId: 'tenant-seed' });
    await kafka.publish(Topic.EvaluationCompleted, evaluationFor('seed-messy'), { tenantId: 'tenant-seed' });

    await expectEventually(() => points('seed-clean').length === 1 && points('seed-messy').length === 1, { what: 'both points collected' });
    const [point] = points('seed-clean');
    expect(point.eventId).toBe('collected-seed-clean');
    expect(point).toMatchObject({ id: 'seed-clean', tenantId: 'tenant-seed', status: 'complete', missing: [], cawsCompliant: true });
    expect(point.task).toMatchObject({ type: 'text-transformation', complexity: 'standard', riskTier: 3 });
    const execution = point.execution!;
    expect(execution.latencyMs).toBe(2100 + 1980);
    expect(execution.tokensUsed).toBe(187 + 201);
    expect(execution.outputTokens).toBe(120);
    expect(execution.startedAt).toBe('2025-10-10T14:32:15.234Z');
    expect(execution.completedAt).toBe('2025-10-10T14:32:19.314Z');
    expect(execution.tokenEfficiency).toBe(2.4485); // 0.95 × 1000 / 388
    expect(execution.toolCallCount).toBe(0);
    expect(execution.toolCallSuccessRate).toBe(1);
    expect(execution.timeToFirstAction).toBe(4080);
    expect(execution.turns.map((turn) => [turn.turnNumber, turn.latencyMs, turn.tokensUsed, turn.qualityScore])).toEqual([
      [1, 2100, 187, 0.65], [2, 1980, 201, 0.95],
    ]);
    // reward = overall 0.95 × multiplier 0.95
    expect(point.rlLabels).toMatchObject({ reward: 0.9025, isPositiveExample: true, difficulty: 0.5, turnRewards: [0.82, 0.43] });
    expect(point.provenance.sources.decisionEventId).toBeDefined();

    const withoutIdentity = (candidate: BenchmarkDataPoint): unknown =>
      JSON.parse(JSON.stringify({ ...candidate, id: null, timestamp: null, provenance: null, eventId: null, task: null, routing: null }));
    expect(withoutIdentity(points('seed-messy')[0])).toEqual(withoutIdentity(point));
  });

  it('never emits a point twice when every event is delivered again', async () => {
    const task = seedTask('redelivered');
    const publishAll = async (): Promise<void> => {
      await kafka.publish(Topic.TaskSubmitted, task.task);
      await kafka.publish(Topic.DecisionMade, task.decision);
      for (const turn of task.turns) await kafka.publish(Topic.ExecutionTurn, turn);
      await kafka.publish(Topic.ExecutionCompleted, task.completion);
      await kafka.publish(Topic.EvaluationCompleted, evaluationFor('redelivered'));
    };
    await publishAll();
    await expectEventually(() => points('redelivered').length === 1, { what: 'the point collected' });
    const lateBefore = await metric('benchpool_telemetry_late_turns_total', 'stage="after-emitted"');
    const afterBefore = await metric('benchpool_telemetry_parts_after_emission_total', 'part="evaluation"');
    await publishAll();
    // every redelivered event was consumed and recognised (2 turns, 1 evaluation among them)
    await expectEventually(
      async () => (await metric('benchpool_telemetry_late_turns_total', 'stage="after-emitted"')) >= lateBefore + 2
        && (await metric('benchpool_telemetry_parts_after_emission_total', 'part="evaluation"')) >= afterBefore + 1,
      { what: 'redelivered events recognised' },
    );
    expect(points('redelivered')).toHaveLength(1);
    expect(kafka.events<ExecutionRecordedV1>(Topic.ExecutionRecorded).filter((event) => event.data.taskId === 'redelivered')).toHaveLength(1);
  });

  it('emits a task whose completion never comes, flagged incomplete, after the join timeout', async () => {
    const task = seedTask('no-completion');
    // the clock starts before the first publish: the join's timer cannot start earlier than that
    const started = Date.now();
    await kafka.publish(Topic.TaskSubmitted, task.task);
    await kafka.publish(Topic.DecisionMade, task.decision);
    await kafka.publish(Topic.ExecutionTurn, task.turns[0]);
    const [point] = await expectEventually(() => (points('no-completion').length ? points('no-completion') : undefined), {
      timeoutMs: 30_000, what: 'incomplete point after the timeout',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
    expect(point).toMatchObject({ id: 'no-completion', status: 'incomplete', missing: ['execution', 'evaluation'], execution: null, rlLabels: null });
    expect(point.routing?.decisionId).toBe('dec-no-completion');
    expect(await metric('benchpool_telemetry_join_timeouts_total', '')).toBeGreaterThanOrEqual(1);
  });

  it('dead-letters an event whose task id cannot be a join key and goes on', async () => {
    await kafka.publish(Topic.EvaluationCompleted, evaluationFor('bad{key}'), { key: 'bad-key' });
    const dlq = deadLetterTopicOf(Topic.EvaluationCompleted);
    await expectEventually(() => kafka.records(dlq).some((record) => record.key === 'bad-key'), { what: 'bad key dead-lettered' });
    expect(kafka.records(dlq).find((record) => record.key === 'bad-key')?.headers['dlq-reason-class']).toBe('permanent');
  });
});
