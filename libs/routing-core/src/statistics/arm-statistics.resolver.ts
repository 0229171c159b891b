import {
  ArmStatsSnapshot,
  BetaParameters,
  StatsLevel,
  UNIFORM_PRIOR,
  armStatsKey,
  effectiveSamples,
  posteriorMean,
} from './arm-statistics.model';

export interface ResolvedArmStats extends BetaParameters {
  /** which level the posterior came from; 'prior' when the agent has no evidence at all. */
  level: StatsLevel;
  key: string;
  /** raw updates at the chosen level. */
  count: number;
  /** discounted evidence α + β − α₀ − β₀ at the chosen level. */
  effectiveSamples: number;
  mean: number;
  /** raw updates at the segment level, whatever level was used (canary counting needs it). */
  segmentCount: number;
  /** clock ticks since the chosen level's last reward, when the store knows it. */
  idleTicks?: number;
}

export interface BackOffOptions {
  /** a level is used once its discounted evidence reaches this many samples. */
  minSamples?: number;
  prior?: BetaParameters;
}

export const DEFAULT_MIN_SEGMENT_SAMPLES = 5;

/**
 * Back-off: the segment posterior when it has at least `minSamples` rewards (or that much
 * discounted evidence, which a warm-started version inherits), else the task-type one, else the
 * agent-wide one, each capped at `minSamples` of evidence (same mean, wider); when no coarse level
 * has enough, the one with the most evidence; the prior only when the agent was never rewarded.
 * The segment's own few samples are not mixed in: the level reported is the one whose numbers
 * are used.
 */
export function resolveArmStats(
  stats: ArmStatsSnapshot,
  agentId: string,
  taskType: string,
  complexity: string,
  options: BackOffOptions = {},
): ResolvedArmStats {
  const minSamples = options.minSamples ?? DEFAULT_MIN_SEGMENT_SAMPLES;
  const prior = options.prior ?? UNIFORM_PRIOR;
  const levels: Array<{ level: Exclude<StatsLevel, 'prior'>; key: string }> = [
    { level: 'segment', key: armStatsKey(agentId, taskType, complexity) },
    { level: 'task-type', key: armStatsKey(agentId, taskType) },
    { level: 'agent', key: armStatsKey(agentId) },
  ];
  const segmentCount = stats.get(levels[0].key)?.count ?? 0;
  let best: ResolvedArmStats | null = null;
  for (const { level, key } of levels) {
    const found = stats.get(key);
    if (!found) continue;
    const samples = effectiveSamples(found, prior);
    // raw count: a segment whose evidence was discounted away keeps its own (now uncertain)
    // posterior; discounted evidence: a warm-started version's inherited evidence counts
    if (level === 'segment' && (found.count >= minSamples || samples >= minSamples)) {
      return {
        alpha: found.alpha,
        beta: found.beta,
        level,
        key,
        count: found.count,
        effectiveSamples: samples,
        mean: posteriorMean(found),
        segmentCount,
        ...(found.idleTicks !== undefined ? { idleTicks: found.idleTicks } : {}),
      };
    }
    if (level === 'segment' || samples <= 0) continue;
    // A coarser level speaks for this segment only as an informed prior: its evidence is scaled
    // down to at most minSamples, otherwise an agent that does badly elsewhere would never be
    // tried here (and an agent that improved here would never be noticed).
    const scale = samples > minSamples && minSamples > 0 ? minSamples / samples : 1;
    const alpha = prior.alpha + (found.alpha - prior.alpha) * scale;
    const beta = prior.beta + (found.beta - prior.beta) * scale;
    const resolved: ResolvedArmStats = {
      alpha,
      beta,
      level,
      key,
      count: found.count,
      effectiveSamples: samples * scale,
      mean: posteriorMean({ alpha, beta }),
      segmentCount,
    };
    if (found.count >= minSamples || samples >= minSamples) return resolved;
    if (best === null || resolved.effectiveSamples > best.effectiveSamples) best = resolved;
  }
  return (
    best ?? {
      alpha: prior.alpha,
      beta: prior.beta,
      level: 'prior',
      key: armStatsKey(agentId),
      count: 0,
      effectiveSamples: 0,
      mean: posteriorMean(prior),
      segmentCount,
    }
  );
}
