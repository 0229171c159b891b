import type { Complexity } from './scenario.model';

/** How an episode (one task through the whole loop) ended. */
export type EpisodeStatus =
  | 'stored'
  | 'no-agent'
  | 'decision-timeout'
  | 'stored-timeout'
  | 'quarantined'
  | 'dead-lettered'
  | 'error';

/** Every status except these counts as a failure of the loop. */
export const SUCCESSFUL_EPISODE_STATUSES: readonly EpisodeStatus[] = ['stored'];

/** Wall-clock times (epoch ms) of each stage, as seen by the simulated arbiter. */
export interface EpisodeStageTimes {
  submittedAt: number;
  decisionReceivedAt?: number;
  /** routing's own decidedAt */
  decidedAt?: number;
  executionStartedAt?: number;
  completionPublishedAt?: number;
  /** storage-tiering's storedAt */
  storedAt?: number;
  storedReceivedAt?: number;
}

/** One row of the simulator's per-episode record (and of the perf harness's series). */
export interface EpisodeRecord {
  index: number;
  taskId: string;
  tenantId: string;
  taskType: string;
  complexity: Complexity;
  segment: string;
  /** the seed the task's content and outcome were drawn from: `<scenario seed>/task/<index>` */
  seed: string;
  status: EpisodeStatus;
  error?: string;
  /** dead letters and other warnings about this task that did not end the episode */
  warnings: string[];
  agentId: string | null;
  agentVersion?: string;
  strategy?: string;
  propensity?: number;
  confidence?: number;
  explored?: boolean;
  fallback?: boolean;
  personalDataKinds: string[];
  /** the hidden outcome the arbiter reported */
  success?: boolean;
  partialSuccess?: boolean;
  quality?: number;
  changeKind?: string;
  turns?: number;
  tokensUsed?: number;
  /** agent latency in simulated time, before compression */
  simulatedLatencyMs?: number;
  /** agent latency as reported (compressed) */
  reportedLatencyMs?: number;
  /** bytes of every CloudEvent the arbiter published for this task */
  ingressBytes: number;
  /** what storage-tiering reported back */
  storedSuccess?: boolean;
  storedOverallScore?: number;
  rlReady?: boolean;
  /** expected value (hidden success probability) of the chosen agent, and of the oracle */
  chosenValue?: number;
  oracleValue?: number;
  times: EpisodeStageTimes;
}
