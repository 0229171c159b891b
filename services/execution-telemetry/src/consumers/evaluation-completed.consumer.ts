import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EvaluationCompletedV1, Topic } from '@benchpool/contracts';
import { BatchRecord, JoinTelemetryUseCase } from '../join-telemetry.usecase';

/** caws.evaluation.completed.v1 → the evaluation part; usually the one that completes the join. */
@Controller()
export class EvaluationCompletedConsumer {
  constructor(@Inject(JoinTelemetryUseCase) private readonly join: JoinTelemetryUseCase) {}

  @EventPattern(Topic.EvaluationCompleted, { batch: true })
  async handle(@Payload() records: Array<BatchRecord<EvaluationCompletedV1>>): Promise<void> {
    await this.join.ingest(records, (data) => ({ part: 'evaluation', data: data.evaluation }));
  }
}
