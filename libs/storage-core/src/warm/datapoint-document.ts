import mongoose from 'mongoose';
import type { BenchmarkDataPoint, Complexity } from '@benchpool/contracts';

/**
 * The warm-tier document: the anonymized BenchmarkDataPoint with its fields at the top level
 * (rl-export reads them, read-only), plus query fields and storage bookkeeping.
 *
 * Shape rules (documented in the lib README; rl-export depends on them — change only with a migration):
 * - `_id` is the data point id (= task id); there is no separate `id` field.
 * - `timestamp` is a BSON Date (every other time stays an RFC 3339 string, as in the contract).
 * - null and undefined values are omitted at every depth (the nullable parts routing, execution,
 *   evaluation, rlLabels are absent instead of null: read `doc.routing ?? null`). Empty arrays and
 *   objects are kept, so every other field is exactly where and what the contract says.
 */
export interface DatapointDocument {
  _id: string;
  timestamp: Date;
  tenantId: string;
  status: BenchmarkDataPoint['status'];
  missing: string[];
  task: BenchmarkDataPoint['task'];
  routing?: NonNullable<BenchmarkDataPoint['routing']>;
  execution?: NonNullable<BenchmarkDataPoint['execution']>;
  evaluation?: NonNullable<BenchmarkDataPoint['evaluation']>;
  rlLabels?: NonNullable<BenchmarkDataPoint['rlLabels']>;
  provenance: BenchmarkDataPoint['provenance'];
  cawsCompliant: boolean;
  rlReady: boolean;
  // query fields
  agentId: string;
  taskType: string;
  complexity: Complexity;
  /** evaluation.overallScore; absent when the point was never evaluated. */
  overallScore?: number;
  success: boolean;
  /** set by rl.export.completed: the latest export of the point. */
  exportedAt?: Date;
  trainingBatchId?: string;
  trainingBatchIds?: string[];
  // bookkeeping
  storedAt: Date;
  /** the storage batch (journal entry) that inserted the document; see ingest/datapoint-store.ts. */
  batchToken: string;
}

export const UNASSIGNED_AGENT = 'unassigned';

/** The agent a point is attributed to: who executed it, else who was selected for it. */
export function agentIdOf(point: Pick<BenchmarkDataPoint, 'execution' | 'routing' | 'evaluation'>): string {
  return point.execution?.agentId ?? point.routing?.selectedAgentId ?? point.evaluation?.agentId ?? UNASSIGNED_AGENT;
}

/**
 * Drops null and undefined values, recursively (inside arrays too: a null array element is kept
 * as null so positions never shift). Empty arrays and objects stay: readers rely on the contract shape.
 */
export function compactValue<T>(value: T): T | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((item) => (item === null || item === undefined ? null : compactValue(item))) as T;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const compacted = compactValue(item);
      if (compacted !== undefined) result[key] = compacted;
    }
    return result as T;
  }
  return value;
}

export function toDatapointDocument(point: BenchmarkDataPoint, options: { batchToken: string; storedAt: Date }): DatapointDocument {
  const { id, timestamp, ...rest } = point;
  const compacted = (compactValue(rest) ?? {}) as Omit<DatapointDocument, '_id' | 'timestamp'>;
  const overallScore = point.evaluation?.overallScore;
  return {
    _id: id,
    ...compacted,
    timestamp: new Date(timestamp),
    tenantId: point.tenantId,
    status: point.status,
    missing: point.missing,
    cawsCompliant: point.cawsCompliant,
    rlReady: point.rlReady === true,
    agentId: agentIdOf(point),
    taskType: point.task.type,
    complexity: point.task.complexity,
    ...(typeof overallScore === 'number' ? { overallScore } : {}),
    success: point.execution?.success === true,
    storedAt: options.storedAt,
    batchToken: options.batchToken,
  } as DatapointDocument;
}

/** The contract's BenchmarkDataPoint back from a stored document (defaults for omitted fields). */
export function dataPointFromDocument(document: DatapointDocument): BenchmarkDataPoint & { rlReady: boolean } {
  return {
    id: document._id,
    timestamp: document.timestamp.toISOString(),
    tenantId: document.tenantId,
    status: document.status,
    missing: document.missing,
    task: document.task,
    routing: document.routing ?? null,
    execution: document.execution ?? null,
    evaluation: document.evaluation ?? null,
    rlLabels: document.rlLabels ?? null,
    provenance: document.provenance,
    cawsCompliant: document.cawsCompliant,
    rlReady: document.rlReady,
  };
}

/** BSON size of a document, as MongoDB would store it. */
export function bsonSizeOf(document: object): number {
  return mongoose.mongo.BSON.calculateObjectSize(document as mongoose.mongo.BSON.Document);
}

/** The facts the hot and cold tiers count, taken from the stored document (never the event). */
export interface TierFacts {
  id: string;
  agentId: string;
  taskType: string;
  complexity: Complexity;
  timestampMs: number;
  success: boolean;
  complete: boolean;
  rlReady: boolean;
  cawsCompliant: boolean;
  quality?: number;
  reward?: number;
  tokens: number;
  latencyMs?: number;
}

export function tierFactsOf(document: DatapointDocument): TierFacts {
  return {
    id: document._id,
    agentId: document.agentId,
    taskType: document.taskType,
    complexity: document.complexity,
    timestampMs: document.timestamp.getTime(),
    success: document.success,
    complete: document.status === 'complete',
    rlReady: document.rlReady,
    cawsCompliant: document.cawsCompliant,
    quality: document.overallScore,
    reward: document.rlLabels?.reward,
    tokens: document.execution?.tokensUsed ?? 0,
    latencyMs: document.execution?.latencyMs,
  };
}
