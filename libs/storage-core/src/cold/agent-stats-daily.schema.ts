import { Schema } from 'mongoose';
import type { Complexity } from '@benchpool/contracts';
import type { LatencyHistogram } from '../hot/latency-histogram';

export const AGENT_STATS_DAILY_COLLECTION = 'agent_stats_daily';

/** Sums one (day, agent, task type[, complexity]) cell keeps; averages are sum / count. */
export interface CellSums {
  count: number;
  successes: number;
  complete: number;
  rlReady: number;
  cawsCompliant: number;
  qualityCount: number;
  qualitySum: number;
  qualitySumOfSquares: number;
  rewardCount: number;
  rewardSum: number;
  tokensSum: number;
  latencyCount: number;
  latencySum: number;
  latencySumOfSquares: number;
  /** bucket index (see hot/latency-histogram.ts) → count, stored under keys `l<index>`. */
  latencyHistogram: LatencyHistogram;
}

export interface AgentStatsDailyDocument extends CellSums {
  /** `${day}|${agentId}|${taskType}` */
  _id: string;
  day: string;
  agentId: string;
  taskType: string;
  byComplexity: Partial<Record<Complexity, CellSums>>;
  /**
   * Storage batches whose increments are in this document and whose journal entry is not yet
   * settled; the guard that makes `$inc` exactly-once (see ingest/datapoint-store.ts).
   */
  pendingTokens: string[];
}

/** benchpool.agent_stats_daily — the cold tier (2 years): one document per (day, agent, task type), maintained with $inc. */
export const agentStatsDailySchema = new Schema<AgentStatsDailyDocument>(
  {
    _id: String,
    day: { type: String, required: true },
    agentId: { type: String, required: true },
    taskType: { type: String, required: true },
    pendingTokens: [String],
  },
  { collection: AGENT_STATS_DAILY_COLLECTION, versionKey: false, autoIndex: false, strict: false },
);

// GET /v1/agents/:id/stats beyond the hot window and the feedback job: one agent's days in a range.
agentStatsDailySchema.index({ agentId: 1, day: 1, taskType: 1 }, { name: 'agent_day_type' });
// GET /v1/stats/system, GET /v1/collection/health and cold retention (day < cutoff): all cells of a day range.
agentStatsDailySchema.index({ day: 1, taskType: 1 }, { name: 'day_type' });
