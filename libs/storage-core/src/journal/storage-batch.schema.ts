import { Schema } from 'mongoose';

export const STORAGE_BATCHES_COLLECTION = 'storage_batches';

/**
 * The write-ahead journal of the store pipeline: one entry per bulk batch. Opened (with the ids it
 * is about to insert) before the warm insert, committed once hot, cold and the stored events are
 * done, deleted when settled (its token pulled from the cold documents' pendingTokens).
 * A warm document whose batchToken has no open entry has all its tiers applied.
 */
export interface StorageBatchDocument {
  _id: string;
  state: 'open' | 'committed';
  /** the process that opened it (a random id per process start). */
  owner: string;
  openedAt: Date;
  /** while open: every data point id of the batch. */
  ids?: string[];
  committedAt?: Date;
  /** once committed: the agent_stats_daily documents holding this token in pendingTokens. */
  aggregateKeys?: string[];
}

export const storageBatchSchema = new Schema<StorageBatchDocument>(
  {
    _id: String,
    state: { type: String, required: true },
    owner: { type: String, required: true },
    openedAt: { type: Date, required: true },
    ids: [String],
    committedAt: Date,
    aggregateKeys: [String],
  },
  { collection: STORAGE_BATCHES_COLLECTION, versionKey: false, autoIndex: false },
);

// The store pipeline's "is a duplicate's batch still open?" (state=open, ids contains…) and the repair job's stale open batches.
storageBatchSchema.index({ state: 1, openedAt: 1 }, { name: 'state_opened' });
// The settle job: committed batches older than the settle delay.
storageBatchSchema.index({ state: 1, committedAt: 1 }, { name: 'state_committed' });
