import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ExportCompletedV1, Topic } from '@benchpool/contracts';
import { StorageCore } from '@benchpool/storage-core';

/** rl.export.completed.v1 → exportedAt / trainingBatchId on the exported points (idempotent). */
@Controller()
export class ExportCompletedConsumer {
  constructor(@Inject(StorageCore) private readonly core: StorageCore) {}

  @EventPattern(Topic.ExportCompleted)
  async handle(@Payload() event: ExportCompletedV1): Promise<void> {
    const exportedAt = new Date(event.exportedAt);
    const chunk = this.core.options.maxBulk;
    for (let start = 0; start < event.dataPointIds.length; start += chunk) {
      const marked = await this.core.warm.markExported(event.batchId, event.dataPointIds.slice(start, start + chunk), exportedAt);
      this.core.metrics.exportsMarked.inc(marked);
    }
  }
}
