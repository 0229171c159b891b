import { createSeededRandom } from '../random/seeded-random';
import { DriftEvent, HiddenAbility, SimulatedAgentProfile, SimulationScenario, segmentKey } from './simulation.harness';

const TASK_TYPES = [
  { type: 'code-editing', requirements: ['typescript'], weight: 0.5 },
  { type: 'research', requirements: ['web-search'], weight: 0.3 },
  { type: 'data-analysis', requirements: ['python'], weight: 0.2 },
];
const COMPLEXITIES = ['trivial', 'standard', 'complex'];
const LATENCY_BY_TYPE: Record<string, number> = { 'code-editing': 40_000, research: 90_000, 'data-analysis': 60_000 };
const COMPLEXITY_FACTOR: Record<string, number> = { trivial: 0.5, standard: 1, complex: 2 };

/**
 * The standard scenario: 6 agents, 3 task types × 3 complexities = 9 segments. Like real model
 * fleets, each agent has a general level and a home task type where it is much stronger; two
 * agents share each home type, so every segment has a specialist pair (gap ≈ their general
 * levels' difference) and generalists well behind. Complex tasks are harder for everyone,
 * trivial ones easier. Per-segment jitter (±0.06 success, ±0.05 quality) comes from the seed.
 * agent-f lacks python, so data-analysis has five candidates (eligibility differs by type).
 * `randomAbilityScenario` is the unstructured stress variant (abilities uniform at random).
 */
export function standardScenario(seed = 20250101, tasks = 10_000): SimulationScenario {
  const random = createSeededRandom(seed);
  const generalLevel = [0.5, 0.62, 0.55, 0.45, 0.6, 0.52];
  const costs = [0.002, 0.003, 0.01, 0.015, 0.004, 0.006];
  const agents: SimulatedAgentProfile[] = generalLevel.map((level, index) => {
    const home = TASK_TYPES[index % TASK_TYPES.length].type;
    const abilities: Record<string, HiddenAbility> = {};
    for (const taskType of TASK_TYPES) {
      for (const complexity of COMPLEXITIES) {
        const difficulty = complexity === 'complex' ? -0.12 : complexity === 'trivial' ? 0.08 : 0;
        const bonus = taskType.type === home ? 0.25 : 0;
        abilities[segmentKey(taskType.type, complexity)] = {
          successProbability: clamp(level + bonus + difficulty + (random.next() - 0.5) * 0.12, 0.05, 0.97),
          quality: clamp(0.6 + bonus / 2 + difficulty / 2 + (level - 0.5) / 2 + (random.next() - 0.5) * 0.1, 0.1, 0.98),
          latencyMs: LATENCY_BY_TYPE[taskType.type] * COMPLEXITY_FACTOR[complexity] * (0.7 + 0.6 * random.next()),
          tokens: Math.round(8_000 * COMPLEXITY_FACTOR[complexity] * (0.7 + 0.6 * random.next())),
        };
      }
    }
    return profile(index, abilities, costs[index]);
  });
  return { seed, tasks, taskTypes: TASK_TYPES, complexities: COMPLEXITIES, agents };
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
 * The drift scenario: the standard one where, at `atTask`, the agent with the lowest success rate
 * in code-editing/standard becomes clearly the best there.
 */
export function driftScenario(seed = 20250101, tasks = 10_000, atTask = 4_000): SimulationScenario {
  const scenario = standardScenario(seed, tasks);
  const segment = segmentKey('code-editing', 'standard');
  const worst = [...scenario.agents].sort(
    (left, right) => left.abilities[segment].successProbability - right.abilities[segment].successProbability,
  )[0];
  const drift: DriftEvent = {
    agentId: worst.agentId,
    taskType: 'code-editing',
    complexity: 'standard',
    atTask,
    ability: { ...worst.abilities[segment], successProbability: 0.97, quality: 0.97 },
  };
  return { ...scenario, drift };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
