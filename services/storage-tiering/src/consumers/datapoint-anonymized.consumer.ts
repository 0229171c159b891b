import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DatapointAnonymizedV1, Topic } from '@benchpool/contracts';
import type { EventContext } from '@benchpool/kafka';
import { StoreDatapointsUseCase } from '../use-cases/store-datapoints.usecase';

/** benchmark.datapoint.anonymized.v1, a whole fetch at a time → bounded bulk writes. Throws to retry (never swallows). */
@Controller()
export class DatapointAnonymizedConsumer {
  constructor(@Inject(StoreDatapointsUseCase) private readonly storeDatapoints: StoreDatapointsUseCase) {}

  @EventPattern(Topic.DatapointAnonymized, { batch: true })
  async handle(@Payload() records: Array<{ data: DatapointAnonymizedV1; context: EventContext }>): Promise<void> {
    await this.storeDatapoints.execute(records);
  }
}
