import { Redis } from 'ioredis';
import { EvaluationCompletedV1, executionRecordedExample, Topic } from '@benchpool/contracts';
import { loadConfig, RunningService, startService } from '@benchpool/service-kit';
import { deleteKeysWithPrefix, expectEventually, freePort, TestKafka, uniqueTopicPrefix } from '@benchpool/testing';
import { CawsEvaluationModule } from './app.module';
import { CawsEvaluationConfig } from './caws-evaluation.config';

describe('caws-evaluation service (real Kafka + Redis)', () => {
  const prefix = uniqueTopicPrefix('caws');
  const keyPrefix = `test:${prefix}`;
  const kafka = new TestKafka(prefix);
  const redis = new Redis('redis://127.0.0.1:6379');
  let service: RunningService;

  beforeAll(async () => {
    const port = await freePort();
    service = await startService({
      definition: { name: 'caws-evaluation', needsMongo: false, needsRedis: true },
      loadConfig: () => loadConfig(CawsEvaluationConfig, { KAFKA_TOPIC_PREFIX: prefix, PORT: String(port), CAWS_KEY_PREFIX: keyPrefix, LOG_LEVEL: 'warn', KAFKA_PARTITIONS: '3' }),
      appModule: (runtime) => CawsEvaluationModule.forRuntime(runtime),
      producedTopics: [Topic.EvaluationCompleted],
    });
    await kafka.collect([Topic.EvaluationCompleted]);
  });

  afterAll(async () => {
    await service?.app.close();
    await kafka.close();
    await deleteKeysWithPrefix(redis, keyPrefix);
    redis.disconnect();
  });

  it('grades a recorded execution once, and a redelivery republishes the identical evaluation', async () => {
    const recorded = { ...executionRecordedExample, taskId: 'caws-task-1' };
    await kafka.publish(Topic.ExecutionRecorded, recorded, { id: 'rec-1' });
    await expectEventually(() => kafka.events(Topic.EvaluationCompleted).length === 1, { what: 'first evaluation' });
    await kafka.publish(Topic.ExecutionRecorded, recorded, { id: 'rec-1' });
    await expectEventually(() => kafka.events(Topic.EvaluationCompleted).length === 2, { what: 'replayed evaluation' });

    const [first, second] = kafka.events<EvaluationCompletedV1>(Topic.EvaluationCompleted);
    expect(second.data).toEqual(first.data);
    expect(first.id).toBe('evaluated-caws-task-1');
    const evaluation = first.data.evaluation;
    expect(evaluation.evaluatorVersion).toMatch(/caws-core/);
    expect(evaluation.qualityGates.find((gate) => gate.name.includes('test'))?.passed).toBe(true);
    expect(evaluation.overallScore).toBeGreaterThan(0);
    expect(evaluation.overallScore).toBeLessThanOrEqual(1);
    // the baseline moved once, not twice
    expect(await redis.hget(`${keyPrefix}baseline:code-editing`, 'count')).toBe('1');
  });

  it('judges what it can when artifacts are missing, and says what it could not', async () => {
    const recorded = {
      ...executionRecordedExample,
      taskId: 'caws-task-2',
      execution: { ...executionRecordedExample.execution, artifacts: {} },
    };
    await kafka.publish(Topic.ExecutionRecorded, recorded);
    const event = await expectEventually(
      () => kafka.events<EvaluationCompletedV1>(Topic.EvaluationCompleted).find((item) => item.data.taskId === 'caws-task-2'),
      { what: 'partial evaluation' },
    );
    expect(event.data.evaluation.notJudged.length).toBeGreaterThan(0);
    expect(event.data.evaluation.cawsCompliant).toBe(false);
  });
});
