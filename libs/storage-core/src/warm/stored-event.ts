import type { DatapointStoredV1 } from '@benchpool/contracts';
import type { DatapointDocument } from './datapoint-document';

/** benchmark.datapoint.stored.v1 for a stored document: ids, agent, segment and the reward inputs routing learns from. */
export function storedEventOf(document: DatapointDocument): DatapointStoredV1 {
  return {
    dataPointId: document._id,
    taskId: document.task.taskId,
    ...(document.routing?.decisionId ? { decisionId: document.routing.decisionId } : {}),
    agentId: document.agentId,
    taskType: document.taskType,
    complexity: document.complexity,
    success: document.success,
    overallScore: Math.max(0, document.overallScore ?? 0),
    latencyMs: Math.max(0, document.execution?.latencyMs ?? 0),
    tokensUsed: Math.max(0, document.execution?.tokensUsed ?? 0),
    complete: document.status === 'complete',
    rlReady: document.rlReady,
    storedAt: document.storedAt.toISOString(),
  };
}

/** The stable CloudEvents id of a point's stored event: a redelivered store republishes the same id. */
export function storedEventId(dataPointId: string): string {
  return `stored-${dataPointId}`;
}
