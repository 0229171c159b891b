import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ExecutionTurnV1, Topic } from '@benchpool/contracts';
import { BatchRecord, JoinTelemetryUseCase } from '../join-telemetry.usecase';

/** arbiter.execution.turn.v1 → one turn of the join, keyed by turn number (redelivery is a no-op). */
@Controller()
export class ExecutionTurnConsumer {
  constructor(@Inject(JoinTelemetryUseCase) private readonly join: JoinTelemetryUseCase) {}

  @EventPattern(Topic.ExecutionTurn, { batch: true })
  async handle(@Payload() records: Array<BatchRecord<ExecutionTurnV1>>): Promise<void> {
    await this.join.ingest(records, (data) => ({ part: { turn: data.turnNumber }, data }));
  }
}
