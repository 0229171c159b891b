import { COMPLEXITIES, Complexity } from '@benchpool/contracts';
import { latencyBucketIndex, LatencyHistogram, mergeHistograms } from '../hot/latency-histogram';
import { dayKey } from '../hot/time-buckets';
import type { TierFacts } from '../warm/datapoint-document';
import type { AgentStatsDailyDocument, CellSums } from './agent-stats-daily.schema';

/** One `$inc` for one agent_stats_daily document. */
export interface DailyIncrement {
  key: string;
  day: string;
  agentId: string;
  taskType: string;
  /** dotted field → amount, ready for `$inc`. */
  inc: Record<string, number>;
  points: number;
}

const HISTOGRAM_FIELD_PREFIX = 'l';

export function aggregateKeyOf(day: string, agentId: string, taskType: string): string {
  return `${day}|${agentId}|${taskType}`;
}

function addCell(inc: Record<string, number>, prefix: string, facts: TierFacts): void {
  const add = (field: string, amount: number): void => {
    if (amount !== 0) inc[`${prefix}${field}`] = (inc[`${prefix}${field}`] ?? 0) + amount;
  };
  add('count', 1);
  add('successes', facts.success ? 1 : 0);
  add('complete', facts.complete ? 1 : 0);
  add('rlReady', facts.rlReady ? 1 : 0);
  add('cawsCompliant', facts.cawsCompliant ? 1 : 0);
  if (typeof facts.quality === 'number') {
    add('qualityCount', 1);
    add('qualitySum', facts.quality);
    add('qualitySumOfSquares', facts.quality * facts.quality);
  }
  if (typeof facts.reward === 'number') {
    add('rewardCount', 1);
    add('rewardSum', facts.reward);
  }
  add('tokensSum', facts.tokens);
  if (typeof facts.latencyMs === 'number') {
    add('latencyCount', 1);
    add('latencySum', facts.latencyMs);
    add('latencySumOfSquares', facts.latencyMs * facts.latencyMs);
    add(`latencyHistogram.${HISTOGRAM_FIELD_PREFIX}${latencyBucketIndex(facts.latencyMs)}`, 1);
  }
}

/** Groups the points of one storage batch by (day, agent, task type) into one `$inc` each. */
export function buildDailyIncrements(points: readonly TierFacts[]): DailyIncrement[] {
  const byKey = new Map<string, DailyIncrement>();
  for (const facts of points) {
    const day = dayKey(facts.timestampMs);
    const key = aggregateKeyOf(day, facts.agentId, facts.taskType);
    let increment = byKey.get(key);
    if (!increment) {
      increment = { key, day, agentId: facts.agentId, taskType: facts.taskType, inc: {}, points: 0 };
      byKey.set(key, increment);
    }
    increment.points += 1;
    addCell(increment.inc, '', facts);
    addCell(increment.inc, `byComplexity.${facts.complexity}.`, facts);
  }
  return [...byKey.values()];
}

export function emptyCellSums(): CellSums {
  return {
    count: 0, successes: 0, complete: 0, rlReady: 0, cawsCompliant: 0, qualityCount: 0, qualitySum: 0, qualitySumOfSquares: 0,
    rewardCount: 0, rewardSum: 0, tokensSum: 0, latencyCount: 0, latencySum: 0, latencySumOfSquares: 0, latencyHistogram: {},
  };
}

/** Reads a stored cell (histogram keys `l<index>`) into CellSums. */
export function cellSumsOf(stored: Partial<Record<keyof CellSums, unknown>> | undefined): CellSums {
  const sums = emptyCellSums();
  if (!stored) return sums;
  for (const field of Object.keys(sums) as Array<keyof CellSums>) {
    if (field === 'latencyHistogram') continue;
    const value = stored[field];
    if (typeof value === 'number') (sums[field] as number) = value;
  }
  const histogram = (stored.latencyHistogram ?? {}) as Record<string, number>;
  for (const [field, count] of Object.entries(histogram)) {
    if (field.startsWith(HISTOGRAM_FIELD_PREFIX)) sums.latencyHistogram[Number(field.slice(HISTOGRAM_FIELD_PREFIX.length))] = count;
  }
  return sums;
}

export function addCellSums(target: CellSums, source: CellSums): CellSums {
  for (const field of Object.keys(target) as Array<keyof CellSums>) {
    if (field === 'latencyHistogram') continue;
    (target[field] as number) += source[field] as number;
  }
  mergeHistograms(target.latencyHistogram as LatencyHistogram, source.latencyHistogram);
  return target;
}

/** The sums of a stored document, for all complexities or one. */
export function cellSumsOfDocument(document: AgentStatsDailyDocument, complexity?: Complexity): CellSums {
  if (!complexity) return cellSumsOf(document as unknown as Partial<Record<keyof CellSums, unknown>>);
  return cellSumsOf(document.byComplexity?.[complexity] as Partial<Record<keyof CellSums, unknown>> | undefined);
}

export function complexityCountsOf(document: AgentStatsDailyDocument): Record<Complexity, number> {
  const counts = { trivial: 0, standard: 0, complex: 0 } as Record<Complexity, number>;
  for (const complexity of COMPLEXITIES) counts[complexity] = cellSumsOfDocument(document, complexity).count;
  return counts;
}
