import type { mongo } from 'mongoose';
import type { ExportCandidate } from './batch-selection';
import { extractConversation, promptHash, turnSteps } from './conversation';
import type { ResolvedCriteria } from './export-criteria';
import { pointFacts, StoredDataPoint } from './stored-datapoint';

export type ProgressCallback = (done: number) => Promise<void> | void;

/** How many documents one round trip fetches. */
const CURSOR_BATCH = 1_000;
/** How many ids one `$in` lookup asks for. */
const ID_CHUNK = 500;

/**
 * Reads storage-tiering's `datapoints` collection — read-only: rl-export never writes it (it asks
 * storage-tiering to mark exported points through rl.export.completed.v1). Indexes on it belong
 * to storage-tiering; the window query uses its `rlReady` / `timestamp` query fields.
 */
export class DatapointReader {
  static readonly COLLECTION = 'datapoints';
  private readonly collection: mongo.Collection<StoredDataPoint>;

  constructor(db: mongo.Db) {
    this.collection = db.collection<StoredDataPoint>(DatapointReader.COLLECTION);
  }

  /** RL-ready complete points in the window, narrowed by task types / agents when asked. */
  windowFilter(criteria: ResolvedCriteria): mongo.Filter<StoredDataPoint> {
    const filter: mongo.Filter<StoredDataPoint> = {
      rlReady: true,
      status: 'complete',
      timestamp: { $gte: new Date(criteria.from), $lte: new Date(criteria.to) },
    };
    if (criteria.taskTypes) filter.taskType = { $in: criteria.taskTypes };
    if (criteria.agentIds) filter.agentId = { $in: criteria.agentIds };
    return filter;
  }

  /**
   * Streams the window with a cursor (never the whole collection in memory) and keeps only what
   * selection needs of each point. Calls `onProgress` every cursor batch (heartbeat, logs).
   */
  async readCandidates(criteria: ResolvedCriteria, onProgress?: ProgressCallback): Promise<ExportCandidate[]> {
    const candidates: ExportCandidate[] = [];
    // routing and provenance are never exported: leave them on the server
    const cursor = this.collection.find(this.windowFilter(criteria), { projection: { routing: 0, provenance: 0 }, batchSize: CURSOR_BATCH });
    try {
      for await (const point of cursor) {
        candidates.push(candidateOf(point));
        if (onProgress && candidates.length % CURSOR_BATCH === 0) await onProgress(candidates.length);
      }
    } finally {
      await cursor.close();
    }
    if (onProgress) await onProgress(candidates.length);
    return candidates;
  }

  /** The task types present in the window whatever their quality (curriculum's "full distribution"). */
  async windowTaskTypes(criteria: ResolvedCriteria): Promise<string[]> {
    const values = await this.collection.distinct('task.type', this.windowFilter(criteria));
    return (values as string[]).sort();
  }

  /** Full documents of the given ids, fetched in chunks; the map may lack ids that were deleted. */
  async findByIds(ids: string[]): Promise<Map<string, StoredDataPoint>> {
    const found = new Map<string, StoredDataPoint>();
    for (let start = 0; start < ids.length; start += ID_CHUNK) {
      const chunk = ids.slice(start, start + ID_CHUNK);
      const documents = await this.collection.find({ _id: { $in: chunk } }, { projection: { routing: 0, provenance: 0 } }).toArray();
      for (const document of documents) found.set(document._id, document);
    }
    return found;
  }

  /** Which of the ids no longer exist (retention may delete points of an old batch). */
  async missingIds(ids: string[]): Promise<string[]> {
    const present = new Set<string>();
    for (let start = 0; start < ids.length; start += ID_CHUNK) {
      const chunk = ids.slice(start, start + ID_CHUNK);
      const documents = await this.collection.find({ _id: { $in: chunk } }, { projection: { _id: 1 } }).toArray();
      for (const document of documents) present.add(document._id);
    }
    return ids.filter((id) => !present.has(id));
  }
}

export function candidateOf(point: StoredDataPoint): ExportCandidate {
  const conversation = extractConversation(point);
  const facts = pointFacts(point);
  return {
    ...facts,
    promptHash: promptHash(facts.taskType, conversation.prompt),
    hasCompletion: conversation.completion.length > 0,
    stepCount: turnSteps(point).length,
  };
}
