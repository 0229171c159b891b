import { NormalSampler } from '../random/beta-sampler';
import { createSeededRandom } from '../random/seeded-random';
import { DriftEvent, HiddenAbility, SimulatedAgentProfile, SimulatedTaskType, SimulationScenario, segmentKey } from './simulation.harness';

const TASK_TYPES = [
  { type: 'code-editing', requirements: ['typescript'], weight: 0.5 },
  { type: 'research', requirements: ['web-search'], weight: 0.3 },
  { type: 'data-analysis', requirements: ['python'], weight: 0.2 },
];
const COMPLEXITIES = ['trivial', 'standard', 'complex'];
const LATENCY_BY_TYPE: Record<string, number> = { 'code-editing': 40_000, research: 90_000, 'data-analysis': 60_000 };
const COMPLEXITY_FACTOR: Record<string, number> = { trivial: 0.5, standard: 1, complex: 2 };

interface AgentArchetype {
  agentId: string;
  capabilities: string[];
  costPer1kTokens: number;
  /** success probability at standard complexity, per task type it can do. */
  baseSuccess: Record<string, number>;
  /** 0..1: how little its success drops on complex tasks. */
  robustness: number;
  speed: number;
  verbosity: number;
}

/**
 * The same six archetypes, four task types and complexity mix as tools/arbiter-sim's standard
 * scenario (keep the two in step), so the in-process figures and the Kafka-level simulator
 * measure the same world: a strong but pricier coder, a generalist, a researcher, a cheap agent
 * fine on trivial work, a specialised coder weak on complex tasks, and a planner.
 */
const ARCHETYPES: AgentArchetype[] = [
  {
    agentId: 'agent-claude-coder', costPer1kTokens: 0.003,
    capabilities: ['typescript', 'code-editing', 'testing', 'data-analysis', 'research', 'planning'],
    baseSuccess: { 'code-editing': 0.88, 'data-analysis': 0.72, research: 0.7, planning: 0.7 },
    robustness: 0.75, speed: 1, verbosity: 1,
  },
  {
    agentId: 'agent-gpt-generalist', costPer1kTokens: 0.005,
    capabilities: ['typescript', 'code-editing', 'data-analysis', 'research', 'planning'],
    baseSuccess: { 'code-editing': 0.78, 'data-analysis': 0.84, research: 0.76, planning: 0.7 },
    robustness: 0.6, speed: 0.9, verbosity: 1.2,
  },
  {
    agentId: 'agent-gemini-researcher', costPer1kTokens: 0.002,
    capabilities: ['research', 'planning', 'data-analysis'],
    baseSuccess: { 'data-analysis': 0.74, research: 0.9, planning: 0.74 },
    robustness: 0.6, speed: 0.8, verbosity: 1.1,
  },
  {
    agentId: 'agent-llama-budget', costPer1kTokens: 0.0006,
    capabilities: ['typescript', 'code-editing', 'research', 'planning'],
    baseSuccess: { 'code-editing': 0.6, research: 0.56, planning: 0.58 },
    robustness: 0.3, speed: 0.6, verbosity: 0.8,
  },
  {
    agentId: 'agent-qwen-coder', costPer1kTokens: 0.001,
    capabilities: ['typescript', 'code-editing', 'data-analysis'],
    baseSuccess: { 'code-editing': 0.82, 'data-analysis': 0.68 },
    robustness: 0.4, speed: 0.7, verbosity: 0.9,
  },
  {
    agentId: 'agent-mistral-planner', costPer1kTokens: 0.0008,
    capabilities: ['typescript', 'code-editing', 'research', 'planning'],
    baseSuccess: { 'code-editing': 0.64, research: 0.62, planning: 0.88 },
    robustness: 0.5, speed: 0.65, verbosity: 0.85,
  },
];

const ARCHETYPE_TASK_TYPES: SimulatedTaskType[] = [
  { type: 'code-editing', requirements: ['typescript', 'code-editing'], weight: 0.45, complexityWeights: { trivial: 0.3, standard: 0.5, complex: 0.2 } },
  { type: 'data-analysis', requirements: ['data-analysis'], weight: 0.2, complexityWeights: { trivial: 0.25, standard: 0.5, complex: 0.25 } },
  { type: 'research', requirements: ['research'], weight: 0.2, complexityWeights: { trivial: 0.2, standard: 0.5, complex: 0.3 } },
  { type: 'planning', requirements: ['planning'], weight: 0.15, complexityWeights: { trivial: 0.2, standard: 0.5, complex: 0.3 } },
];

const ARCHETYPE_PRIORS: Record<string, { latencyMs: number; tokens: number }> = {
  trivial: { latencyMs: 15_000, tokens: 2_000 },
  standard: { latencyMs: 60_000, tokens: 8_000 },
  complex: { latencyMs: 300_000, tokens: 30_000 },
};

/** trivial work narrows the gaps, complex work widens them. */
function successIn(base: number, robustness: number, complexity: string): number {
  if (complexity === 'trivial') return base + (1 - base) * 0.5;
  if (complexity === 'complex') return base - 0.35 * (1 - robustness);
  return base;
}

/**
 * The standard scenario: 6 agents, 4 task types × 3 complexities (12 segments, eligibility
 * differs by task type), abilities from the archetypes with a small seeded jitter, so each seed
 * is a slightly different world that still has clear winners per segment.
 */
export function standardScenario(seed = 20250101, tasks = 10_000): SimulationScenario {
  const normal = new NormalSampler(createSeededRandom(seed));
  const agents: SimulatedAgentProfile[] = ARCHETYPES.map((archetype) => {
    const abilities: Record<string, HiddenAbility> = {};
    for (const [taskType, base] of Object.entries(archetype.baseSuccess)) {
      for (const complexity of COMPLEXITIES) {
        const successProbability = clamp(successIn(base, archetype.robustness, complexity) + normal.next() * 0.015, 0.01, 0.99);
        abilities[segmentKey(taskType, complexity)] = {
          successProbability,
          quality: Math.min(0.97, 0.4 + 0.55 * successProbability),
          latencyMs: ARCHETYPE_PRIORS[complexity].latencyMs * archetype.speed,
          tokens: Math.round(ARCHETYPE_PRIORS[complexity].tokens * archetype.verbosity),
        };
      }
    }
    return {
      agentId: archetype.agentId,
      capabilities: [...archetype.capabilities],
      maxConcurrency: 64,
      costPer1kTokens: archetype.costPer1kTokens,
      abilities,
      defaultAbility: { successProbability: 0.01, quality: 0.1, latencyMs: 60_000, tokens: 8_000 },
    };
  });
  return { seed, tasks, taskTypes: ARCHETYPE_TASK_TYPES, complexities: COMPLEXITIES, agents };
}

/** Unstructured stress variant: every (agent, segment) ability drawn uniformly, so many near-ties. */
export function randomAbilityScenario(seed = 20250101, tasks = 10_000): SimulationScenario {
  const random = createSeededRandom(seed);
  const costs = [0.002, 0.003, 0.01, 0.015, 0.004, 0.006];
  const agents: SimulatedAgentProfile[] = costs.map((cost, index) => {
    const home = TASK_TYPES[index % TASK_TYPES.length].type;
    const abilities: Record<string, HiddenAbility> = {};
    for (const taskType of TASK_TYPES) {
      for (const complexity of COMPLEXITIES) {
        const strength = (taskType.type === home ? 0.15 : 0) - (complexity === 'complex' ? 0.1 : complexity === 'trivial' ? -0.05 : 0);
        abilities[segmentKey(taskType.type, complexity)] = {
          successProbability: clamp(0.35 + 0.45 * random.next() + strength, 0.05, 0.97),
          quality: clamp(0.55 + 0.35 * random.next() + strength / 2, 0.1, 0.98),
          latencyMs: LATENCY_BY_TYPE[taskType.type] * COMPLEXITY_FACTOR[complexity] * (0.7 + 0.6 * random.next()),
          tokens: Math.round(8_000 * COMPLEXITY_FACTOR[complexity] * (0.7 + 0.6 * random.next())),
        };
      }
    }
    return profile(index, abilities, cost);
  });
  return { seed, tasks, taskTypes: TASK_TYPES, complexities: COMPLEXITIES, agents };
}

function profile(index: number, abilities: Record<string, HiddenAbility>, costPer1kTokens: number): SimulatedAgentProfile {
  return {
    agentId: `agent-${String.fromCharCode(97 + index)}`,
    capabilities: index === 5 ? ['typescript', 'web-search'] : ['typescript', 'web-search', 'python'],
    maxConcurrency: 8,
    costPer1kTokens,
    abilities,
    defaultAbility: abilities[segmentKey('code-editing', 'standard')],
  };
}

/**
 * The drift scenario (as tools/arbiter-sim's): at 40% of the run agent-llama-budget, until then
 * the weakest coder, becomes the best on code-editing/standard (success 0.97, quality 0.93).
 */
export function driftScenario(seed = 20250101, tasks = 10_000, atTask = Math.floor(tasks * 0.4)): SimulationScenario {
  const scenario = standardScenario(seed, tasks);
  const llama = scenario.agents.find((agent) => agent.agentId === 'agent-llama-budget') as SimulatedAgentProfile;
  const segment = segmentKey('code-editing', 'standard');
  const drift: DriftEvent = {
    agentId: llama.agentId,
    taskType: 'code-editing',
    complexity: 'standard',
    atTask,
    ability: { ...llama.abilities[segment], successProbability: 0.97, quality: 0.93 },
  };
  return { ...scenario, drift };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
