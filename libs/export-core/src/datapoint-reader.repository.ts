import type { mongo } from 'mongoose';
import type { ExportCandidate } from './batch-selection';
import { extractConversation, promptHash, turnSteps } from './conversation';
import type { ResolvedCriteria } from './export-criteria';
import { pointFacts, StoredDataPoint } from './stored-datapoint';

export type ProgressCallback = (done: number) => Promise<void> | void;

/** How many documents one round trip fetches. */
const CURSOR_BATCH = 1_000;
/** How many ids one `$in` lookup asks for (FerretDB answers each with a scan: keep them few). */
const ID_CHUNK = 10_000;
/** At most this many compact points are kept in memory between selection and publishing. */
const RETAIN_LIMIT = 50_000;

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
   * Streams the window with a cursor and keeps what selection needs of every point, plus a compact
   * copy (only the fields records are built from) of the points `retain` accepts, so that the
   * records can be built without reading the collection again: on FerretDB every query that is not
   * an _id lookup scans the collection. Calls `onProgress` every cursor batch (heartbeat, logs).
   */
  async readCandidates(
    criteria: ResolvedCriteria,
    retain: (candidate: ExportCandidate) => boolean = () => false,
    onProgress?: ProgressCallback,
  ): Promise<{ candidates: ExportCandidate[]; retained: Map<string, StoredDataPoint> }> {
    const candidates: ExportCandidate[] = [];
    let retained: Map<string, StoredDataPoint> | null = new Map();
    const cursor = this.collection.find(this.windowFilter(criteria), { projection: RECORD_PROJECTION, batchSize: CURSOR_BATCH });
    try {
      for await (const point of cursor) {
        const candidate = candidateOf(point);
        candidates.push(candidate);
        if (retained && retain(candidate)) {
          retained.set(point._id, compactPoint(point));
          // past this, records are built from a second read in chunks rather than held in memory
          if (retained.size > RETAIN_LIMIT) retained = null;
        }
        if (onProgress && candidates.length % CURSOR_BATCH === 0) await onProgress(candidates.length);
      }
    } finally {
      await cursor.close();
    }
    if (onProgress) await onProgress(candidates.length);
    return { candidates, retained: retained ?? new Map() };
  }

  /** Compact documents of the given ids, in chunks (each chunk is one query); the map lacks ids that were deleted. */
  async findByIds(ids: string[], onProgress?: ProgressCallback): Promise<Map<string, StoredDataPoint>> {
    const found = new Map<string, StoredDataPoint>();
    for (let start = 0; start < ids.length; start += ID_CHUNK) {
      const chunk = ids.slice(start, start + ID_CHUNK);
      const cursor = this.collection.find({ _id: { $in: chunk } }, { projection: RECORD_PROJECTION, batchSize: CURSOR_BATCH });
      for await (const document of cursor) found.set(document._id, compactPoint(document));
      if (onProgress) await onProgress(found.size);
    }
    return found;
  }
}

/** Fields no record is built from stay on the server (routing, provenance, file contents). */
const RECORD_PROJECTION = { routing: 0, provenance: 0, 'execution.artifacts.files': 0 } as const;

/** Only what candidateOf and the record builders read: keeps retained points small. */
export function compactPoint(point: StoredDataPoint): StoredDataPoint {
  const execution = point.execution;
  const evaluation = point.evaluation;
  return {
    ...point,
    routing: null,
    provenance: { collectorVersion: point.provenance?.collectorVersion ?? '', collectedAt: point.provenance?.collectedAt ?? '', sources: {} },
    execution: execution && {
      ...execution,
      artifacts: { diff: execution.artifacts?.diff, messages: execution.artifacts?.messages },
    },
    evaluation: evaluation && { ...evaluation, qualityGates: [] },
  };
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
