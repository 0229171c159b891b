import { percentileOfSorted } from '@benchpool/utils';
import type { ExportCandidate, Selection, SelectionCounts, Shortfall } from './batch-selection';
import { canonicalRecord, RECORD_DECIMALS } from './canonical-json';
import type { ResolvedCriteria } from './export-criteria';
import { formatOf, RewardTransform } from './trl-records';

/** Version of the batch layout on rl.export.batch.v1 (manifest, records, end marker). */
export const BATCH_SCHEMA_VERSION = 'benchpool.rl-export.batch/1';

export type ManifestStatus = 'ready' | 'rejected';

export interface QualityStatistics {
  mean: number;
  stdDev: number;
  min: number;
  p10: number;
  p50: number;
  p90: number;
  max: number;
  rewardMean: number;
  successRate: number;
}

export interface BatchManifest {
  schemaVersion: string;
  batchId: string;
  requestId: string;
  phase: string;
  status: ManifestStatus;
  createdAt: string;
  format: { type: string; trainer: string; columns: string[]; sftFormat: string };
  criteria: ResolvedCriteria;
  counts: SelectionCounts & { records: number };
  split: { method: string; evalFraction: number; train: number; eval: number };
  distributions: { taskTypes: Record<string, number>; agents: Record<string, number>; complexities: Record<string, number> };
  quality: QualityStatistics | null;
  ordering: string;
  shortfalls: Shortfall[];
  privacy: { mechanism: string; epsilon: number; unit: string; tenantsCharged: number } | null;
  checksum: { algorithm: string; over: string; numbers: string; pythonLine: string };
}

export interface ManifestInput {
  batchId: string;
  requestId: string;
  criteria: ResolvedCriteria;
  selection: Selection;
  createdAt: Date;
  rewards: RewardTransform;
  /** extra shortfalls found after selection (privacy budget). */
  extraShortfalls?: Shortfall[];
  privacy?: BatchManifest['privacy'];
}

/** The manifest: criteria, counts, distributions, quality statistics, format, schema version and status. */
export function buildManifest(input: ManifestInput): BatchManifest {
  const { selection, criteria } = input;
  const shortfalls = [...selection.shortfalls, ...(input.extraShortfalls ?? [])];
  const status: ManifestStatus = shortfalls.length > 0 ? 'rejected' : 'ready';
  const rows = status === 'ready' ? selection.items : [];
  const chosen = rows.map((item) => selection.points.get(item.id)).filter((point): point is ExportCandidate => point !== undefined);
  const allPoints = rows.flatMap((item) => [item.id, ...(item.rejectedId ? [item.rejectedId] : [])]).map((id) => selection.points.get(id)).filter((point): point is ExportCandidate => point !== undefined);
  const format = formatOf(criteria.phase, criteria.format);
  const train = rows.filter((item) => item.split === 'train').length;
  return canonicalRecord({
    schemaVersion: BATCH_SCHEMA_VERSION,
    batchId: input.batchId,
    requestId: input.requestId,
    phase: criteria.phase,
    status,
    createdAt: input.createdAt.toISOString(),
    format: { ...format, sftFormat: criteria.format },
    criteria,
    counts: { ...selection.counts, records: rows.length },
    split: {
      method: criteria.phase === 'preference' ? 'sha256(task type + normalised prompt) < 1 - evalFraction → train' : 'sha256(data point id) < 1 - evalFraction → train',
      evalFraction: criteria.evalFraction,
      train,
      eval: rows.length - train,
    },
    distributions: {
      taskTypes: tally(chosen.map((point) => point.taskType)),
      agents: tally(allPoints.map((point) => point.agentId)),
      complexities: tally(chosen.map((point) => point.complexity)),
    },
    quality: qualityStatistics(chosen, input.rewards),
    ordering: selection.ordering,
    shortfalls,
    privacy: input.privacy ?? null,
    checksum: {
      algorithm: 'sha256',
      over: "the records' canonical JSON lines (keys sorted, no whitespace, UTF-8, non-ASCII unescaped) joined by '\\n', in sequence order, no trailing newline; written 'sha256:<hex>'",
      numbers: `non-integers are rounded to ${RECORD_DECIMALS} decimals before publishing`,
      pythonLine: 'json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)',
    },
  });
}

function tally(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of [...values].sort()) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** Statistics of what the records carry: with DP on, of the noisy values (never the raw ones). */
function qualityStatistics(points: ExportCandidate[], rewards: RewardTransform): QualityStatistics | null {
  if (points.length === 0) return null;
  const released = points.map((point) =>
    rewards.apply(point.id, {
      reward: point.reward,
      quality: point.quality,
      success: point.success,
      rubricScores: { format: 0, tool: 0, task: 0, minimal: 0, cost: 0, safety: 0 },
      turnRewards: [],
    }),
  );
  const qualities = released.map((values) => values.quality).sort((a, b) => a - b);
  const mean = qualities.reduce((sum, value) => sum + value, 0) / qualities.length;
  const variance = qualities.reduce((sum, value) => sum + (value - mean) ** 2, 0) / qualities.length;
  return {
    mean,
    stdDev: Math.sqrt(variance),
    min: qualities[0],
    p10: percentileOfSorted(qualities, 10),
    p50: percentileOfSorted(qualities, 50),
    p90: percentileOfSorted(qualities, 90),
    max: qualities[qualities.length - 1],
    rewardMean: released.reduce((sum, values) => sum + values.reward, 0) / released.length,
    successRate: released.filter((values) => values.success).length / released.length,
  };
}
