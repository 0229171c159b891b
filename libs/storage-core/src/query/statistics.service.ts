import { COMPLEXITIES, Complexity } from '@benchpool/contracts';
import type { Clock } from '../clock';
import type { AgentStatsDailyDocument } from '../cold/agent-stats-daily.schema';
import type { AgentStatsDailyRepository } from '../cold/agent-stats-daily.repository';
import { addCellSums, cellSumsOfDocument, complexityCountsOf, emptyCellSums } from '../cold/daily-increments';
import type { HotStatsRepository } from '../hot/hot-stats.repository';
import { DAY_MS, dayKey, dayStartMs, daysBetween, daysEndingAt, HOUR_MS, hourBucketStart } from '../hot/time-buckets';
import type { QuarantineRepository } from '../quarantine/quarantine.repository';
import { StatisticsSummary, summarizeSums } from '../statistics/summary';

export interface AgentStatisticsQuery {
  agentId: string;
  taskType?: string;
  complexity?: Complexity;
  windowHours: number;
  end?: Date;
}

export interface AgentStatistics extends StatisticsSummary {
  agentId: string;
  taskType: string | null;
  complexity: Complexity | null;
  /** hot: hourly buckets in Redis (windows up to the hot window); cold: daily aggregates in MongoDB. */
  source: 'hot' | 'cold';
  window: { start: string; end: string; hours: number };
}

export type SystemGroupBy = 'task-type' | 'agent' | 'day';

export interface SystemStatistics {
  groupBy: SystemGroupBy;
  timeRange: { fromDay: string; toDay: string };
  source: 'cold';
  total: StatisticsSummary;
  groups: Array<StatisticsSummary & { key: string }>;
}

export interface CollectionHealth {
  timeRange: { fromDay: string; toDay: string; days: number };
  dataPointsPerDay: number;
  dataPointsByDay: Record<string, number>;
  dataPointsPerAgent: Record<string, number>;
  dataPointsPerTaskType: Record<string, number>;
  stored: number;
  quarantined: number;
  /** stored / (stored + quarantined) × 100; target ≥ 95. */
  validDataPercentage: number | null;
  /** quarantines with a privacy error; target 0. */
  privacyViolations: number;
  /** quarantines with a completeness/types error; target < 5 %. */
  schemaValidationFailures: number;
  schemaValidationFailurePercentage: number | null;
  quarantinedByGate: Record<string, number>;
  rlReadyPercentage: number | null;
  agentsCovered: number;
  taskTypesCovered: number;
  complexityDistribution: Record<Complexity, number>;
  targets: { validDataPercentage: number; privacyViolations: number; schemaValidationFailurePercentage: number; taskTypesCovered: number };
  meetsTargets: { validDataPercentage: boolean; privacyViolations: boolean; schemaValidationFailurePercentage: boolean; taskTypesCovered: boolean };
}

const percentage = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 100 : null);

/** The read side of the query API over the hot and cold tiers. */
export class StatisticsService {
  constructor(
    private readonly hot: HotStatsRepository,
    private readonly cold: AgentStatsDailyRepository,
    private readonly quarantine: QuarantineRepository,
    private readonly clock: Clock,
    private readonly hotWindowHours: number,
  ) {}

  /** Hot tier for windows up to the hot window; otherwise the cold tier's whole UTC days ending with the end's day. */
  async agentStatistics(query: AgentStatisticsQuery): Promise<AgentStatistics> {
    const end = query.end ?? this.clock.now();
    const base = { agentId: query.agentId, taskType: query.taskType ?? null, complexity: query.complexity ?? null };
    if (query.windowHours <= this.hotWindowHours) {
      const sums = await this.hot.read({ ...query, endMs: end.getTime() });
      const start = hourBucketStart(end.getTime()) - (query.windowHours - 1) * HOUR_MS;
      return { ...base, source: 'hot', window: { start: new Date(start).toISOString(), end: end.toISOString(), hours: query.windowHours }, ...summarizeSums(sums) };
    }
    const days = daysEndingAt(end, Math.ceil(query.windowHours / 24));
    const documents = await this.cold.findRange({ fromDay: days[0], toDay: days[days.length - 1], agentId: query.agentId, taskType: query.taskType });
    const sums = documents.reduce((total, document) => addCellSums(total, cellSumsOfDocument(document, query.complexity)), emptyCellSums());
    const start = dayStartMs(days[0]);
    const windowEnd = dayStartMs(days[days.length - 1]) + DAY_MS;
    return {
      ...base, source: 'cold',
      window: { start: new Date(start).toISOString(), end: new Date(windowEnd).toISOString(), hours: (windowEnd - start) / HOUR_MS },
      ...summarizeSums(sums),
    };
  }

  async systemStatistics(query: { groupBy: SystemGroupBy; from?: Date; to?: Date }): Promise<SystemStatistics> {
    const { fromDay, toDay } = this.dayRange(query.from, query.to, 30);
    const documents = await this.cold.findRange({ fromDay, toDay });
    const groups = new Map<string, ReturnType<typeof emptyCellSums>>();
    const total = emptyCellSums();
    for (const document of documents) {
      const key = query.groupBy === 'agent' ? document.agentId : query.groupBy === 'day' ? document.day : document.taskType;
      const sums = cellSumsOfDocument(document);
      groups.set(key, addCellSums(groups.get(key) ?? emptyCellSums(), sums));
      addCellSums(total, sums);
    }
    return {
      groupBy: query.groupBy,
      timeRange: { fromDay, toDay },
      source: 'cold',
      total: summarizeSums(total),
      groups: [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([key, sums]) => ({ key, ...summarizeSums(sums) })),
    };
  }

  /** The seeds' CollectionMetrics over whole UTC days (default: the last 7). */
  async collectionHealth(query: { from?: Date; to?: Date }): Promise<CollectionHealth> {
    const { fromDay, toDay } = this.dayRange(query.from, query.to, 7);
    const [documents, quarantine] = await Promise.all([this.cold.findRange({ fromDay, toDay }), this.quarantine.countRange(fromDay, toDay)]);
    const byDay: Record<string, number> = {};
    const byAgent: Record<string, number> = {};
    const byTaskType: Record<string, number> = {};
    const complexityDistribution = Object.fromEntries(COMPLEXITIES.map((complexity) => [complexity, 0])) as Record<Complexity, number>;
    let stored = 0;
    let rlReady = 0;
    for (const document of documents as AgentStatsDailyDocument[]) {
      const sums = cellSumsOfDocument(document);
      stored += sums.count;
      rlReady += sums.rlReady;
      byDay[document.day] = (byDay[document.day] ?? 0) + sums.count;
      byAgent[document.agentId] = (byAgent[document.agentId] ?? 0) + sums.count;
      byTaskType[document.taskType] = (byTaskType[document.taskType] ?? 0) + sums.count;
      const complexities = complexityCountsOf(document);
      for (const complexity of COMPLEXITIES) complexityDistribution[complexity] += complexities[complexity];
    }
    const days = daysBetween(fromDay, toDay).length;
    const received = stored + quarantine.quarantined;
    const validDataPercentage = percentage(stored, received);
    const schemaValidationFailurePercentage = percentage(quarantine.schemaFailures, received);
    const targets = { validDataPercentage: 95, privacyViolations: 0, schemaValidationFailurePercentage: 5, taskTypesCovered: 5 };
    const taskTypesCovered = Object.keys(byTaskType).length;
    return {
      timeRange: { fromDay, toDay, days },
      dataPointsPerDay: days > 0 ? Math.round((stored / days) * 100) / 100 : 0,
      dataPointsByDay: byDay,
      dataPointsPerAgent: byAgent,
      dataPointsPerTaskType: byTaskType,
      stored,
      quarantined: quarantine.quarantined,
      validDataPercentage,
      privacyViolations: quarantine.privacyViolations,
      schemaValidationFailures: quarantine.schemaFailures,
      schemaValidationFailurePercentage,
      quarantinedByGate: quarantine.byGate,
      rlReadyPercentage: percentage(rlReady, stored),
      agentsCovered: Object.keys(byAgent).length,
      taskTypesCovered,
      complexityDistribution,
      targets,
      meetsTargets: {
        validDataPercentage: validDataPercentage === null || validDataPercentage >= targets.validDataPercentage,
        privacyViolations: quarantine.privacyViolations <= targets.privacyViolations,
        schemaValidationFailurePercentage: schemaValidationFailurePercentage === null || schemaValidationFailurePercentage < targets.schemaValidationFailurePercentage,
        taskTypesCovered: taskTypesCovered >= targets.taskTypesCovered,
      },
    };
  }

  private dayRange(from: Date | undefined, to: Date | undefined, defaultDays: number): { fromDay: string; toDay: string } {
    const end = to ?? this.clock.now();
    // `to` is exclusive when it is a day boundary: [from, to) covers the days before it
    const toDay = to && to.getTime() === dayStartMs(dayKey(to)) ? dayKey(to.getTime() - DAY_MS) : dayKey(end);
    const fromDay = from ? dayKey(from) : dayKey(dayStartMs(toDay) - (defaultDays - 1) * DAY_MS);
    return { fromDay, toDay };
  }
}
