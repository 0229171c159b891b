import type { Model } from 'mongoose';
import type { Complexity } from '@benchpool/contracts';
import { DatapointCursor } from '../query/datapoint-cursor';
import { InProcessKeyLock } from '../cold/key-lock';
import type { DatapointDocument } from './datapoint-document';

const DUPLICATE_KEY = 11000;

export interface DatapointSearchFilter {
  agentId?: string;
  taskType?: string;
  complexity?: Complexity;
  minQuality?: number;
  maxQuality?: number;
  rlReady?: boolean;
  exported?: boolean;
  from?: Date;
  to?: Date;
  tenantId?: string;
  trainingBatchId?: string;
}

interface WriteErrorLike {
  index: number;
  code?: number;
  errmsg?: string;
}

/** Warm tier access (benchpool.datapoints). Writes are insert-only; updates only mark exports. */
export class DatapointRepository {
  /** export marks run one at a time: FerretDB's updates of one document are not atomic under concurrency. */
  private readonly exportLock = new InProcessKeyLock();

  constructor(private readonly model: Model<DatapointDocument>) {}

  /**
   * Inserts a bounded batch, unordered: a document whose _id exists already is a duplicate
   * (redelivery) and is left untouched — insert-if-absent, so nothing is ever counted twice.
   */
  async insertBatch(documents: DatapointDocument[]): Promise<{ inserted: DatapointDocument[]; duplicateIds: string[] }> {
    if (documents.length === 0) return { inserted: [], duplicateIds: [] };
    try {
      await this.model.collection.insertMany(documents as never[], { ordered: false });
      return { inserted: documents, duplicateIds: [] };
    } catch (error) {
      const writeErrors = writeErrorsOf(error);
      if (writeErrors.length === 0 || writeErrors.some((writeError) => writeError.code !== DUPLICATE_KEY)) throw error;
      const duplicates = new Set(writeErrors.map((writeError) => writeError.index));
      return {
        inserted: documents.filter((_, index) => !duplicates.has(index)),
        duplicateIds: documents.filter((_, index) => duplicates.has(index)).map((document) => document._id),
      };
    }
  }

  async findByIdsAndToken(ids: string[], batchToken: string): Promise<DatapointDocument[]> {
    if (ids.length === 0) return [];
    return (await this.model.collection.find({ _id: { $in: ids }, batchToken } as never).toArray()) as unknown as DatapointDocument[];
  }

  async findById(id: string): Promise<DatapointDocument | null> {
    return (await this.model.collection.findOne({ _id: id } as never)) as unknown as DatapointDocument | null;
  }

  /** Newest first, strictly after `cursor`; asks for limit + 1 so the caller knows if there is more. */
  async search(filter: DatapointSearchFilter, limit: number, cursor: DatapointCursor | null): Promise<DatapointDocument[]> {
    const query = searchQuery(filter, cursor);
    return (await this.model.collection
      .find(query)
      .sort({ timestamp: -1, _id: -1 })
      .limit(limit + 1)
      .toArray()) as unknown as DatapointDocument[];
  }

  /**
   * Idempotent: sets exportedAt/trainingBatchId only where this export is newer than the one
   * recorded, and adds the batch to trainingBatchIds once.
   */
  async markExported(batchId: string, ids: string[], exportedAt: Date): Promise<number> {
    if (ids.length === 0) return 0;
    return this.exportLock.run('exports', () => this.markExportedNow(batchId, ids, exportedAt));
  }

  /**
   * One indexed read and at most one indexed update per point. FerretDB uses the _id index only for
   * a filter that is exactly `{_id}` (ADR 0007): one `updateMany` over `{_id: {$in}}` scanned the
   * whole collection and took about ten minutes for 570 points on a large warm tier.
   */
  private async markExportedNow(batchId: string, ids: string[], exportedAt: Date): Promise<number> {
    let newer = 0;
    for (const id of new Set(ids)) {
      const current = (await this.model.collection.findOne({ _id: id } as never, { projection: { exportedAt: 1, trainingBatchIds: 1 } })) as
        | Pick<DatapointDocument, 'exportedAt' | 'trainingBatchIds'>
        | null;
      if (current === null) continue;
      const isNewer = !current.exportedAt || current.exportedAt < exportedAt;
      const listed = (current.trainingBatchIds ?? []).includes(batchId);
      if (!isNewer && listed) continue;
      await this.model.collection.updateOne({ _id: id } as never, {
        ...(isNewer ? { $set: { exportedAt, trainingBatchId: batchId } } : {}),
        ...(listed ? {} : { $addToSet: { trainingBatchIds: batchId } }),
      });
      if (isNewer) newer += 1;
    }
    return newer;
  }

  /** Up to `limit` ids of points older than `cutoff` whose batch is not open (their cold increment is in). */
  async findDeletableBefore(cutoff: Date, openTokens: string[], limit: number): Promise<string[]> {
    const documents = await this.model.collection
      .find({ timestamp: { $lt: cutoff }, batchToken: { $nin: openTokens } }, { projection: { _id: 1 } })
      .sort({ timestamp: 1 })
      .limit(limit)
      .toArray();
    return documents.map((document) => String(document._id));
  }

  async findOpenBefore(cutoff: Date, openTokens: string[]): Promise<Array<{ _id: string; batchToken: string }>> {
    if (openTokens.length === 0) return [];
    return (await this.model.collection
      .find({ timestamp: { $lt: cutoff }, batchToken: { $in: openTokens } }, { projection: { _id: 1, batchToken: 1 } })
      .toArray()) as unknown as Array<{ _id: string; batchToken: string }>;
  }

  async deleteByIds(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.model.collection.deleteMany({ _id: { $in: ids } } as never);
    return result.deletedCount;
  }

  async count(filter: Record<string, unknown> = {}): Promise<number> {
    return this.model.collection.countDocuments(filter);
  }

  /** Stored documents as MongoDB holds them (for size measurements). */
  async sample(limit: number): Promise<DatapointDocument[]> {
    return (await this.model.collection.find({}).limit(limit).toArray()) as unknown as DatapointDocument[];
  }
}

export function searchQuery(filter: DatapointSearchFilter, cursor: DatapointCursor | null): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  const and: Array<Record<string, unknown>> = [];
  if (filter.agentId !== undefined) query.agentId = filter.agentId;
  if (filter.taskType !== undefined) query.taskType = filter.taskType;
  if (filter.complexity !== undefined) query.complexity = filter.complexity;
  if (filter.tenantId !== undefined) query.tenantId = filter.tenantId;
  if (filter.trainingBatchId !== undefined) query.trainingBatchIds = filter.trainingBatchId;
  if (filter.rlReady !== undefined) query.rlReady = filter.rlReady;
  if (filter.exported !== undefined) query.exportedAt = { $exists: filter.exported };
  if (filter.minQuality !== undefined || filter.maxQuality !== undefined) {
    query.overallScore = {
      ...(filter.minQuality !== undefined ? { $gte: filter.minQuality } : {}),
      ...(filter.maxQuality !== undefined ? { $lte: filter.maxQuality } : {}),
    };
  }
  if (filter.from !== undefined || filter.to !== undefined) {
    and.push({
      timestamp: {
        ...(filter.from !== undefined ? { $gte: filter.from } : {}),
        ...(filter.to !== undefined ? { $lt: filter.to } : {}),
      },
    });
  }
  if (cursor) {
    const at = new Date(cursor.timestampMs);
    and.push({ $or: [{ timestamp: { $lt: at } }, { timestamp: at, _id: { $lt: cursor.id } }] });
  }
  if (and.length > 0) query.$and = and;
  return query;
}

function writeErrorsOf(error: unknown): WriteErrorLike[] {
  const raw = (error as { writeErrors?: WriteErrorLike | WriteErrorLike[] })?.writeErrors;
  if (!raw) return [];
  return Array.isArray(raw) ? raw : [raw];
}
