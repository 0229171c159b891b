import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TaskSubmittedV1, Topic } from '@benchpool/contracts';
import { BatchRecord, JoinTelemetryUseCase } from '../join-telemetry.usecase';

/** arbiter.task.submitted.v1 → the task context of the join (type, complexity, description, risk tier, budget). */
@Controller()
export class TaskSubmittedConsumer {
  constructor(@Inject(JoinTelemetryUseCase) private readonly join: JoinTelemetryUseCase) {}

  @EventPattern(Topic.TaskSubmitted, { batch: true })
  async handle(@Payload() records: Array<BatchRecord<TaskSubmittedV1>>): Promise<void> {
    await this.join.ingest(records, (data) => ({ part: 'task', data }));
  }
}
