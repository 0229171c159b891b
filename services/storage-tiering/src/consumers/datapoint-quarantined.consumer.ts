import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DatapointQuarantinedV1, Topic } from '@benchpool/contracts';
import type { EventContext } from '@benchpool/kafka';
import { quarantineMarkerOf, StorageCore } from '@benchpool/storage-core';

/** benchmark.datapoint.quarantined.v1 → one counter marker per point (gates only, never the payload) for collection health. */
@Controller()
export class DatapointQuarantinedConsumer {
  constructor(@Inject(StorageCore) private readonly core: StorageCore) {}

  @EventPattern(Topic.DatapointQuarantined, { batch: true })
  async handle(@Payload() records: Array<{ data: DatapointQuarantinedV1; context: EventContext }>): Promise<void> {
    // a point quarantined for its shape may lack a usable timestamp: the event's own time stands in
    const markers = records.map(({ data, context }) => quarantineMarkerOf({
      taskId: data.taskId,
      timestamp: typeof data.point.timestamp === 'string' ? data.point.timestamp : context.event.time,
      issues: data.report.issues,
    }));
    const unique = [...new Map(markers.map((marker) => [marker._id, marker])).values()];
    const counted = await this.core.quarantine.record(unique);
    this.core.metrics.quarantinesCounted.inc(counted);
  }
}
