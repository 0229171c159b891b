import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload, Ctx } from '@nestjs/microservices';
import { DatapointCollectedV1, Topic } from '@benchpool/contracts';
import { EventContext, EventProducer } from '@benchpool/kafka';
import { AnonymizeDataPointUseCase } from '../anonymize-data-point.usecase';

/** benchmark.datapoint.collected.v1 → validate + scrub → anonymized (or quarantined). */
@Controller()
export class DatapointCollectedConsumer {
  constructor(
    @Inject(AnonymizeDataPointUseCase) private readonly anonymize: AnonymizeDataPointUseCase,
    @Inject(EventProducer) private readonly producer: EventProducer,
  ) {}

  @EventPattern(Topic.DatapointCollected)
  async handle(@Payload() point: DatapointCollectedV1, @Ctx() context: EventContext): Promise<void> {
    const outcome = this.anonymize.execute(point);
    // a stable event id per task lets downstream consumers recognise redeliveries
    if (outcome.kind === 'quarantined') {
      await this.producer.publish(Topic.DatapointQuarantined, outcome.event, {
        tenantId: outcome.event.point.tenantId, correlationId: context.correlationId, id: `quarantined-${point.id}`,
      });
    } else {
      await this.producer.publish(Topic.DatapointAnonymized, outcome.point, {
        tenantId: outcome.point.tenantId, correlationId: context.correlationId, id: `anonymized-${point.id}`,
      });
    }
  }
}
