import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Counter, Registry } from 'prom-client';
import {
  BenchmarkDataPoint, decisionMadeExample, evaluationCompletedExample, executionCompletedExample, executionTurnExample,
  taskSubmittedExample,
} from '@benchpool/contracts';
import { TelemetryMetrics } from '../telemetry.metrics';
import type { ExecutionRecordedPayload } from './datapoint.assembler';
import { JoinStateRepository } from './join-state.repository';
import { IncomingPart, JoinPublisher, PublishTarget, TelemetryJoinEngine } from './telemetry-join.engine';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function valueOf(metric: Counter<string>, labels: Record<string, string> = {}): Promise<number> {
  const { values } = await metric.get();
  const match = values.find((value) => Object.entries(labels).every(([name, label]) => value.labels[name] === label));
  return match?.value ?? 0;
}

class MemoryPublisher implements JoinPublisher {
  readonly recorded: Array<{ payload: ExecutionRecordedPayload; target: PublishTarget }> = [];
  readonly collected: Array<{ point: BenchmarkDataPoint; target: PublishTarget }> = [];
  readonly attempted: string[] = [];
  failCollected = false;

  async publishRecorded(payload: ExecutionRecordedPayload, target: PublishTarget): Promise<void> {
    this.recorded.push({ payload: JSON.parse(JSON.stringify(payload)), target });
  }

  async publishCollected(point: BenchmarkDataPoint, target: PublishTarget): Promise<void> {
    this.attempted.push(JSON.stringify(point));
    if (this.failCollected) throw new Error('broker unavailable');
    this.collected.push({ point: JSON.parse(JSON.stringify(point)), target });
  }
}

function partsOf(taskId: string, tenantId = 'tenant-acme'): Record<string, IncomingPart> {
  const second = { ...executionTurnExample, taskId, turnNumber: 2, startedAt: '2026-11-21T10:00:03.100Z', latencyMs: 1980, tokensUsed: 201, toolCalls: [], qualityScore: 0.95 };
  return {
    task: { taskId, part: 'task', data: { ...taskSubmittedExample, taskId }, eventId: `task-${taskId}`, tenantId },
    decision: { taskId, part: 'decision', data: { ...decisionMadeExample, taskId }, eventId: `decision-${taskId}`, tenantId },
    turn1: { taskId, part: { turn: 1 }, data: { ...executionTurnExample, taskId }, eventId: `turn1-${taskId}`, tenantId },
    turn2: { taskId, part: { turn: 2 }, data: second, eventId: `turn2-${taskId}`, tenantId },
    completion: { taskId, part: 'completion', data: { ...executionCompletedExample, taskId }, eventId: `completion-${taskId}`, tenantId },
    evaluation: { taskId, part: 'evaluation', data: evaluationCompletedExample.evaluation, eventId: `evaluation-${taskId}`, tenantId },
  };
}

describe('TelemetryJoinEngine against the real local Redis', () => {
  const runPrefix = `test-join-${randomUUID().slice(0, 8)}`;
  let keyPrefix = `${runPrefix}:`;
  const redis = new Redis(REDIS_URL);
  const otherReplica = new Redis(REDIS_URL);
  let now = Date.parse('2026-11-21T10:00:00.000Z');
  const clock = (): number => now;
  const options = { joinTimeoutMs: 5_000, stateTtlSeconds: 60, emittedTtlSeconds: 120, emitLeaseMs: 2_000, recordWaitMs: 1_000 };
  let metrics: TelemetryMetrics;
  let testNumber = 0;

  function engineWith(publisher: JoinPublisher, client: Redis = redis): TelemetryJoinEngine {
    return new TelemetryJoinEngine(new JoinStateRepository(client, { ...options, keyPrefix }), publisher, metrics, clock);
  }

  beforeEach(() => {
    // each test its own keys (and deadlines set), so one test's sweeps never see another's joins
    keyPrefix = `${runPrefix}:${++testNumber}:`;
    metrics = new TelemetryMetrics(new Registry());
  });

  afterAll(async () => {
    const keys = await redis.keys(`${runPrefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await otherReplica.quit();
  });

  it('publishes execution.recorded at the completion and one complete point when the last part arrives', async () => {
    const publisher = new MemoryPublisher();
    const engine = engineWith(publisher);
    const parts = partsOf('clean-1');
    await engine.ingest([parts.task, parts.decision, parts.turn1, parts.turn2]);
    await engine.ingest([parts.completion]);
    expect(publisher.recorded).toHaveLength(1);
    expect(publisher.recorded[0].target).toEqual({ tenantId: 'tenant-acme', id: 'recorded-clean-1', correlationId: 'clean-1' });
    expect(publisher.recorded[0].payload.task?.riskTier).toBe(2);
    expect(publisher.recorded[0].payload.execution.turns).toHaveLength(2);
    expect(publisher.collected).toHaveLength(0);
    await engine.ingest([parts.evaluation]);
    expect(publisher.collected).toHaveLength(1);
    const [{ point, target }] = publisher.collected;
    expect(target.id).toBe('collected-clean-1');
    expect(point).toMatchObject({ id: 'clean-1', status: 'complete', tenantId: 'tenant-acme', missing: [] });
    expect(point.provenance.sources).toEqual({ decisionEventId: 'decision-clean-1', executionEventId: 'completion-clean-1', evaluationEventId: 'evaluation-clean-1' });
    expect(await redis.exists(`${keyPrefix}{clean-1}`)).toBe(0);
    expect(await redis.get(`${keyPrefix}{clean-1}:emitted`)).toMatch(/^emitted\|\d+$/);
    expect(await redis.zscore(`${keyPrefix}deadlines`, 'clean-1')).toBeNull();
  });

  it('sends the hash back without the part just written when Redis holds exactly its value, with it after a conflict', async () => {
    const repository = new JoinStateRepository(redis, { ...options, keyPrefix });
    const write = (value: string, taskId = 'reply-1') => ({ taskId, part: 'completion' as const, value, eventId: 'c-1', tenantId: 'tenant-acme' });
    // no task yet: execution.recorded is not due, so nothing comes back
    const [early] = await repository.storeParts([write('{"c":1}', 'reply-0')], now);
    expect(early.outcome).toBe('stored');
    expect(early.hash).toBeUndefined();
    await repository.storeParts([
      { taskId: 'reply-1', part: 'decision', value: '{"d":1}', eventId: 'd-1', tenantId: 'tenant-acme' },
      { taskId: 'reply-1', part: 'task', value: '{"t":1}', eventId: 't-1', tenantId: 'tenant-acme' },
    ], now);
    const [stored, duplicate, conflict] = await repository.storeParts([write('{"c":1}'), write('{"c":1}'), write('{"c":2}')], now);
    expect(stored.outcome).toBe('stored');
    expect(stored.hash).toMatchObject({ decision: '{"d":1}', task: '{"t":1}', 'completion:event': 'c-1', tenant: 'tenant-acme' });
    expect(stored.hash).not.toHaveProperty('completion');
    expect(duplicate.outcome).toBe('duplicate');
    expect(duplicate.hash).not.toHaveProperty('completion');
    expect(conflict.outcome).toBe('conflict');
    expect(conflict.hash).toMatchObject({ completion: '{"c":1}', decision: '{"d":1}' });
  });

  it('reports each write\'s outcome, state, recorded flag and claim time, and confirms recordings and points in one call', async () => {
    const repository = new JoinStateRepository(redis, { ...options, keyPrefix });
    const write = (part: 'task' | 'decision' | 'completion' | 'evaluation', taskId: string) => ({ taskId, part, value: `{"${part}":1}`, eventId: `${part}-1`, tenantId: 'tenant-acme' });
    const [task, completion] = await repository.storeParts([write('task', 'status-1'), write('completion', 'status-1')], now);
    expect(task).toMatchObject({ outcome: 'stored', state: 'open', recorded: false });
    expect(task.claimedAtMs).toBeUndefined();
    expect(completion.hash).toMatchObject({ task: '{"task":1}', 'completion:event': 'completion-1' });
    // execution.recorded of status-1 published: later writes see the join recorded
    expect(await repository.confirm(['status-1'], [], now)).toBe(0);
    const [decision, claim, late] = await repository.storeParts(
      [write('decision', 'status-1'), write('evaluation', 'status-1'), write('evaluation', 'status-1')], now + 1,
    );
    expect(decision).toMatchObject({ outcome: 'stored', state: 'open', recorded: true });
    expect(claim).toMatchObject({ outcome: 'stored', state: 'claimed', recorded: true, claimedAtMs: now + 1 });
    expect(claim.hash).toMatchObject({ decision: '{"decision":1}', completion: '{"completion":1}', 'evaluation:event': 'evaluation-1' });
    expect(late).toMatchObject({ outcome: 'frozen', state: 'emitting', recorded: false });
    // a recording of another task and the point of this one confirmed together
    await repository.storeParts([write('completion', 'status-2'), write('task', 'status-2')], now);
    expect(await repository.confirm(['status-2'], [{ taskId: 'status-1', claimedAtMs: now + 1 }], now + 2)).toBe(1);
    expect(await redis.hget(`${keyPrefix}{status-2}`, 'recorded')).toBe(String(now + 2));
    expect(await redis.zscore(`${keyPrefix}record-due`, 'status-2')).toBeNull();
    const [afterEmission] = await repository.storeParts([write('task', 'status-1')], now + 3);
    expect(afterEmission).toMatchObject({ outcome: 'frozen', state: 'emitted' });
  });

  it('gives the same point for shuffled, duplicated delivery in batches, and never emits twice on redelivery', async () => {
    const cleanPublisher = new MemoryPublisher();
    const clean = partsOf('order-clean');
    await engineWith(cleanPublisher).ingest([clean.task, clean.decision, clean.turn1, clean.turn2, clean.completion, clean.evaluation]);

    const publisher = new MemoryPublisher();
    const engine = engineWith(publisher);
    // same task id under another prefix would collide: use a second task with identical content
    const shuffled = Object.values(partsOf('order-messy'));
    await engine.ingest([shuffled[3], shuffled[3], shuffled[5]]); // turn2 twice, evaluation
    await engine.ingest([shuffled[2], shuffled[1]]); // turn1, decision
    await engine.ingest([shuffled[0], shuffled[0], shuffled[2]]); // task twice, turn1 again
    expect(publisher.collected).toHaveLength(0);
    await engine.ingest([shuffled[4], shuffled[4]]); // completion twice in one batch
    expect(publisher.collected).toHaveLength(1);
    expect(publisher.recorded).toHaveLength(1);
    await engine.ingest(shuffled); // redelivery of everything
    expect(publisher.collected).toHaveLength(1);
    expect(await valueOf(metrics.duplicateParts, { part: 'turn' })).toBe(2);
    expect(await valueOf(metrics.lateTurns, { stage: 'after-emitted' })).toBe(2);

    const normalise = (point: BenchmarkDataPoint): unknown => ({
      ...JSON.parse(JSON.stringify(point).replaceAll('order-messy', 'order-clean')),
      timestamp: null, provenance: { ...point.provenance, collectedAt: null, sources: null },
    });
    expect(normalise(publisher.collected[0].point)).toEqual(normalise(cleanPublisher.collected[0].point));
  });

  it('keeps the first version of a conflicting turn and counts the conflict', async () => {
    const publisher = new MemoryPublisher();
    const engine = engineWith(publisher);
    const parts = partsOf('conflict-1');
    await engine.ingest([parts.turn1]);
    await engine.ingest([{ ...parts.turn1, data: { ...(parts.turn1.data as object), tokensUsed: 999 }, eventId: 'other' }]);
    await engine.ingest([parts.decision, parts.completion, parts.evaluation]);
    expect(await valueOf(metrics.conflictingParts, { part: 'turn' })).toBe(1);
    expect(publisher.collected[0].point.execution?.turns[0].tokensUsed).toBe(executionTurnExample.tokensUsed);
  });

  it('counts a turn that arrives after execution.recorded and still puts it in the point', async () => {
    const publisher = new MemoryPublisher();
    const engine = engineWith(publisher);
    const parts = partsOf('late-turn');
    await engine.ingest([parts.task, parts.decision, parts.turn1, parts.completion]);
    expect(publisher.recorded[0].payload.execution.turns).toHaveLength(1);
    await engine.ingest([parts.turn2]);
    expect(await valueOf(metrics.lateTurns, { stage: 'after-recorded' })).toBe(1);
    await engine.ingest([parts.evaluation]);
    expect(publisher.recorded).toHaveLength(1);
    expect(publisher.collected[0].point.execution?.turns.map((turn) => turn.turnNumber)).toEqual([1, 2]);
  });

  it('lets exactly one of two replicas claim a task whose parts race in', async () => {
    for (let round = 0; round < 20; round++) {
      const publisherA = new MemoryPublisher();
      const publisherB = new MemoryPublisher();
      const engineA = engineWith(publisherA, redis);
      const engineB = engineWith(publisherB, otherReplica);
      const parts = partsOf(`race-${round}`);
      await engineA.ingest([parts.task, parts.decision]);
      await Promise.all([engineA.ingest([parts.completion, parts.evaluation]), engineB.ingest([parts.evaluation, parts.completion])]);
      expect(publisherA.collected.length + publisherB.collected.length).toBe(1);
      expect(publisherA.recorded.length + publisherB.recorded.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('waits for the task when the completion comes first, and records once it arrives, with its risk tier', async () => {
    const publisher = new MemoryPublisher();
    const engine = engineWith(publisher);
    const parts = partsOf('task-late');
    await engine.ingest([parts.decision, parts.turn1, parts.completion]);
    expect(publisher.recorded).toHaveLength(0);
    expect(await redis.zscore(`${keyPrefix}record-due`, 'task-late')).toBe(String(now + options.recordWaitMs));
    await engine.ingest([parts.task]);
    expect(publisher.recorded).toHaveLength(1);
    expect(publisher.recorded[0].payload.task).toMatchObject({ riskTier: 2, type: taskSubmittedExample.type });
    expect(publisher.recorded[0].target.id).toBe('recorded-task-late');
    expect(await redis.zscore(`${keyPrefix}record-due`, 'task-late')).toBeNull();
    // redelivered task and completion: recorded already, nothing again; the sweeper has nothing to record
    await engine.ingest([parts.task, parts.completion]);
    now += options.recordWaitMs + 1;
    expect((await engine.sweep(100)).recordedWithoutTask).toBe(0);
    expect(publisher.recorded).toHaveLength(1);
    expect(await valueOf(metrics.recordedWithoutTask)).toBe(0);
  });

  it('records once when the task arrives while a sweeper is publishing the recording without it', async () => {
    const parts = partsOf('task-during-sweep');
    const late = new MemoryPublisher();
    const engine = engineWith(late);
    // the sweeper's publisher lets the task in between its claim and its confirmation
    const sweeping = new (class extends MemoryPublisher {
      override async publishRecorded(payload: ExecutionRecordedPayload, target: PublishTarget): Promise<void> {
        await engine.ingest([parts.task]);
        await super.publishRecorded(payload, target);
      }
    })();
    await engine.ingest([parts.decision, parts.completion]);
    now += options.recordWaitMs + 1;
    expect((await engineWith(sweeping, otherReplica).sweep(100)).recordedWithoutTask).toBe(1);
    expect(sweeping.recorded).toHaveLength(1);
    expect(late.recorded).toHaveLength(0);
  });

  it('lets no sweeper record while the writer that stored the late task is publishing the recording', async () => {
    const parts = partsOf('sweep-during-record');
    let sweptMeanwhile = -1;
    const sweeper = engineWith(new MemoryPublisher(), otherReplica);
    // the writer's publisher runs a sweep past the record wait between the store and the confirmation
    const writer = new (class extends MemoryPublisher {
      override async publishRecorded(payload: ExecutionRecordedPayload, target: PublishTarget): Promise<void> {
        now += options.recordWaitMs + 1;
        sweptMeanwhile = (await sweeper.sweep(100)).recordedWithoutTask;
        await super.publishRecorded(payload, target);
      }
    })();
    const engine = engineWith(writer);
    await engine.ingest([parts.decision, parts.completion]);
    await engine.ingest([parts.task]);
    expect(sweptMeanwhile).toBe(0);
    expect(writer.recorded).toHaveLength(1);
    expect(writer.recorded[0].payload.task?.riskTier).toBe(2);
    // and once confirmed, the entry is gone for good
    now += options.emitLeaseMs + 1;
    expect((await sweeper.sweep(100)).recordedWithoutTask).toBe(0);
  });

  it('records a completion whose task never comes after the record wait, by one sweeper only', async () => {
    const publisherA = new MemoryPublisher();
    const publisherB = new MemoryPublisher();
    const engineA = engineWith(publisherA, redis);
    const engineB = engineWith(publisherB, otherReplica);
    const parts = partsOf('task-lost');
    await engineA.ingest([parts.decision, parts.completion]);
    now += options.recordWaitMs - 1;
    expect((await engineA.sweep(100)).recordedWithoutTask).toBe(0);
    now += 2;
    const [a, b] = await Promise.all([engineA.sweep(100), engineB.sweep(100)]);
    expect(a.recordedWithoutTask + b.recordedWithoutTask).toBe(1);
    const [{ payload }] = [...publisherA.recorded, ...publisherB.recorded];
    // the decision's task type and complexity; no risk tier or budget to grade against
    expect(payload.task).toMatchObject({ type: decisionMadeExample.taskType, complexity: decisionMadeExample.complexity });
    expect(payload.task?.riskTier).toBeUndefined();
    expect(await valueOf(metrics.recordedWithoutTask)).toBe(1);
    expect(await redis.zscore(`${keyPrefix}record-due`, 'task-lost')).toBeNull();
    // a task arriving after that does not record a second time; the evaluation still completes the point
    await engineA.ingest([parts.task, parts.evaluation]);
    expect(publisherA.recorded.length + publisherB.recorded.length).toBe(1);
    expect(publisherA.collected).toHaveLength(1);
    expect(publisherA.collected[0].point.task.riskTier).toBe(2);
  });

  it('emits an incomplete point after the join timeout, claimed by one sweeper only', async () => {
    const publisherA = new MemoryPublisher();
    const publisherB = new MemoryPublisher();
    const engineA = engineWith(publisherA, redis);
    const engineB = engineWith(publisherB, otherReplica);
    const parts = partsOf('timeout-1');
    await engineA.ingest([parts.task, parts.decision, parts.turn1]);
    now += 4_000;
    expect((await engineA.sweep(100)).emitted).toBe(0);
    await engineA.ingest([parts.turn2]); // progress moves the deadline
    now += 4_000;
    expect((await engineA.sweep(100)).emitted).toBe(0);
    now += 1_001;
    const [a, b] = await Promise.all([engineA.sweep(100), engineB.sweep(100)]);
    expect(a.emitted + b.emitted).toBe(1);
    const [{ point }] = [...publisherA.collected, ...publisherB.collected];
    expect(point).toMatchObject({ id: 'timeout-1', status: 'incomplete', missing: ['execution', 'evaluation'], rlLabels: null });
    expect(point.task.riskTier).toBe(2);
    expect(await valueOf(metrics.joinTimeouts)).toBe(1);
    // a completion that finally comes is not joined any more
    await engineA.ingest([parts.completion]);
    expect(publisherA.recorded).toHaveLength(0);
    expect(await valueOf(metrics.partsAfterEmission, { part: 'completion' })).toBe(1);
  });

  it('re-publishes an unconfirmed claim after its lease with identical content and event id', async () => {
    const failing = new MemoryPublisher();
    failing.failCollected = true;
    const parts = partsOf('crash-1');
    await engineWith(failing).ingest([parts.decision, parts.completion]);
    await expect(engineWith(failing).ingest([parts.evaluation])).rejects.toThrow('broker unavailable');
    expect(await redis.get(`${keyPrefix}{crash-1}:emitted`)).toMatch(/^emitting\|/);

    const recovered = new MemoryPublisher();
    const engine = engineWith(recovered);
    await engine.ingest([parts.evaluation]); // redelivery while the claim is held: nothing yet
    expect(recovered.collected).toHaveLength(0);
    expect((await engine.sweep(100)).emitted).toBe(0); // lease not over
    now += 2_001;
    expect((await engine.sweep(100)).recovered).toBe(1);
    expect(recovered.collected).toHaveLength(1);
    expect(recovered.collected[0].target.id).toBe('collected-crash-1');
    expect(recovered.collected[0].point.status).toBe('complete');

    // the re-published point is byte-identical to the one whose publication failed
    expect(recovered.attempted).toEqual(failing.attempted);
    expect(await redis.get(`${keyPrefix}{crash-1}:emitted`)).toMatch(/^emitted\|/);
    expect(await redis.exists(`${keyPrefix}{crash-1}`)).toBe(0);
  });
});
