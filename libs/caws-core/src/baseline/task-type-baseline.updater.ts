import { DEFAULT_EVALUATION_CONFIG } from '../evaluation.config';
import type { EvaluationConfig, EvaluationExecution, EvaluationMetrics, TaskTypeBaseline } from '../evaluation.types';

export function createEmptyBaseline(taskType: string): TaskTypeBaseline {
  return { taskType, count: 0, meanTokens: 0, meanLatencyMs: 0, meanTotalReward: 0 };
}

/**
 * The baseline after one more evaluated task of its type. Pure: returns a new object.
 * Each mean m moves toward the new value x by m' = m + (x − m) / min(count + 1, window): an exact
 * running mean for the first `window` samples, then an exponential moving average with weight
 * 1/window so the baseline follows agents as they improve. A non-finite or negative value
 * leaves its mean unchanged.
 */
export function updateBaseline(
  baseline: TaskTypeBaseline,
  metrics: Pick<EvaluationMetrics, 'totalReward'>,
  execution: Pick<EvaluationExecution, 'tokensUsed' | 'latencyMs'>,
  config: Pick<EvaluationConfig, 'baselineWindow'> = DEFAULT_EVALUATION_CONFIG,
): TaskTypeBaseline {
  const count = (Number.isFinite(baseline.count) && baseline.count > 0 ? Math.floor(baseline.count) : 0) + 1;
  const step = 1 / Math.min(count, Math.max(1, config.baselineWindow));
  const move = (mean: number, value: number): number => {
    const start = Number.isFinite(mean) ? mean : 0;
    if (!Number.isFinite(value) || value < 0) return start;
    return start + (value - start) * step;
  };
  return {
    taskType: baseline.taskType,
    count,
    meanTokens: move(baseline.meanTokens, execution.tokensUsed),
    meanLatencyMs: move(baseline.meanLatencyMs, execution.latencyMs),
    meanTotalReward: move(baseline.meanTotalReward, metrics.totalReward),
  };
}
