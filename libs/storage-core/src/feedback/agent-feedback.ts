import type { AgentFeedbackReportedV1, Trend } from '@benchpool/contracts';
import type { AgentStatsDailyDocument, CellSums } from '../cold/agent-stats-daily.schema';
import { addCellSums, cellSumsOfDocument, emptyCellSums } from '../cold/daily-increments';
import {
  classifyTrend, DEFAULT_ALPHA, DEFAULT_MINIMUM_SAMPLES, hasEnoughSamples, TestResult, TREND_TEST_DESCRIPTION, twoProportionZTest, welchTTest,
} from '../statistics/trend-tests';

export interface FeedbackOptions {
  alpha: number;
  /** observations each window needs before a difference counts. */
  minimumSamples: number;
  /** how far from the fleet's success rate for a task type is a need / a strength. */
  fleetMargin: number;
  /** mean quality below this is a training need (the lowest RL phase threshold of the seeds is 0.6–0.7). */
  qualityFloor: number;
}

export const DEFAULT_FEEDBACK_OPTIONS: FeedbackOptions = {
  alpha: DEFAULT_ALPHA, minimumSamples: DEFAULT_MINIMUM_SAMPLES, fleetMargin: 0.1, qualityFloor: 0.7,
};

export interface FeedbackInput {
  agentId: string;
  /** the current window [start, end) and the equally long previous window before it. */
  timeRange: { start: Date; end: Date };
  current: readonly AgentStatsDailyDocument[];
  previous: readonly AgentStatsDailyDocument[];
  /** every agent's cells of the current window, for the fleet comparison. */
  fleetCurrent: readonly AgentStatsDailyDocument[];
  reportedAt: Date;
}

export interface TrendEvidence {
  trend: Trend;
  test: 'two-proportion z-test' | 'Welch t-test';
  before: number | null;
  after: number | null;
  statistic: number | null;
  pValue: number | null;
  samples: { before: number; after: number };
}

/** AgentFeedbackReportedV1 plus the numbers behind it (the API returns both; the event carries the contract fields). */
export interface AgentFeedbackReport {
  event: AgentFeedbackReportedV1;
  evidence: { successRate: TrendEvidence; quality: TrendEvidence; latency: TrendEvidence; pointsCurrent: number; pointsPrevious: number };
}

function sumDocuments(documents: readonly AgentStatsDailyDocument[]): CellSums {
  return documents.reduce((total, document) => addCellSums(total, cellSumsOfDocument(document)), emptyCellSums());
}

function byTaskType(documents: readonly AgentStatsDailyDocument[]): Map<string, CellSums> {
  const result = new Map<string, CellSums>();
  for (const document of documents) result.set(document.taskType, addCellSums(result.get(document.taskType) ?? emptyCellSums(), cellSumsOfDocument(document)));
  return result;
}

const fixed = (value: number, digits = 2): string => value.toFixed(digits);
const rounded = (value: number): number => Math.round(value * 1000) / 1000;

function evidence(result: TestResult | null, trend: Trend, test: TrendEvidence['test'], before: number, after: number): TrendEvidence {
  return {
    trend, test,
    before: result ? rounded(result.before) : null,
    after: result ? rounded(result.after) : null,
    statistic: result && Number.isFinite(result.statistic) ? rounded(result.statistic) : result ? result.statistic : null,
    pValue: result ? Math.round(result.pValue * 10_000) / 10_000 : null,
    samples: { before, after },
  };
}

/**
 * The seeds' AgentFeedbackLog from cold aggregates. Trends compare the current window with the
 * previous one (success: two-proportion z-test; quality, latency: Welch's t-test; two-sided,
 * alpha 0.05; fewer than `minimumSamples` on either side → stable). Capability changes: per task
 * type, a significant change of success rate. Training needs / strengths: per task type with
 * enough samples, success rate below / above the fleet's by `fleetMargin`, mean quality below
 * `qualityFloor`, and degrading / improving trends.
 */
export function buildAgentFeedback(input: FeedbackInput, options: FeedbackOptions = DEFAULT_FEEDBACK_OPTIONS): AgentFeedbackReport {
  const current = sumDocuments(input.current);
  const previous = sumDocuments(input.previous);

  const successEnough = hasEnoughSamples(previous.count, current.count, options.minimumSamples);
  const successTest = successEnough ? twoProportionZTest({ successes: previous.successes, trials: previous.count }, { successes: current.successes, trials: current.count }) : null;
  const qualityEnough = hasEnoughSamples(previous.qualityCount, current.qualityCount, options.minimumSamples);
  const qualityTest = qualityEnough
    ? welchTTest(
        { count: previous.qualityCount, sum: previous.qualitySum, sumOfSquares: previous.qualitySumOfSquares },
        { count: current.qualityCount, sum: current.qualitySum, sumOfSquares: current.qualitySumOfSquares },
      )
    : null;
  const latencyEnough = hasEnoughSamples(previous.latencyCount, current.latencyCount, options.minimumSamples);
  const latencyTest = latencyEnough
    ? welchTTest(
        { count: previous.latencyCount, sum: previous.latencySum, sumOfSquares: previous.latencySumOfSquares },
        { count: current.latencyCount, sum: current.latencySum, sumOfSquares: current.latencySumOfSquares },
      )
    : null;
  const trends = {
    successRateTrend: classifyTrend(successTest, true, options.alpha),
    qualityScoreTrend: classifyTrend(qualityTest, true, options.alpha),
    latencyTrend: classifyTrend(latencyTest, false, options.alpha),
  };

  const capabilityChanges: AgentFeedbackReportedV1['capabilityChanges'] = [];
  const currentByType = byTaskType(input.current);
  const previousByType = byTaskType(input.previous);
  for (const [taskType, now] of [...currentByType].sort(([a], [b]) => a.localeCompare(b))) {
    const before = previousByType.get(taskType);
    if (!before || !hasEnoughSamples(before.count, now.count, options.minimumSamples)) continue;
    const test = twoProportionZTest({ successes: before.successes, trials: before.count }, { successes: now.successes, trials: now.count });
    const trend = classifyTrend(test, true, options.alpha);
    if (!test || trend === 'stable') continue;
    const change = { from: rounded(test.before), to: rounded(test.after) };
    capabilityChanges.push(trend === 'improving' ? { capability: taskType, improved: change } : { capability: taskType, degraded: change });
  }

  const fleetByType = byTaskType(input.fleetCurrent);
  const trainingNeeds: string[] = [];
  const strengthAreas: string[] = [];
  for (const [taskType, now] of [...currentByType].sort(([a], [b]) => a.localeCompare(b))) {
    if (now.count < options.minimumSamples) continue;
    const rate = now.successes / now.count;
    const fleet = fleetByType.get(taskType);
    const fleetRate = fleet && fleet.count > 0 ? fleet.successes / fleet.count : rate;
    const quality = now.qualityCount > 0 ? now.qualitySum / now.qualityCount : null;
    if (rate < fleetRate - options.fleetMargin) trainingNeeds.push(`${taskType}: success rate ${fixed(rate)}, below the fleet mean ${fixed(fleetRate)}`);
    if (quality !== null && quality < options.qualityFloor) trainingNeeds.push(`${taskType}: mean quality ${fixed(quality)}, below ${fixed(options.qualityFloor)}`);
    if (rate > fleetRate + options.fleetMargin) strengthAreas.push(`${taskType}: success rate ${fixed(rate)}, above the fleet mean ${fixed(fleetRate)}`);
    else if (rate >= 0.9 && quality !== null && quality >= 0.85) strengthAreas.push(`${taskType}: success rate ${fixed(rate)}, mean quality ${fixed(quality)}`);
  }
  const describe = (name: string, test: TestResult | null, kind: 'z' | 't'): string =>
    `${name} (${kind} = ${test && Number.isFinite(test.statistic) ? fixed(test.statistic) : '∞'}, p = ${test ? test.pValue.toFixed(3) : 'n/a'})`;
  if (trends.successRateTrend === 'degrading') trainingNeeds.push(describe('overall success rate degrading', successTest, 'z'));
  if (trends.qualityScoreTrend === 'degrading') trainingNeeds.push(describe('overall quality degrading', qualityTest, 't'));
  if (trends.latencyTrend === 'degrading') trainingNeeds.push(describe('latency rising', latencyTest, 't'));
  if (trends.successRateTrend === 'improving') strengthAreas.push(describe('overall success rate improving', successTest, 'z'));
  if (trends.qualityScoreTrend === 'improving') strengthAreas.push(describe('overall quality improving', qualityTest, 't'));
  if (trends.latencyTrend === 'improving') strengthAreas.push(describe('latency falling', latencyTest, 't'));

  return {
    event: {
      agentId: input.agentId,
      timeRange: { start: input.timeRange.start.toISOString(), end: input.timeRange.end.toISOString() },
      trends,
      capabilityChanges,
      trainingNeeds,
      strengthAreas,
      test: TREND_TEST_DESCRIPTION,
      reportedAt: input.reportedAt.toISOString(),
    },
    evidence: {
      successRate: evidence(successTest, trends.successRateTrend, 'two-proportion z-test', previous.count, current.count),
      quality: evidence(qualityTest, trends.qualityScoreTrend, 'Welch t-test', previous.qualityCount, current.qualityCount),
      latency: evidence(latencyTest, trends.latencyTrend, 'Welch t-test', previous.latencyCount, current.latencyCount),
      pointsCurrent: current.count,
      pointsPrevious: previous.count,
    },
  };
}
