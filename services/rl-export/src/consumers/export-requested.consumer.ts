import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ExportRequestedV1, Topic } from '@benchpool/contracts';
import type { EventContext } from '@benchpool/kafka';
import { ExportBatchUseCase } from '../export-batch.usecase';

/** rl.export.requested.v1 → manifest, records and end marker on rl.export.batch.v1, then rl.export.completed.v1. */
@Controller()
export class ExportRequestedConsumer {
  constructor(@Inject(ExportBatchUseCase) private readonly exportBatch: ExportBatchUseCase) {}

  @EventPattern(Topic.ExportRequested)
  async handle(@Payload() request: ExportRequestedV1, @Ctx() context: EventContext): Promise<void> {
    await this.exportBatch.execute(request, { tenantId: context.tenantId, correlationId: context.correlationId, heartbeat: context.heartbeat });
  }
}
