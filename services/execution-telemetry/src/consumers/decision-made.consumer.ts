import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DecisionMadeV1, Topic } from '@benchpool/contracts';
import { BatchRecord, JoinTelemetryUseCase } from '../join-telemetry.usecase';

/** routing.decision.made.v1 → the routing part of the join. */
@Controller()
export class DecisionMadeConsumer {
  constructor(@Inject(JoinTelemetryUseCase) private readonly join: JoinTelemetryUseCase) {}

  @EventPattern(Topic.DecisionMade, { batch: true })
  async handle(@Payload() records: Array<BatchRecord<DecisionMadeV1>>): Promise<void> {
    await this.join.ingest(records, (data) => ({ part: 'decision', data }));
  }
}
