import type { BenchmarkDataPoint, Complexity } from '@benchpool/contracts';
import { sha256Hex } from '@benchpool/utils';

/**
 * A document of storage-tiering's `datapoints` collection as rl-export reads it (read-only): the
 * full anonymized BenchmarkDataPoint with `_id` = point id, `timestamp` as a Date, and the query
 * fields storage-tiering adds. The query fields are optional here so that a document written by an
 * older storage-tiering still exports (the nested fields are the fallback).
 */
export interface StoredDataPoint extends Omit<BenchmarkDataPoint, 'id' | 'timestamp'> {
  _id: string;
  timestamp: Date;
  agentId?: string;
  taskType?: string;
  complexity?: Complexity;
  overallScore?: number;
  success?: boolean;
  exportedAt?: Date | null;
  trainingBatchId?: string | null;
}

/** The fields selection needs, read once from each stored document. */
export interface PointFacts {
  id: string;
  taskType: string;
  complexity: Complexity;
  agentId: string;
  tenantId: string;
  quality: number;
  success: boolean;
  reward: number;
  difficulty: number;
  timestampMs: number;
}

const COMPLEXITY_DIFFICULTY: Record<Complexity, number> = { trivial: 0.2, standard: 0.5, complex: 0.8 };

export function pointFacts(point: StoredDataPoint): PointFacts {
  const complexity = point.complexity ?? point.task.complexity;
  return {
    id: point._id,
    taskType: point.taskType ?? point.task.type,
    complexity,
    agentId: point.agentId ?? point.execution?.agentId ?? point.routing?.selectedAgentId ?? 'unknown',
    tenantId: point.tenantId,
    quality: point.overallScore ?? point.evaluation?.overallScore ?? 0,
    success: point.success ?? point.execution?.success ?? false,
    reward: point.rlLabels?.reward ?? 0,
    difficulty: point.rlLabels?.difficulty ?? COMPLEXITY_DIFFICULTY[complexity] ?? 0.5,
    timestampMs: point.timestamp instanceof Date ? point.timestamp.getTime() : new Date(point.timestamp as unknown as string).getTime(),
  };
}

/** Batch ids derive from the request id, so asking again always names the same batch. */
export function batchIdFor(requestId: string): string {
  return `batch-${sha256Hex(`rl-export/v1:${requestId}`).slice(0, 24)}`;
}
