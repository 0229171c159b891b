import { COMPLEXITIES, datapointAnonymizedExample, DatapointAnonymizedV1 } from '@benchpool/contracts';

export interface PointVariation {
  agentId?: string;
  taskType?: string;
  complexity?: DatapointAnonymizedV1['task']['complexity'];
  timestamp?: Date;
  tenantId?: string;
  success?: boolean;
  quality?: number;
  latencyMs?: number;
}

/**
 * Anonymized data points for tests and benchmarks: the contract example with its id, agent,
 * segment, time and outcome varied (consistently across routing, execution and evaluation).
 */
export function anonymizedPoint(id: string, variation: PointVariation = {}): DatapointAnonymizedV1 {
  const base = datapointAnonymizedExample;
  const agentId = variation.agentId ?? base.execution!.agentId;
  const timestamp = (variation.timestamp ?? new Date(base.timestamp)).toISOString();
  const success = variation.success ?? true;
  const quality = variation.quality ?? base.evaluation!.overallScore;
  return {
    ...base,
    id,
    timestamp,
    tenantId: variation.tenantId ?? base.tenantId,
    task: { ...base.task, taskId: id, type: variation.taskType ?? base.task.type, complexity: variation.complexity ?? base.task.complexity },
    routing: { ...base.routing!, decisionId: `dec-${id}`, selectedAgentId: agentId },
    execution: { ...base.execution!, agentId, success, latencyMs: variation.latencyMs ?? base.execution!.latencyMs },
    evaluation: { ...base.evaluation!, agentId, overallScore: quality },
    rlLabels: { ...base.rlLabels!, reward: success ? quality * 0.95 : 0 },
  };
}

/** `count` points spread over agents, task types and complexities, deterministic for a given prefix. */
export function variedPoints(prefix: string, count: number, options: { agents?: number; taskTypes?: string[]; timestamp?: (index: number) => Date } = {}): DatapointAnonymizedV1[] {
  const agents = options.agents ?? 3;
  const taskTypes = options.taskTypes ?? ['code-editing', 'research', 'data-analysis'];
  return Array.from({ length: count }, (_, index) =>
    anonymizedPoint(`${prefix}-${index}`, {
      agentId: `agent-${index % agents}`,
      taskType: taskTypes[index % taskTypes.length],
      complexity: COMPLEXITIES[index % COMPLEXITIES.length],
      timestamp: options.timestamp?.(index),
      success: index % 4 !== 0,
      quality: 0.5 + (index % 5) / 10,
      latencyMs: 500 + (index % 7) * 700,
    }),
  );
}
