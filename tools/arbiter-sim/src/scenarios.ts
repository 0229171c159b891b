import { SeededRandom } from './seeded-random';
import {
  AgentHabits, COMPLEXITY_LEVELS, Complexity, HiddenSegmentBehaviour, ScenarioDefinition, ScenarioName, segmentKey,
  SimulatedAgentProfile, TaskTypeDefinition,
} from './scenario.model';

export interface ScenarioOptions {
  seed: string | number;
  tasks: number;
  /** per-agent concurrency limit; the caller sizes it for its worker count so load never makes every agent ineligible. */
  maxConcurrency?: number;
}

export const TASK_TYPES: TaskTypeDefinition[] = [
  {
    type: 'code-editing', requirements: ['typescript', 'code-editing'], weight: 0.45, producesCode: true,
    complexityWeights: { trivial: 0.3, standard: 0.5, complex: 0.2 },
  },
  {
    type: 'data-analysis', requirements: ['data-analysis'], weight: 0.2, producesCode: true,
    complexityWeights: { trivial: 0.25, standard: 0.5, complex: 0.25 },
  },
  {
    type: 'research', requirements: ['research'], weight: 0.2, producesCode: false,
    complexityWeights: { trivial: 0.2, standard: 0.5, complex: 0.3 },
  },
  {
    type: 'planning', requirements: ['planning'], weight: 0.15, producesCode: false,
    complexityWeights: { trivial: 0.2, standard: 0.5, complex: 0.3 },
  },
];

interface AgentArchetype {
  agentId: string;
  name: string;
  modelFamily: string;
  capabilities: string[];
  costPer1kTokens: number;
  /** success probability at standard complexity, per task type it can do. */
  baseSuccess: Record<string, number>;
  /** 0..1: how little its success drops on complex tasks. */
  robustness: number;
  /** multiplies the segment's latency prior. */
  speed: number;
  /** multiplies the segment's token prior. */
  verbosity: number;
  habits: AgentHabits;
}

/**
 * Six agents with distinct strengths, so the best agent differs by segment: a strong but pricier
 * coder, a generalist, a researcher, a cheap agent that is fine on trivial work, a specialised
 * coder that struggles with complex tasks, and a planner.
 */
const ARCHETYPES: AgentArchetype[] = [
  {
    agentId: 'agent-claude-coder', name: 'Claude coder', modelFamily: 'claude', costPer1kTokens: 0.003,
    capabilities: ['typescript', 'code-editing', 'testing', 'data-analysis', 'research', 'planning'],
    baseSuccess: { 'code-editing': 0.88, 'data-analysis': 0.72, research: 0.7, planning: 0.7 },
    robustness: 0.75, speed: 1, verbosity: 1,
    habits: { scaffoldingRate: 0.06, budgetBreakRate: 0.02, thinkingShare: 0.3, toolFailureRate: 0.03 },
  },
  {
    agentId: 'agent-gpt-generalist', name: 'GPT generalist', modelFamily: 'gpt', costPer1kTokens: 0.005,
    capabilities: ['typescript', 'code-editing', 'data-analysis', 'research', 'planning'],
    baseSuccess: { 'code-editing': 0.78, 'data-analysis': 0.84, research: 0.76, planning: 0.7 },
    robustness: 0.6, speed: 0.9, verbosity: 1.2,
    habits: { scaffoldingRate: 0.15, budgetBreakRate: 0.05, thinkingShare: 0.25, toolFailureRate: 0.04 },
  },
  {
    agentId: 'agent-gemini-researcher', name: 'Gemini researcher', modelFamily: 'gemini', costPer1kTokens: 0.002,
    capabilities: ['research', 'planning', 'data-analysis'],
    baseSuccess: { 'data-analysis': 0.74, research: 0.9, planning: 0.74 },
    robustness: 0.6, speed: 0.8, verbosity: 1.1,
    habits: { scaffoldingRate: 0.08, budgetBreakRate: 0.03, thinkingShare: 0.35, toolFailureRate: 0.05 },
  },
  {
    agentId: 'agent-llama-budget', name: 'Llama budget', modelFamily: 'llama', costPer1kTokens: 0.0006,
    capabilities: ['typescript', 'code-editing', 'research', 'planning'],
    baseSuccess: { 'code-editing': 0.6, research: 0.56, planning: 0.58 },
    robustness: 0.3, speed: 0.6, verbosity: 0.8,
    habits: { scaffoldingRate: 0.25, budgetBreakRate: 0.08, thinkingShare: 0.15, toolFailureRate: 0.08 },
  },
  {
    agentId: 'agent-qwen-coder', name: 'Qwen coder', modelFamily: 'qwen', costPer1kTokens: 0.001,
    capabilities: ['typescript', 'code-editing', 'data-analysis'],
    baseSuccess: { 'code-editing': 0.82, 'data-analysis': 0.68 },
    robustness: 0.4, speed: 0.7, verbosity: 0.9,
    habits: { scaffoldingRate: 0.1, budgetBreakRate: 0.04, thinkingShare: 0.2, toolFailureRate: 0.05 },
  },
  {
    agentId: 'agent-mistral-planner', name: 'Mistral planner', modelFamily: 'mistral', costPer1kTokens: 0.0008,
    capabilities: ['typescript', 'code-editing', 'research', 'planning'],
    baseSuccess: { 'code-editing': 0.64, research: 0.62, planning: 0.88 },
    robustness: 0.5, speed: 0.65, verbosity: 0.85,
    habits: { scaffoldingRate: 0.1, budgetBreakRate: 0.04, thinkingShare: 0.2, toolFailureRate: 0.05 },
  },
];

/** Latency and token priors per complexity, in line with the CAWS cost priors. */
const COMPLEXITY_PRIORS: Record<Complexity, { latencyMs: number; tokens: number }> = {
  trivial: { latencyMs: 15_000, tokens: 2_000 },
  standard: { latencyMs: 60_000, tokens: 8_000 },
  complex: { latencyMs: 300_000, tokens: 30_000 },
};

export function clampProbability(value: number): number {
  return Math.min(0.99, Math.max(0.01, value));
}

/** Success probability of an archetype in a segment: trivial work narrows the gaps, complex work widens them. */
function successIn(base: number, robustness: number, complexity: Complexity): number {
  if (complexity === 'trivial') return base + (1 - base) * 0.5;
  if (complexity === 'complex') return base - 0.35 * (1 - robustness);
  return base;
}

export function buildAgents(seed: string | number, maxConcurrency: number): SimulatedAgentProfile[] {
  const random = new SeededRandom(seed).fork('agents');
  return ARCHETYPES.map((archetype) => {
    const behaviour: Record<string, HiddenSegmentBehaviour> = {};
    for (const [taskType, base] of Object.entries(archetype.baseSuccess)) {
      for (const complexity of COMPLEXITY_LEVELS) {
        // a small seeded jitter: each seed is a slightly different world, still with clear winners
        const successProbability = clampProbability(successIn(base, archetype.robustness, complexity) + random.normal(0, 0.015));
        const priors = COMPLEXITY_PRIORS[complexity];
        behaviour[segmentKey(taskType, complexity)] = {
          successProbability: round(successProbability),
          qualityMean: round(Math.min(0.97, 0.4 + 0.55 * successProbability)),
          qualitySpread: 0.08,
          latencyMsMedian: Math.round(priors.latencyMs * archetype.speed),
          tokensMedian: Math.round(priors.tokens * archetype.verbosity),
        };
      }
    }
    return {
      agentId: archetype.agentId,
      name: archetype.name,
      modelFamily: archetype.modelFamily,
      version: '1.0.0',
      capabilities: [...archetype.capabilities],
      maxConcurrency,
      costPer1kTokens: archetype.costPer1kTokens,
      behaviour,
      habits: { ...archetype.habits },
    };
  });
}

/**
 * The three scenarios:
 * - standard: fixed abilities; the router has to find the best agent per segment;
 * - drift: at 40 % of the run the cheap agent becomes the best coder on standard tasks and the
 *   generalist degrades on standard data analysis;
 * - improvement: at 50 % of the run an RL-trained version of the specialised coder is deployed
 *   (rl.agent.deployed.v1) with a better hidden ability.
 */
export function buildScenario(name: ScenarioName, options: ScenarioOptions): ScenarioDefinition {
  const seed = String(options.seed);
  const tasks = options.tasks;
  const agents = buildAgents(seed, options.maxConcurrency ?? 64);
  const base: ScenarioDefinition = {
    name,
    seed,
    description: '',
    tasks,
    agents,
    taskTypes: TASK_TYPES.map((type) => ({ ...type, requirements: [...type.requirements], complexityWeights: { ...type.complexityWeights } })),
    tenants: [
      { tenantId: 'tenant-acme', weight: 0.5 },
      { tenantId: 'tenant-globex', weight: 0.3 },
      { tenantId: 'tenant-initech', weight: 0.2 },
    ],
    personalDataRate: 0.15,
    drifts: [],
    improvements: [],
  };
  switch (name) {
    case 'standard':
      return { ...base, description: `${agents.length} agents with fixed hidden abilities over ${TASK_TYPES.length} task types × 3 complexities` };
    case 'drift': {
      const atTask = Math.floor(tasks * 0.4);
      return {
        ...base,
        description: `standard, plus at task ${atTask} agent-llama-budget jumps to the best coder on code-editing/standard and agent-gpt-generalist degrades on data-analysis/standard`,
        drifts: [
          {
            atTask, agentId: 'agent-llama-budget', segment: segmentKey('code-editing', 'standard'),
            successProbability: 0.97, qualityMean: 0.93, description: 'upstream model update: llama becomes the best standard coder',
          },
          {
            atTask, agentId: 'agent-gpt-generalist', segment: segmentKey('data-analysis', 'standard'),
            successProbability: 0.45, qualityMean: 0.6, description: 'regression: gpt loses its edge on standard data analysis',
          },
        ],
      };
    }
    case 'improvement': {
      const atTask = Math.floor(tasks * 0.5);
      return {
        ...base,
        description: `standard, plus at task ${atTask} an RL-trained agent-qwen-coder 1.1.0 is deployed (+0.12 success, +0.08 quality on every segment)`,
        improvements: [
          {
            atTask, agentId: 'agent-qwen-coder', version: '1.1.0', parentVersion: '1.0.0', successLift: 0.12, qualityLift: 0.08,
            description: 'RL-trained from exported batches',
          },
        ],
      };
    }
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
