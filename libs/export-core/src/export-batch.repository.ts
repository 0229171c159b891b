import type { mongo } from 'mongoose';
import type { TrainingPhase } from '@benchpool/contracts';

export type BatchStatus = 'selected' | 'published' | 'rejected';

/**
 * One document per batch in `export_batches` (owned by rl-export). The selection is frozen here
 * when the batch is first asked for: the ordered point ids (and rejected ids for preference pairs),
 * each item's split, and the manifest exactly as published — so asking again re-publishes the same
 * content even when newer data has arrived since.
 *
 * Do not change the meaning of these fields without a migration: a repeated request rebuilds its
 * batch from them and must reproduce the recorded checksum.
 */
export interface ExportBatchDocument {
  /** the batch id, derived from the request id. */
  _id: string;
  requestId: string;
  phase: TrainingPhase;
  status: BatchStatus;
  /** the manifest as published (a JSON string: task types and agent ids may hold dots, which field names may not). */
  manifestJson: string;
  itemIds: string[];
  /** preference: the rejected point of each pair, parallel to itemIds; null for other phases. */
  rejectedIds: string[] | null;
  /** one character per item: 't' train, 'e' eval. */
  splits: string;
  /** tenants charged ε for this batch (DP requests only). */
  chargedTenants: string[];
  recordCount: number;
  checksum: string | null;
  createdAt: Date;
  publishedAt: Date | null;
  publishCount: number;
}

export class ExportBatchRepository {
  static readonly COLLECTION = 'export_batches';
  private readonly collection: mongo.Collection<ExportBatchDocument>;

  constructor(db: mongo.Db) {
    // batches are only ever read by _id (= batch id derived from the request id): no secondary index
    this.collection = db.collection<ExportBatchDocument>(ExportBatchRepository.COLLECTION);
  }

  find(batchId: string): Promise<ExportBatchDocument | null> {
    return this.collection.findOne({ _id: batchId });
  }

  /**
   * Records a selection unless the batch already has one, and returns the one that counts: when
   * two replicas race on the same request, the first insert wins and both publish its content.
   */
  async freeze(document: ExportBatchDocument): Promise<ExportBatchDocument> {
    const { _id, ...fields } = document;
    await this.collection.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true });
    const stored = await this.collection.findOne({ _id });
    if (!stored) throw new Error(`export batch ${_id} vanished right after it was recorded`);
    return stored;
  }

  /** After the end marker was acknowledged: the checksum is kept so a repeat can prove it is identical. */
  async markPublished(batchId: string, checksum: string, at: Date): Promise<void> {
    await this.collection.updateOne({ _id: batchId, publishedAt: null }, { $set: { publishedAt: at } });
    await this.collection.updateOne({ _id: batchId }, { $set: { checksum, status: 'published' as BatchStatus }, $inc: { publishCount: 1 } });
  }

  async markRejectedPublished(batchId: string, at: Date): Promise<void> {
    await this.collection.updateOne({ _id: batchId, publishedAt: null }, { $set: { publishedAt: at } });
    await this.collection.updateOne({ _id: batchId }, { $inc: { publishCount: 1 } });
  }
}
