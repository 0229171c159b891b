import type { ExportRequestedV1, TrainingPhase } from '@benchpool/contracts';

export type SftFormat = 'messages' | 'prompt-completion';

/** What a phase asks of its data when the request leaves a field out. */
export interface PhaseDefaults {
  minQuality: number;
  minCount: number;
  maxAgeDays: number;
  minTaskTypes: number;
  minAgents: number;
  /** curriculum: every task type seen in the time window must be in the batch. */
  fullTaskDistribution: boolean;
  includeFailures: boolean;
  rebalance: boolean;
}

/**
 * The seeds' quality thresholds (benchmark-data README, "Quality Thresholds") plus the diversity
 * each phase needs. Preference is not in the seeds' table: its minimum quality applies to the
 * chosen side only (the rejected side is by definition worse), 500 pairs is enough for a DPO
 * warm-up, and failures are included because a failed attempt is the most useful rejected answer.
 */
export const PHASE_DEFAULTS: Record<TrainingPhase, PhaseDefaults> = {
  sft: { minQuality: 0.8, minCount: 1_000, maxAgeDays: 90, minTaskTypes: 3, minAgents: 0, fullTaskDistribution: false, includeFailures: false, rebalance: true },
  'turn-level': { minQuality: 0.7, minCount: 5_000, maxAgeDays: 60, minTaskTypes: 5, minAgents: 0, fullTaskDistribution: false, includeFailures: false, rebalance: true },
  grpo: { minQuality: 0.7, minCount: 10_000, maxAgeDays: 90, minTaskTypes: 0, minAgents: 10, fullTaskDistribution: false, includeFailures: false, rebalance: true },
  // curriculum keeps the natural task distribution: no rebalancing by default
  curriculum: { minQuality: 0.6, minCount: 20_000, maxAgeDays: 180, minTaskTypes: 0, minAgents: 0, fullTaskDistribution: true, includeFailures: false, rebalance: false },
  preference: { minQuality: 0.7, minCount: 500, maxAgeDays: 90, minTaskTypes: 3, minAgents: 2, fullTaskDistribution: false, includeFailures: true, rebalance: false },
};

/** Share of a batch held out for evaluation (by hash, so a point never changes side). */
export const DEFAULT_EVAL_FRACTION = 0.1;
/** Preference: the chosen answer must beat the rejected one by at least this reward (or succeed where it failed). */
export const PREFERENCE_REWARD_MARGIN = 0.1;
/** Rebalancing caps a task-type × complexity stratum at this multiple of the mean stratum size. */
export const REBALANCE_MAX_RATIO = 3;

/** A request with every default filled in: what the batch was selected against (recorded in the manifest). */
export interface ResolvedCriteria {
  phase: TrainingPhase;
  from: string;
  to: string;
  taskTypes: string[] | null;
  agentIds: string[] | null;
  minQuality: number;
  minCount: number;
  maxCount: number | null;
  maxAgeDays: number;
  minTaskTypes: number;
  minAgents: number;
  fullTaskDistribution: boolean;
  includeFailures: boolean;
  rebalance: boolean;
  format: SftFormat;
  dpEpsilon: number | null;
  evalFraction: number;
}

/** Fills a request's missing fields from its phase's defaults; the window ends at `to` (or now). */
export function resolveCriteria(request: ExportRequestedV1, now: Date): ResolvedCriteria {
  const defaults = PHASE_DEFAULTS[request.phase];
  const maxAgeDays = request.maxAgeDays ?? defaults.maxAgeDays;
  const to = request.to ? new Date(request.to) : now;
  const oldest = new Date(to.getTime() - maxAgeDays * 86_400_000);
  // an explicit `from` can narrow the window but never reach past the phase's maximum age
  const from = request.from && new Date(request.from) > oldest ? new Date(request.from) : oldest;
  return {
    phase: request.phase,
    from: from.toISOString(),
    to: to.toISOString(),
    taskTypes: request.taskTypes?.length ? [...request.taskTypes].sort() : null,
    agentIds: request.agentIds?.length ? [...request.agentIds].sort() : null,
    minQuality: request.minQuality ?? defaults.minQuality,
    minCount: request.minCount ?? defaults.minCount,
    maxCount: request.maxCount ?? null,
    maxAgeDays,
    minTaskTypes: request.minTaskTypes ?? defaults.minTaskTypes,
    minAgents: request.minAgents ?? defaults.minAgents,
    fullTaskDistribution: defaults.fullTaskDistribution,
    includeFailures: request.includeFailures ?? defaults.includeFailures,
    rebalance: request.rebalance ?? defaults.rebalance,
    format: request.format ?? 'messages',
    dpEpsilon: request.dpEpsilon ?? null,
    evalFraction: DEFAULT_EVAL_FRACTION,
  };
}
