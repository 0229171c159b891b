import { Controller, Inject } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { DatapointCollectedV1, Topic } from '@benchpool/contracts';
import { EventContext, EventProducer } from '@benchpool/kafka';
import { AnonymizeDataPointUseCase } from '../anonymize-data-point.usecase';

/**
 * benchmark.datapoint.collected.v1 → validate + scrub → anonymized (or quarantined). A whole fetch
 * is handled at once so its output leaves in one produce request instead of one round trip per point.
 */
@Controller()
export class DatapointCollectedConsumer {
  constructor(
    @Inject(AnonymizeDataPointUseCase) private readonly anonymize: AnonymizeDataPointUseCase,
    @Inject(EventProducer) private readonly producer: EventProducer,
  ) {}

  // a point that breaks the contract is judged and quarantined here, scrubbed, not dead-lettered raw
  @EventPattern(Topic.DatapointCollected, { batch: true, invalidData: 'deliver' })
  async handle(batch: Array<{ data: DatapointCollectedV1; context: EventContext }>): Promise<void> {
    await Promise.all(batch.map(({ data, context }) => this.publish(data, context)));
  }

  private publish(point: DatapointCollectedV1, context: EventContext): Promise<void> {
    const outcome = this.anonymize.execute(point, context.contractErrors);
    // a stable event id per task lets downstream consumers recognise redeliveries
    if (outcome.kind === 'quarantined') {
      const tenantId = typeof outcome.event.point.tenantId === 'string' ? outcome.event.point.tenantId : this.anonymize.tenantHash(context.tenantId);
      return this.producer.publish(Topic.DatapointQuarantined, outcome.event, {
        tenantId, correlationId: context.correlationId, id: `quarantined-${outcome.event.taskId}`,
      });
    }
    return this.producer.publish(Topic.DatapointAnonymized, outcome.point, {
      tenantId: outcome.point.tenantId, correlationId: context.correlationId, id: `anonymized-${point.id}`,
    });
  }
}
