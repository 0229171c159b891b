import type { Model } from 'mongoose';
import type { StorageBatchDocument } from './storage-batch.schema';

/** The store pipeline's write-ahead journal (storage_batches). */
export class StorageBatchRepository {
  constructor(private readonly model: Model<StorageBatchDocument>) {}

  async open(token: string, owner: string, ids: string[], openedAt: Date): Promise<void> {
    await this.model.collection.insertOne({ _id: token, state: 'open', owner, openedAt, ids } as never);
  }

  async commit(token: string, aggregateKeys: string[], committedAt: Date): Promise<void> {
    await this.model.collection.updateOne(
      { _id: token } as never,
      { $set: { state: 'committed', committedAt, aggregateKeys }, $unset: { ids: '' } },
    );
  }

  /** A batch that inserted nothing needs no settling. */
  async discard(token: string): Promise<void> {
    await this.model.collection.deleteOne({ _id: token } as never);
  }

  /** Open batches (other than `exceptToken`) that were about to insert any of `ids`. */
  async findOpenContaining(ids: string[], exceptToken: string): Promise<StorageBatchDocument[]> {
    const wanted = new Set(ids);
    // Open entries are few (in flight or crashed), so reading them all is cheaper than an $in over arrays.
    const open = (await this.model.collection.find({ state: 'open' }).toArray()) as unknown as StorageBatchDocument[];
    return open.filter((entry) => entry._id !== exceptToken && (entry.ids ?? []).some((id) => wanted.has(id)));
  }

  async findById(token: string): Promise<StorageBatchDocument | null> {
    return (await this.model.collection.findOne({ _id: token } as never)) as unknown as StorageBatchDocument | null;
  }

  async findOpenedBefore(before: Date, limit: number): Promise<StorageBatchDocument[]> {
    return (await this.model.collection
      .find({ state: 'open', openedAt: { $lt: before } })
      .sort({ openedAt: 1 })
      .limit(limit)
      .toArray()) as unknown as StorageBatchDocument[];
  }

  async openTokens(): Promise<string[]> {
    const open = await this.model.collection.find({ state: 'open' }, { projection: { _id: 1 } }).toArray();
    return open.map((entry) => String(entry._id));
  }

  async findCommittedBefore(before: Date, limit: number): Promise<StorageBatchDocument[]> {
    return (await this.model.collection
      .find({ state: 'committed', committedAt: { $lt: before } })
      .sort({ committedAt: 1 })
      .limit(limit)
      .toArray()) as unknown as StorageBatchDocument[];
  }

  async deleteMany(tokens: string[]): Promise<void> {
    if (tokens.length > 0) await this.model.collection.deleteMany({ _id: { $in: tokens } } as never);
  }
}
