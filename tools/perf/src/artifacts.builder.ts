import type { MetricsGroup, Percentiles, PerfMetrics, SeriesRow } from './artifacts.model';
import type { GroupMetrics, SimulatedEpisode, SimulatorReport } from './simulator-report.types';

const iso = (time: number | undefined): string | null => (time === undefined || !Number.isFinite(time) ? null : new Date(time).toISOString());

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : Number.NaN);
  const mean = sorted.length ? sorted.reduce((sum, value) => sum + value, 0) / sorted.length : Number.NaN;
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.length ? sorted[sorted.length - 1] : Number.NaN, mean: Math.round(mean * 10) / 10 };
}

/** JSON has no NaN: empty percentiles are written as null. */
export function jsonSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, item) => (typeof item === 'number' && !Number.isFinite(item) ? null : item))) as T;
}

/** One row per episode, in index order. */
export function buildSeriesRows(episodes: readonly SimulatedEpisode[], storedBytes: ReadonlyMap<string, number>): SeriesRow[] {
  return [...episodes]
    .sort((left, right) => left.index - right.index)
    .map((episode, position) => {
      const times = episode.times;
      const stored = episode.status === 'stored';
      return {
        episode: position + 1,
        index: episode.index,
        taskId: episode.taskId,
        agent: episode.agentId,
        agentVersion: episode.agentVersion ?? null,
        taskType: episode.taskType,
        complexity: episode.complexity,
        tenantId: episode.tenantId,
        seed: episode.seed,
        success: stored,
        status: episode.status,
        agentSuccess: episode.success ?? null,
        quality: episode.quality ?? null,
        overallScore: episode.storedOverallScore ?? null,
        timestamps: {
          submittedAt: iso(times.submittedAt) as string,
          decisionReceivedAt: iso(times.decisionReceivedAt),
          decidedAt: iso(times.decidedAt),
          executionStartedAt: iso(times.executionStartedAt),
          completionPublishedAt: iso(times.completionPublishedAt),
          storedAt: iso(times.storedAt),
          storedReceivedAt: iso(times.storedReceivedAt),
        },
        submitToDecisionMs: times.decisionReceivedAt !== undefined ? times.decisionReceivedAt - times.submittedAt : null,
        submitToStoredMs: stored && times.storedReceivedAt !== undefined ? times.storedReceivedAt - times.submittedAt : null,
        ingressBytes: episode.ingressBytes,
        storedBytes: storedBytes.get(episode.taskId) ?? null,
        tokens: episode.tokensUsed ?? null,
        turns: episode.turns ?? null,
        simulatedLatencyMs: episode.simulatedLatencyMs ?? null,
        error: stored ? null : episode.error ?? episode.status,
      };
    });
}

/**
 * Sustained throughput: stored points per second between the 10th and the 90th percentile of
 * the completion times, so warm-up and drain do not count; the plain rate for tiny runs.
 */
export function sustainedThroughput(rows: readonly SeriesRow[]): { episodesPerSec: number; overallEpisodesPerSec: number; sustainedWindowSec: number; durationSec: number } {
  const submitted = rows.map((row) => Date.parse(row.timestamps.submittedAt));
  const stored = rows.flatMap((row) => (row.success && row.timestamps.storedReceivedAt ? [Date.parse(row.timestamps.storedReceivedAt)] : [])).sort((a, b) => a - b);
  const first = submitted.length ? Math.min(...submitted) : 0;
  const last = stored.length ? stored[stored.length - 1] : first;
  const durationSec = Math.max(0.001, (last - first) / 1000);
  const overall = stored.length / durationSec;
  if (stored.length < 20) return { episodesPerSec: round(overall), overallEpisodesPerSec: round(overall), sustainedWindowSec: round(durationSec), durationSec: round(durationSec) };
  const low = Math.floor(stored.length * 0.1);
  const high = Math.ceil(stored.length * 0.9) - 1;
  const windowSec = Math.max(0.001, (stored[high] - stored[low]) / 1000);
  return { episodesPerSec: round((high - low) / windowSec), overallEpisodesPerSec: round(overall), sustainedWindowSec: round(windowSec), durationSec: round(durationSec) };
}

/** Per-agent and per-(agent, task type) figures, recomputed from the series so they always agree with it. */
export function buildMetrics(stamp: string, report: SimulatorReport, rows: readonly SeriesRow[]): PerfMetrics {
  const routed = rows.filter((row) => row.agent !== null);
  const episodesByTask = new Map(report.episodes.map((episode) => [episode.taskId, episode]));
  const group = (agentId: string, taskType: string | null, slice: SeriesRow[], denominator: number): MetricsGroup => {
    const executed = slice.filter((row) => row.agentSuccess !== null);
    const stored = slice.filter((row) => row.success);
    const mean = (values: number[]): number | null => (values.length ? Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 10_000) / 10_000 : null);
    const regret = slice.reduce((sum, row) => {
      const episode = episodesByTask.get(row.taskId);
      return sum + Math.max(0, (episode?.oracleValue ?? 0) - (episode?.chosenValue ?? 0));
    }, 0);
    return {
      agentId,
      taskType,
      count: slice.length,
      stored: stored.length,
      successRate: mean(executed.map((row) => (row.agentSuccess ? 1 : 0))),
      meanQuality: mean(executed.flatMap((row) => (row.quality === null ? [] : [row.quality]))),
      meanOverallScore: mean(stored.flatMap((row) => (row.overallScore === null ? [] : [row.overallScore]))),
      latencyMs: percentiles(stored.flatMap((row) => (row.submitToStoredMs === null ? [] : [row.submitToStoredMs]))),
      simulatedLatencyMs: percentiles(executed.flatMap((row) => (row.simulatedLatencyMs === null ? [] : [row.simulatedLatencyMs]))),
      routingShare: denominator ? Math.round((slice.length / denominator) * 10_000) / 10_000 : 0,
      regret: Math.round(regret * 10_000) / 10_000,
    };
  };
  const agents = report.scenario.agents.map((agent) => agent.agentId);
  const extraAgents = [...new Set(routed.map((row) => row.agent as string))].filter((agentId) => !agents.includes(agentId));
  const allAgents = [...agents, ...extraAgents];
  const taskTypes = [...new Set(rows.map((row) => row.taskType))];
  const perAgent = allAgents.map((agentId) => group(agentId, null, routed.filter((row) => row.agent === agentId), routed.length));
  const perAgentAndTaskType = allAgents.flatMap((agentId) =>
    taskTypes.flatMap((taskType) => {
      const slice = routed.filter((row) => row.agent === agentId && row.taskType === taskType);
      return slice.length ? [group(agentId, taskType, slice, routed.filter((row) => row.taskType === taskType).length)] : [];
    }),
  );
  return jsonSafe({
    kind: 'benchpool-perf-metrics',
    stamp,
    perAgent,
    perAgentAndTaskType,
    routingShareOverTime: report.summary.shares,
    regretCurve: report.summary.regret.curve,
    adaptation: report.summary.adaptation,
  });
}

export function failureReasons(rows: readonly SeriesRow[]): Record<string, number> {
  const reasons: Record<string, number> = {};
  for (const row of rows) {
    if (row.success) continue;
    const reason = `${row.status}: ${(row.error ?? '').replace(/\s+/g, ' ').replace(/sim-[\w-]+-t\d+/g, '<task>').slice(0, 160)}`;
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  return reasons;
}

export type { GroupMetrics };

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
