import { Inject, Injectable } from '@nestjs/common';
import { Counter, register } from 'prom-client';
import {
  createEvaluationConfig, DEFAULT_EVALUATION_CONFIG, evaluate, EvaluationConfig, EvaluationMetrics,
} from '@benchpool/caws-core';
import type { ExecutionRecordedV1 } from '@benchpool/contracts';
import { SERVICE_CONFIG } from '@benchpool/service-kit';
import type { CawsEvaluationConfig } from './caws-evaluation.config';
import { EvaluationRepository } from './evaluation.repository';

const evaluations = new Counter({
  name: 'benchpool_caws_evaluations_total',
  help: 'Evaluations, by outcome (compliant, non-compliant, partial = something could not be judged, replayed = redelivery)',
  labelNames: ['outcome'],
  registers: [register],
});

/**
 * Grades one recorded execution. The result is a pure function of the execution, the config and
 * the task type's baseline at the time; it is stored once per task, and a redelivery gets the
 * stored result back, so the published evaluation never changes.
 */
@Injectable()
export class EvaluateExecutionUseCase {
  private readonly evaluationConfig: EvaluationConfig;

  constructor(
    @Inject(EvaluationRepository) private readonly repository: EvaluationRepository,
    @Inject(SERVICE_CONFIG) config: CawsEvaluationConfig,
  ) {
    this.evaluationConfig = config.CAWS_CONFIG ? createEvaluationConfig(JSON.parse(config.CAWS_CONFIG)) : DEFAULT_EVALUATION_CONFIG;
  }

  async execute(recorded: ExecutionRecordedV1, evaluatedAt: string): Promise<EvaluationMetrics> {
    const previous = await this.repository.findResult(recorded.taskId);
    if (previous) {
      evaluations.inc({ outcome: 'replayed' });
      return previous;
    }
    const task = recorded.task ?? { type: 'unknown', complexity: 'standard' as const };
    const baseline = await this.repository.baseline(task.type);
    const result = evaluate(
      { task: { ...task, taskId: recorded.taskId }, execution: recorded.execution, evaluatedAt },
      this.evaluationConfig,
      baseline,
    );
    const stored = await this.repository.store(
      recorded.taskId, task.type, result, recorded.execution.tokensUsed, recorded.execution.latencyMs, this.evaluationConfig.baselineWindow,
    );
    if (!stored) return (await this.repository.findResult(recorded.taskId)) ?? result;
    evaluations.inc({ outcome: result.notJudged.length > 0 ? 'partial' : result.cawsCompliant ? 'compliant' : 'non-compliant' });
    return result;
  }
}
