import type { CeilingResult } from './ceiling.runner';
import type { HostFacts, Versions } from './environment.probe';
import type { FootprintGrowth, FootprintSnapshot } from './footprint.probe';
import type { ProcessSeries } from './process.sampler';
import type { LatencySummary } from './simulator-report.types';

/** The artifact kinds a run writes into deliverables/perf/, all stamped with the run's stamp. */
export const ARTIFACT_KINDS = ['manifest', 'summary', 'metrics', 'series', 'chart'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number] | 'zip';

export function artifactFileName(kind: ArtifactKind, stamp: string): string {
  if (kind === 'chart') return `perf-chart-${stamp}.svg`;
  if (kind === 'zip') return `perf-artifacts-${stamp}.zip`;
  return `perf-${kind}-${stamp}.json`;
}

export interface PerfManifest {
  kind: 'benchpool-perf-manifest';
  schemaVersion: 1;
  stamp: string;
  generatedAt: string;
  command: string;
  episodes: number;
  workers: number;
  /** target submissions per second; null = as fast as the stack takes them */
  rate: number | null;
  timeouts: { decisionMs: number; storedMs: number };
  timeScale: number;
  scenario: {
    name: string;
    seed: string;
    description: string;
    agents: Array<{ agentId: string; name: string; capabilities: string[]; maxConcurrency: number; costPer1kTokens: number; hiddenBehaviour: Record<string, unknown> }>;
    taskMix: Array<{ type: string; requirements: string[]; weight: number; complexityWeights: Record<string, number> }>;
    tenants: Array<{ tenantId: string; weight: number }>;
    personalDataRate: number;
    drifts: unknown[];
    improvements: unknown[];
  };
  simulatorRunId: string;
  topicPrefix: string;
  versions: Versions;
  host: HostFacts;
  /** 1/5/15-minute load averages when the run started and when the episodes ended: a busy host explains slow runs */
  hostLoad: { atStart: number[]; atEnd: number[] };
  stack: { infrastructure: string; services: string; built: boolean };
  /** set when the run used a private set of the services (`--isolated`) */
  isolation: { topicPrefix: string; database: string; redisPrefix: string; dataKept: boolean } | null;
  thresholdsFile: string;
  baselineFile: string | null;
  artifacts: string[];
}

export interface SeriesRow {
  /** 1-based position in the run */
  episode: number;
  index: number;
  taskId: string;
  agent: string | null;
  agentVersion: string | null;
  taskType: string;
  complexity: string;
  tenantId: string;
  seed: string;
  /** the episode went through the whole loop (its data point was stored) */
  success: boolean;
  status: string;
  /** the agent's own (hidden) success and quality */
  agentSuccess: boolean | null;
  quality: number | null;
  overallScore: number | null;
  timestamps: {
    submittedAt: string;
    decisionReceivedAt: string | null;
    decidedAt: string | null;
    executionStartedAt: string | null;
    completionPublishedAt: string | null;
    storedAt: string | null;
    storedReceivedAt: string | null;
  };
  submitToDecisionMs: number | null;
  submitToStoredMs: number | null;
  ingressBytes: number;
  /** BSON size of the stored document (null when not sampled or not stored) */
  storedBytes: number | null;
  tokens: number | null;
  turns: number | null;
  simulatedLatencyMs: number | null;
  error: string | null;
}

export interface PerfSeries {
  kind: 'benchpool-perf-series';
  stamp: string;
  rows: SeriesRow[];
}

export type Percentiles = Pick<LatencySummary, 'p50' | 'p95' | 'p99' | 'max'> & { count: number; mean: number };

export interface PerfSummary {
  kind: 'benchpool-perf-summary';
  stamp: string;
  episodes: number;
  successes: number;
  failures: number;
  failureReasons: Record<string, number>;
  noEligibleAgent: number;
  durationSec: number;
  throughput: {
    /** stored points per second between the 10th and 90th percentile of completions */
    episodesPerSec: number;
    overallEpisodesPerSec: number;
    sustainedWindowSec: number;
  };
  latency: { submitToDecisionMs: Percentiles; submitToStoredMs: Percentiles };
  bytes: {
    perStoredPointMean: number | null;
    perStoredPointP95: number | null;
    storedPointsMeasured: number;
    ingressPerEpisodeMean: number;
    ingressRecordMeanBytes: number;
    kafkaRecordsPerEpisode: number | null;
  };
  footprint: {
    /** what the Kafka figures cover: the run's topic prefix (isolated run) or the whole broker */
    kafkaScope: string;
    before: FootprintSnapshot;
    after: FootprintSnapshot;
    growth: FootprintGrowth;
    perEpisode: { mongoDataBytes: number | null; mongoStorageBytes: number | null; redisUsedMemoryBytes: number | null; kafkaLogDirBytes: number | null };
  };
  resources: {
    intervalMs: number;
    maxServiceRssMb: number | null;
    serviceCpuSeconds: number | null;
    processes: ProcessSeries[];
  };
  ceiling: CeilingResult & {
    pipelineKafkaRecordsPerSec: number | null;
    ceilingEpisodesPerSec: number | null;
    /** the pipeline's episodes/s ÷ what the servers alone sustain, in episodes/s */
    fractionOfCeiling: number | null;
    fractionOfKafkaProducer: number | null;
    fractionOfMongoInsert: number | null;
    statement: string;
  };
  regret: { policy: number; random: number; roundRobin: number; ratioVsRandom: number | null; ratioVsRoundRobin: number | null };
  export: Record<string, unknown> | null;
  consistency: { ok: boolean; problems: string[] };
}

export interface MetricsGroup {
  agentId: string;
  taskType: string | null;
  count: number;
  stored: number;
  successRate: number | null;
  meanQuality: number | null;
  meanOverallScore: number | null;
  latencyMs: Percentiles;
  simulatedLatencyMs: Percentiles;
  routingShare: number;
  regret: number;
}

export interface PerfMetrics {
  kind: 'benchpool-perf-metrics';
  stamp: string;
  perAgent: MetricsGroup[];
  perAgentAndTaskType: MetricsGroup[];
  routingShareOverTime: Array<{ fromTask: number; toTask: number; decided: number; shares: Record<string, number> }>;
  regretCurve: unknown[];
  adaptation: unknown[];
}
