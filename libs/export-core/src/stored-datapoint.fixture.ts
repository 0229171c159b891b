import { benchmarkDataPointExample, ChatMessage, Complexity } from '@benchpool/contracts';
import type { StoredDataPoint } from './stored-datapoint';

export interface FixtureOptions {
  id: string;
  taskType?: string;
  complexity?: Complexity;
  agentId?: string;
  tenantId?: string;
  quality?: number;
  success?: boolean;
  reward?: number;
  difficulty?: number;
  timestamp?: Date;
  description?: string;
  /** the execution's message log; `null` leaves it out (the diff becomes the completion). */
  messages?: ChatMessage[] | null;
  diff?: string | null;
  rlReady?: boolean;
}

/**
 * A stored document as storage-tiering writes it (full anonymized data point, `_id` = point id,
 * query fields, `timestamp` as a Date), for tests and benchmarks that seed `datapoints` themselves.
 */
export function makeStoredDataPoint(options: FixtureOptions): StoredDataPoint {
  const base = benchmarkDataPointExample;
  const taskType = options.taskType ?? 'code-editing';
  const complexity = options.complexity ?? 'standard';
  const agentId = options.agentId ?? 'agent-1';
  const quality = options.quality ?? 0.9;
  const success = options.success ?? true;
  const reward = options.reward ?? (success ? quality * 0.95 : 0);
  const description = options.description ?? `Rename the helper in ${options.id} and keep the tests green.`;
  const messages: ChatMessage[] | undefined =
    options.messages === null
      ? undefined
      : options.messages ?? [
          { role: 'system', content: 'You are a careful coding agent.' },
          { role: 'user', content: description },
          { role: 'assistant', content: 'Reading the file first.', toolCalls: [{ toolName: 'read_file', arguments: '{"path":"[PATH]/[FILE].ts"}' }] },
          { role: 'tool', content: 'export function helper() {}' },
          { role: 'assistant', content: `Done: renamed the helper for ${options.id}.` },
        ];
  const { id: _omit, timestamp: _omitTimestamp, ...rest } = base;
  return {
    ...rest,
    _id: options.id,
    timestamp: options.timestamp ?? new Date('2026-11-21T10:00:06.000Z'),
    tenantId: options.tenantId ?? 'tenant-hash-aaaa',
    task: { ...base.task, taskId: options.id, type: taskType, complexity, description },
    execution: {
      ...base.execution!,
      agentId,
      success,
      artifacts: {
        ...base.execution!.artifacts,
        diff: options.diff === null ? undefined : options.diff ?? base.execution!.artifacts.diff,
        messages,
      },
    },
    evaluation: { ...base.evaluation!, agentId, overallScore: quality },
    rlLabels: { ...base.rlLabels!, reward, isPositiveExample: success, difficulty: options.difficulty ?? base.rlLabels!.difficulty },
    rlReady: options.rlReady ?? true,
    agentId,
    taskType,
    complexity,
    overallScore: quality,
    success,
    exportedAt: null,
    trainingBatchId: null,
  };
}
