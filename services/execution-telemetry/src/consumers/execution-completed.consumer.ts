import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ExecutionCompletedV1, Topic } from '@benchpool/contracts';
import { BatchRecord, JoinTelemetryUseCase } from '../join-telemetry.usecase';

/** arbiter.execution.completed.v1 → the execution part; publishes telemetry.execution.recorded.v1. */
@Controller()
export class ExecutionCompletedConsumer {
  constructor(@Inject(JoinTelemetryUseCase) private readonly join: JoinTelemetryUseCase) {}

  @EventPattern(Topic.ExecutionCompleted, { batch: true })
  async handle(@Payload() records: Array<BatchRecord<ExecutionCompletedV1>>): Promise<void> {
    await this.join.ingest(records, (data) => ({ part: 'completion', data }));
  }
}
