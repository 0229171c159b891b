import { summarize, LatencySummary } from '@benchpool/utils';
import type { EpisodeRecord } from './episode.model';
import type { HiddenWorld } from './hidden-world';
import { computeRegret, RegretInput, RegretReport, routingShareOverTime, ShareWindow, tasksToAdapt } from './regret';

export interface EpisodeCounts {
  submitted: number;
  decisions: number;
  noAgent: number;
  executed: number;
  stored: number;
  quarantined: number;
  decisionTimeouts: number;
  storedTimeouts: number;
  deadLettered: number;
  errors: number;
  failures: number;
}

export interface GroupMetrics {
  count: number;
  stored: number;
  successRate: number | null;
  meanQuality: number | null;
  meanOverallScore: number | null;
  routingShare: number;
  /** expected-value loss of the tasks routed here against the oracle */
  regret: number;
  submitToStoredMs: LatencySummary;
  simulatedLatencyMs: LatencySummary;
  meanTokens: number | null;
}

export interface AdaptationResult {
  event: string;
  agentId: string;
  segment: string;
  atTask: number;
  /** tasks of the segment until the agent's rolling share reached half of its optimal share; null = never */
  tasksToAdapt: number | null;
  segmentTasksAfter: number;
}

export interface SimulationSummary {
  counts: EpisodeCounts;
  regret: RegretReport;
  shares: ShareWindow[];
  adaptation: AdaptationResult[];
  perAgent: Record<string, GroupMetrics>;
  /** key `<agentId>|<taskType>` */
  perAgentAndTaskType: Record<string, GroupMetrics & { agentId: string; taskType: string }>;
  latency: { submitToDecisionMs: LatencySummary; submitToStoredMs: LatencySummary };
  failureReasons: Record<string, number>;
}

export function countEpisodes(episodes: readonly EpisodeRecord[]): EpisodeCounts {
  const by = (status: EpisodeRecord['status']): number => episodes.filter((episode) => episode.status === status).length;
  const decisions = episodes.filter((episode) => episode.times.decisionReceivedAt !== undefined).length;
  const stored = by('stored');
  return {
    submitted: episodes.length,
    decisions,
    noAgent: by('no-agent'),
    executed: episodes.filter((episode) => episode.times.completionPublishedAt !== undefined).length,
    stored,
    quarantined: by('quarantined'),
    decisionTimeouts: by('decision-timeout'),
    storedTimeouts: by('stored-timeout'),
    deadLettered: by('dead-lettered'),
    errors: by('error'),
    failures: episodes.length - stored,
  };
}

/** The regret inputs of the decided episodes: every eligible agent's hidden value at that task. */
export function regretInputs(world: HiddenWorld, episodes: readonly EpisodeRecord[]): RegretInput[] {
  const requirementsOf = new Map(world.scenario.taskTypes.map((type) => [type.type, type.requirements]));
  return episodes
    .filter((episode) => episode.times.decisionReceivedAt !== undefined)
    .map((episode) => {
      const task = { type: episode.taskType, complexity: episode.complexity, index: episode.index };
      const eligible = world
        .eligibleAgents({ requirements: requirementsOf.get(episode.taskType) ?? [] })
        .map((agent) => ({ agentId: agent.agentId, value: world.expectedValue(agent.agentId, task) }));
      return {
        taskIndex: episode.index,
        segment: episode.segment,
        eligible,
        chosenAgentId: episode.agentId,
        chosenValue: episode.agentId ? world.expectedValue(episode.agentId, task, episode.agentVersion) : 0,
      };
    });
}

function group(episodes: readonly EpisodeRecord[], decidedTotal: number): GroupMetrics {
  const stored = episodes.filter((episode) => episode.status === 'stored');
  const executed = episodes.filter((episode) => episode.success !== undefined);
  const mean = (values: number[]): number | null => (values.length ? round(values.reduce((sum, value) => sum + value, 0) / values.length) : null);
  return {
    count: episodes.length,
    stored: stored.length,
    successRate: mean(executed.map((episode) => (episode.success ? 1 : 0))),
    meanQuality: mean(executed.map((episode) => episode.quality ?? 0)),
    meanOverallScore: mean(stored.flatMap((episode) => (episode.storedOverallScore === undefined ? [] : [episode.storedOverallScore]))),
    routingShare: decidedTotal ? round(episodes.length / decidedTotal) : 0,
    regret: round(episodes.reduce((sum, episode) => sum + Math.max(0, (episode.oracleValue ?? 0) - (episode.chosenValue ?? 0)), 0)),
    submitToStoredMs: summarize(stored.flatMap((episode) => (episode.times.storedReceivedAt ? [episode.times.storedReceivedAt - episode.times.submittedAt] : []))),
    simulatedLatencyMs: summarize(executed.flatMap((episode) => (episode.simulatedLatencyMs === undefined ? [] : [episode.simulatedLatencyMs]))),
    meanTokens: mean(executed.flatMap((episode) => (episode.tokensUsed === undefined ? [] : [episode.tokensUsed]))),
  };
}

/** Fills each episode's chosen/oracle values from the hidden world (the simulator records them as it goes too). */
export function annotateValues(world: HiddenWorld, episodes: EpisodeRecord[]): void {
  const requirementsOf = new Map(world.scenario.taskTypes.map((type) => [type.type, type.requirements]));
  for (const episode of episodes) {
    if (!episode.agentId) continue;
    const task = { type: episode.taskType, complexity: episode.complexity, index: episode.index, requirements: requirementsOf.get(episode.taskType) ?? [] };
    episode.chosenValue = world.expectedValue(episode.agentId, task, episode.agentVersion);
    episode.oracleValue = world.oracle(task)?.value ?? 0;
  }
}

export function summarizeSimulation(world: HiddenWorld, episodes: EpisodeRecord[]): SimulationSummary {
  annotateValues(world, episodes);
  const agentIds = world.agents.map((agent) => agent.agentId);
  const decided = episodes.filter((episode) => episode.agentId !== null);
  const perAgent: SimulationSummary['perAgent'] = {};
  for (const agentId of agentIds) perAgent[agentId] = group(decided.filter((episode) => episode.agentId === agentId), decided.length);
  const perAgentAndTaskType: SimulationSummary['perAgentAndTaskType'] = {};
  for (const agentId of agentIds) {
    for (const type of world.scenario.taskTypes) {
      const slice = decided.filter((episode) => episode.agentId === agentId && episode.taskType === type.type);
      if (slice.length === 0) continue;
      const decidedOfType = decided.filter((episode) => episode.taskType === type.type).length;
      perAgentAndTaskType[`${agentId}|${type.type}`] = { agentId, taskType: type.type, ...group(slice, decidedOfType) };
    }
  }
  const choices = episodes
    .filter((episode) => episode.times.decisionReceivedAt !== undefined)
    .map((episode) => ({ taskIndex: episode.index, agentId: episode.agentId, segment: episode.segment }));
  const failureReasons: Record<string, number> = {};
  for (const episode of episodes) {
    if (episode.status === 'stored') continue;
    const reason = `${episode.status}${episode.error ? `: ${episode.error.replace(/\s+/g, ' ').slice(0, 160)}` : ''}`;
    failureReasons[reason] = (failureReasons[reason] ?? 0) + 1;
  }
  return {
    counts: countEpisodes(episodes),
    regret: computeRegret(regretInputs(world, episodes), agentIds),
    shares: routingShareOverTime(choices, agentIds),
    adaptation: adaptationResults(world, choices),
    perAgent,
    perAgentAndTaskType,
    latency: {
      submitToDecisionMs: summarize(episodes.flatMap((episode) => (episode.times.decisionReceivedAt ? [episode.times.decisionReceivedAt - episode.times.submittedAt] : []))),
      submitToStoredMs: summarize(episodes.flatMap((episode) => (episode.times.storedReceivedAt ? [episode.times.storedReceivedAt - episode.times.submittedAt] : []))),
    },
    failureReasons,
  };
}

/** For each drift or deployment that makes an agent the segment's best: how fast routing moved to it. */
function adaptationResults(world: HiddenWorld, choices: Array<{ taskIndex: number; agentId: string | null; segment: string }>): AdaptationResult[] {
  const results: AdaptationResult[] = [];
  const changes = [
    ...world.scenario.drifts.map((drift) => ({ event: `drift: ${drift.description}`, agentId: drift.agentId, atTask: drift.atTask, segments: [drift.segment] })),
    ...world.scenario.improvements.map((improvement) => ({
      event: `deployment: ${improvement.agentId} ${improvement.version}`,
      agentId: improvement.agentId,
      atTask: improvement.atTask,
      segments: Object.keys(world.agent(improvement.agentId)?.behaviour ?? {}),
    })),
  ];
  const requirementsOf = new Map(world.scenario.taskTypes.map((type) => [type.type, type.requirements]));
  for (const change of changes) {
    for (const segment of change.segments) {
      const [type, complexity] = segment.split('/') as [string, 'trivial' | 'standard' | 'complex'];
      const best = world.oracle({ index: change.atTask, type, complexity, requirements: requirementsOf.get(type) ?? [] });
      if (!best || best.agentId !== change.agentId) continue;
      results.push({
        event: change.event,
        agentId: change.agentId,
        segment,
        atTask: change.atTask,
        tasksToAdapt: tasksToAdapt(choices, segment, change.agentId, change.atTask),
        segmentTasksAfter: choices.filter((choice) => choice.segment === segment && choice.taskIndex >= change.atTask).length,
      });
    }
  }
  return results;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
