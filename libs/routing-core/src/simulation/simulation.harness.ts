import { RandomSource, createSeededRandom, forkRandom } from '../random/seeded-random';
import { AgentRecord } from '../registry/agent-registry.model';
import { capabilityCoverage } from '../registry/agent-registry.model';
import { DEFAULT_REWARD_CONFIG, RewardConfig, computeReward } from '../reward/reward.function';
import { RoutingConfig } from '../routing/routing-config.model';
import { decideRoute } from '../routing/router';
import { RoutingDecision } from '../routing/routing-decision.model';
import { InMemoryArmStatisticsStore } from '../statistics/in-memory-arm-statistics.store';

/**
 * A seedable, in-process bandit simulation: agents with hidden per-segment ability, tasks drawn
 * from a segment mix, rewards from the real reward function. It measures pseudo-regret (expected
 * reward of the best eligible agent minus that of the chosen one) for the router against random
 * and round-robin routing, and, with a drift, how fast the router moves to an agent that improved.
 * The Kafka-level arbiter simulator can reuse the scenario model and the outcome sampler.
 */
export interface HiddenAbility {
  successProbability: number;
  /** mean CAWS overall score on success (a failure scores 30% of it). */
  quality: number;
  latencyMs: number;
  tokens: number;
}

export interface SimulatedAgentProfile {
  agentId: string;
  capabilities: string[];
  maxConcurrency: number;
  costPer1kTokens: number;
  /** by segment key `${taskType}:${complexity}`; segments not listed use `defaultAbility`. */
  abilities: Record<string, HiddenAbility>;
  defaultAbility: HiddenAbility;
}

export interface SimulatedTaskType {
  type: string;
  requirements: string[];
  weight: number;
  /** share of each complexity; uniform when absent. */
  complexityWeights?: Record<string, number>;
}

export interface DriftEvent {
  agentId: string;
  taskType: string;
  complexity: string;
  /** global task index at which the agent's hidden ability changes. */
  atTask: number;
  ability: HiddenAbility;
}

export interface SimulationScenario {
  seed: number;
  tasks: number;
  taskTypes: SimulatedTaskType[];
  complexities: string[];
  agents: SimulatedAgentProfile[];
  drift?: DriftEvent;
  /** sliding window (segment decisions) for the drift share. */
  shareWindow?: number;
  rewardConfig?: RewardConfig;
}

export interface SimulationReport {
  tasks: number;
  policyReward: number;
  oracleReward: number;
  policyRegret: number;
  randomRegret: number;
  roundRobinRegret: number;
  regretRatioVsRandom: number;
  regretRatioVsRoundRobin: number;
  /** share of all tasks per agent. */
  routingShare: Record<string, number>;
  /** cumulative regrets every `checkpointEvery` tasks (for progress displays and plots). */
  checkpoints: Array<{ task: number; policyRegret: number; randomRegret: number; roundRobinRegret: number }>;
  exploredShare: number;
  meanConfidence: number;
  drift?: {
    segment: string;
    agentId: string;
    optimalShare: number;
    /** segment tasks after the drift until the windowed share reached half the optimal share; null if never. */
    tasksToAdapt: number | null;
    segmentTasksAfterDrift: number;
  };
}

export function segmentKey(taskType: string, complexity: string): string {
  return `${taskType}:${complexity}`;
}

export function abilityOf(agent: SimulatedAgentProfile, segment: string): HiddenAbility {
  return agent.abilities[segment] ?? agent.defaultAbility;
}

export interface SimulatedOutcome {
  success: boolean;
  overallScore: number;
  latencyMs: number;
  tokensUsed: number;
}

/** One execution's outcome: success ~ Bernoulli(p); score, latency and tokens jittered around the truth. */
export function sampleOutcome(ability: HiddenAbility, random: RandomSource): SimulatedOutcome {
  return outcomeFromUniforms(ability, random.next(), random.next(), random.next(), random.next());
}

function outcomeFromUniforms(ability: HiddenAbility, u1: number, u2: number, u3: number, u4: number): SimulatedOutcome {
  const success = u1 < ability.successProbability;
  const base = success ? ability.quality : 0.3 * ability.quality;
  return {
    success,
    overallScore: Math.min(1, Math.max(0, base + (u2 - 0.5) * 0.2)),
    latencyMs: ability.latencyMs * (0.5 + u3),
    tokensUsed: Math.round(ability.tokens * (0.5 + u4)),
  };
}

/**
 * E[reward] by common random numbers: every (agent, segment) is scored on the same uniforms, so
 * differences between agents carry almost no Monte-Carlo noise.
 */
export class ExpectedRewardTable {
  private readonly uniforms: Float64Array;

  constructor(
    private readonly rewardConfig: RewardConfig,
    seed: number,
    private readonly samples = 8_000,
  ) {
    const random = createSeededRandom(seed);
    this.uniforms = new Float64Array(samples * 4);
    for (let index = 0; index < this.uniforms.length; index += 1) this.uniforms[index] = random.next();
  }

  expectedReward(ability: HiddenAbility, taskType: string, costPer1kTokens: number): number {
    let total = 0;
    for (let sample = 0; sample < this.samples; sample += 1) {
      const offset = sample * 4;
      const outcome = outcomeFromUniforms(
        ability,
        this.uniforms[offset],
        this.uniforms[offset + 1],
        this.uniforms[offset + 2],
        this.uniforms[offset + 3],
      );
      total += computeReward({ taskType, ...outcome, costPer1kTokens }, this.rewardConfig).reward;
    }
    return total / this.samples;
  }
}

export interface SimulationObserver {
  /** called after each task with the decision and what it earned (progress bars, traces). */
  onTask?(event: { taskIndex: number; segment: string; decision: RoutingDecision; reward: number; regret: number }): void;
}

export function runSimulation(
  scenario: SimulationScenario,
  routingConfig: RoutingConfig,
  options: { checkpointEvery?: number } & SimulationObserver = {},
): SimulationReport {
  const rewardConfig = scenario.rewardConfig ?? DEFAULT_REWARD_CONFIG;
  const root = createSeededRandom(scenario.seed);
  const taskRandom = forkRandom(root);
  const outcomeRandom = forkRandom(root);
  const routerRandom = forkRandom(root);
  const table = new ExpectedRewardTable(rewardConfig, scenario.seed ^ 0x5eed);
  const store = new InMemoryArmStatisticsStore({
    discountFactor: routingConfig.discountFactor,
    discountClock: routingConfig.discountClock,
    prior: routingConfig.prior,
  });
  const checkpointEvery = options.checkpointEvery ?? Math.max(1, Math.floor(scenario.tasks / 20));
  const shareWindow = scenario.shareWindow ?? 100;

  const agents: AgentRecord[] = scenario.agents.map((agent) => ({
    agentId: agent.agentId,
    version: '1',
    capabilities: agent.capabilities,
    maxConcurrency: agent.maxConcurrency,
    costPer1kTokens: agent.costPer1kTokens,
    status: 'active',
  }));
  const profiles = new Map(scenario.agents.map((agent) => [agent.agentId, agent]));
  const abilities = new Map<string, HiddenAbility>();
  const expected = new Map<string, number>();
  const expectedKey = (agentId: string, segment: string) => `${agentId}|${segment}`;
  const setAbility = (agentId: string, taskType: string, complexity: string, ability: HiddenAbility) => {
    const segment = segmentKey(taskType, complexity);
    const profile = profiles.get(agentId) as SimulatedAgentProfile;
    abilities.set(expectedKey(agentId, segment), ability);
    expected.set(expectedKey(agentId, segment), table.expectedReward(ability, taskType, profile.costPer1kTokens));
  };
  for (const taskType of scenario.taskTypes) {
    for (const complexity of scenario.complexities) {
      for (const agent of scenario.agents) setAbility(agent.agentId, taskType.type, complexity, abilityOf(agent, segmentKey(taskType.type, complexity)));
    }
  }
  const eligibleBySegmentType = new Map(
    scenario.taskTypes.map((taskType) => [
      taskType.type,
      scenario.agents
        .filter((agent) => capabilityCoverage(taskType.requirements, agent.capabilities).missing.length === 0)
        .map((agent) => agent.agentId)
        .sort(),
    ]),
  );

  const totalWeight = scenario.taskTypes.reduce((sum, taskType) => sum + taskType.weight, 0);
  const decisionsInSegment = new Map<string, number>();
  const roundRobinCursor = new Map<string, number>();
  const chosenCounts = new Map<string, number>();
  let policyRegret = 0;
  let randomRegret = 0;
  let roundRobinRegret = 0;
  let policyReward = 0;
  let oracleReward = 0;
  let explored = 0;
  let confidenceSum = 0;
  const checkpoints: SimulationReport['checkpoints'] = [];

  const drift = scenario.drift;
  const driftSegment = drift ? segmentKey(drift.taskType, drift.complexity) : null;
  const window: boolean[] = [];
  let driftApplied = false;
  let segmentTasksAfterDrift = 0;
  let tasksToAdapt: number | null = null;
  let optimalShare = 0;

  for (let taskIndex = 0; taskIndex < scenario.tasks; taskIndex += 1) {
    if (drift && !driftApplied && taskIndex >= drift.atTask) {
      setAbility(drift.agentId, drift.taskType, drift.complexity, drift.ability);
      driftApplied = true;
      const eligible = eligibleBySegmentType.get(drift.taskType) ?? [];
      const best = Math.max(...eligible.map((agentId) => expected.get(expectedKey(agentId, driftSegment as string)) as number));
      optimalShare = (expected.get(expectedKey(drift.agentId, driftSegment as string)) as number) >= best ? 1 : 0;
    }
    const taskType = pickWeighted(scenario.taskTypes, totalWeight, taskRandom);
    const complexity = taskType.complexityWeights
      ? pickWeighted(
          scenario.complexities.map((level) => ({ level, weight: taskType.complexityWeights?.[level] ?? 0 })),
          scenario.complexities.reduce((sum, level) => sum + (taskType.complexityWeights?.[level] ?? 0), 0),
          taskRandom,
        ).level
      : scenario.complexities[Math.min(scenario.complexities.length - 1, Math.floor(taskRandom.next() * scenario.complexities.length))];
    const segment = segmentKey(taskType.type, complexity);
    const eligibleIds = eligibleBySegmentType.get(taskType.type) ?? [];
    if (eligibleIds.length === 0) continue;
    const means = eligibleIds.map((agentId) => expected.get(expectedKey(agentId, segment)) as number);
    const best = Math.max(...means);
    const average = means.reduce((sum, value) => sum + value, 0) / means.length;
    const cursor = roundRobinCursor.get(segment) ?? 0;
    roundRobinCursor.set(segment, cursor + 1);

    const taskId = `sim-${taskIndex}`;
    const decision = decideRoute(
      {
        decisionId: `decision-${taskIndex}`,
        task: { taskId, type: taskType.type, complexity, requirements: taskType.requirements },
        agents,
        inFlight: EMPTY_IN_FLIGHT,
        armStats: store,
        decisionsInSegment: decisionsInSegment.get(segment) ?? 0,
        decidedAt: SIMULATION_EPOCH,
      },
      routingConfig,
      routerRandom,
    );
    decisionsInSegment.set(segment, (decisionsInSegment.get(segment) ?? 0) + 1);
    const chosenId = decision.selectedAgentId as string;
    const chosenMean = expected.get(expectedKey(chosenId, segment)) as number;
    policyRegret += best - chosenMean;
    randomRegret += best - average;
    roundRobinRegret += best - means[cursor % means.length];
    oracleReward += best;
    if (decision.explored) explored += 1;
    confidenceSum += decision.confidence;
    chosenCounts.set(chosenId, (chosenCounts.get(chosenId) ?? 0) + 1);

    const profile = profiles.get(chosenId) as SimulatedAgentProfile;
    const outcome = sampleOutcome(abilities.get(expectedKey(chosenId, segment)) as HiddenAbility, outcomeRandom);
    const reward = computeReward({ taskType: taskType.type, ...outcome, costPer1kTokens: profile.costPer1kTokens }, rewardConfig).reward;
    policyReward += reward;
    store.applyReward(chosenId, taskType.type, complexity, reward, taskId);
    options.onTask?.({ taskIndex, segment, decision, reward, regret: best - chosenMean });

    if (drift && segment === driftSegment) {
      window.push(chosenId === drift.agentId);
      if (window.length > shareWindow) window.shift();
      if (driftApplied) {
        segmentTasksAfterDrift += 1;
        const share = window.filter(Boolean).length / window.length;
        if (tasksToAdapt === null && optimalShare > 0 && share >= optimalShare / 2) tasksToAdapt = segmentTasksAfterDrift;
      }
    }
    if ((taskIndex + 1) % checkpointEvery === 0) {
      checkpoints.push({ task: taskIndex + 1, policyRegret, randomRegret, roundRobinRegret });
    }
  }

  const routed = [...chosenCounts.values()].reduce((sum, value) => sum + value, 0);
  return {
    tasks: scenario.tasks,
    policyReward,
    oracleReward,
    policyRegret,
    randomRegret,
    roundRobinRegret,
    regretRatioVsRandom: randomRegret > 0 ? policyRegret / randomRegret : 0,
    regretRatioVsRoundRobin: roundRobinRegret > 0 ? policyRegret / roundRobinRegret : 0,
    routingShare: Object.fromEntries([...chosenCounts.entries()].sort().map(([agentId, count]) => [agentId, count / Math.max(1, routed)])),
    checkpoints,
    exploredShare: explored / Math.max(1, routed),
    meanConfidence: confidenceSum / Math.max(1, routed),
    ...(drift
      ? {
          drift: {
            segment: driftSegment as string,
            agentId: drift.agentId,
            optimalShare,
            tasksToAdapt,
            segmentTasksAfterDrift,
          },
        }
      : {}),
  };
}

const EMPTY_IN_FLIGHT: ReadonlyMap<string, number> = new Map();
const SIMULATION_EPOCH = '2025-01-01T00:00:00.000Z';

function pickWeighted<T extends { weight: number }>(items: readonly T[], totalWeight: number, random: RandomSource): T {
  let remaining = random.next() * totalWeight;
  for (const item of items) {
    remaining -= item.weight;
    if (remaining < 0) return item;
  }
  return items[items.length - 1];
}
