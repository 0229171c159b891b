import { Inject, Injectable } from '@nestjs/common';
import { DatapointAnonymizedV1, Topic } from '@benchpool/contracts';
import { EventContext, EventProducer } from '@benchpool/kafka';
import { DatapointDocument, StorageCore, storedEventId, storedEventOf, StoreHooks, StoreResult } from '@benchpool/storage-core';

/** benchmark.datapoint.anonymized.v1 (a whole fetch) → warm + hot + cold, then benchmark.datapoint.stored.v1 per point. */
@Injectable()
export class StoreDatapointsUseCase {
  constructor(
    @Inject(StorageCore) private readonly core: StorageCore,
    @Inject(EventProducer) private readonly producer: EventProducer,
  ) {}

  async execute(records: ReadonlyArray<{ data: DatapointAnonymizedV1; context: EventContext }>): Promise<StoreResult> {
    const correlationIds = new Map(records.map((record) => [record.data.id, record.context.correlationId]));
    return this.core.store.storeBatch(records.map((record) => record.data), this.hooks(correlationIds));
  }

  /** Publishing happens inside the store pipeline, before its commit: a crash republishes (same event id) instead of losing the event. */
  hooks(correlationIds: ReadonlyMap<string, string> = new Map()): StoreHooks {
    return { onStored: (documents) => this.publishStored(documents, correlationIds) };
  }

  private async publishStored(documents: DatapointDocument[], correlationIds: ReadonlyMap<string, string>): Promise<void> {
    await Promise.all(
      documents.map((document) =>
        this.producer.publish(Topic.DatapointStored, storedEventOf(document), {
          tenantId: document.tenantId,
          correlationId: correlationIds.get(document._id) ?? document._id,
          id: storedEventId(document._id),
        }),
      ),
    );
  }
}
