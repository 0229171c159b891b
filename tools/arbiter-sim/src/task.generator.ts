import { CodeTaskMaterial, plantBugs } from './code-change.generator';
import { PERSONAL_DATA_KINDS, personalDataSentence, plantPersonalData, PlantedPersonalData } from './personal-data';
import { COMPLEXITY_LEVELS, Complexity, ScenarioDefinition, segmentKey, SegmentKey } from './scenario.model';
import { SeededRandom } from './seeded-random';

export type RiskTierLevel = 1 | 2 | 3;

/** One task as the simulated arbiter knows it (more than it publishes: the planted code and PII). */
export interface SimulatedTask {
  index: number;
  taskId: string;
  tenantId: string;
  type: string;
  complexity: Complexity;
  segment: SegmentKey;
  requirements: string[];
  candidateAgentIds?: string[];
  description: string;
  riskTier: RiskTierLevel;
  budget: { maxFiles: number; maxLoc: number };
  cawsSpecId: string;
  producesCode: boolean;
  /** personal data planted in the description (anonymization must remove it before storage) */
  personalData: PlantedPersonalData[];
  /** the buggy code a code task is about */
  code?: CodeTaskMaterial;
  /** the question of a research/planning task */
  topic?: string;
}

/** CAWS default change budgets per complexity. */
export const DEFAULT_BUDGETS: Record<Complexity, { maxFiles: number; maxLoc: number }> = {
  trivial: { maxFiles: 2, maxLoc: 50 },
  standard: { maxFiles: 5, maxLoc: 300 },
  complex: { maxFiles: 15, maxLoc: 1000 },
};

const RESEARCH_TOPICS = [
  'Compare Kafka and Redis Streams for the audit trail',
  'Evaluate pgvector against a dedicated vector store for semantic search',
  'Summarise the causes of last month checkout latency incidents',
  'Assess the cost of moving nightly reports to columnar storage',
  'Review how competitors price usage-based API plans',
  'Investigate why the mobile crash rate doubled after release 4.2',
  'Survey rate-limiting strategies for the public webhook API',
];

const PLANNING_TOPICS = [
  'Plan the migration of billing to the new ledger API',
  'Plan the rollout of single sign-on for enterprise tenants',
  'Plan the deprecation of the v1 export endpoints',
  'Plan the split of the monolith search module into a service',
  'Plan the on-call handover for the payments team',
  'Plan the data retention clean-up required by the new policy',
];

/** A stable, unique id per run and index; the seed decides the content, the run id keeps runs apart. */
export function taskIdOf(runId: string, index: number): string {
  return `${runId}-t${String(index).padStart(6, '0')}`;
}

/**
 * Task `index` of a scenario. Deterministic: the same scenario seed and index give the same task
 * content (only the id carries the run id), whatever happened to other tasks.
 */
export function generateTask(scenario: ScenarioDefinition, runId: string, index: number): SimulatedTask {
  const random = new SeededRandom(scenario.seed).fork('task', index);
  const definition = random.weightedPick(scenario.taskTypes, scenario.taskTypes.map((type) => type.weight));
  const complexity = random.weightedPick(COMPLEXITY_LEVELS, COMPLEXITY_LEVELS.map((level) => definition.complexityWeights[level]));
  const tenantId = random.weightedPick(scenario.tenants, scenario.tenants.map((tenant) => tenant.weight)).tenantId;
  const riskTier: RiskTierLevel = definition.producesCode ? random.weightedPick([1, 2, 3] as const, [0.2, 0.6, 0.2]) : 3;
  const budget = { ...DEFAULT_BUDGETS[complexity] };

  let description: string;
  let code: CodeTaskMaterial | undefined;
  let topic: string | undefined;
  if (definition.producesCode) {
    code = plantBugs(random.fork('code'), definition.type, complexity);
    description = codeTaskDescription(random, definition.type, code);
  } else {
    topic = random.pick(definition.type === 'planning' ? PLANNING_TOPICS : RESEARCH_TOPICS);
    description = documentTaskDescription(random, definition.type, topic, complexity);
  }

  const personalData: PlantedPersonalData[] = [];
  if (random.bernoulli(scenario.personalDataRate)) {
    const kinds = random.shuffle(PERSONAL_DATA_KINDS).slice(0, random.integer(1, 2));
    for (const kind of kinds) {
      const planted = plantPersonalData(random, kind);
      personalData.push(planted);
      description += ` ${personalDataSentence(random, planted)}`;
    }
  }

  return {
    index,
    taskId: taskIdOf(runId, index),
    // the arbiter offers its own pool: routing must not hand the task to an agent another arbiter registered
    candidateAgentIds: scenario.agents.map((agent) => agent.agentId),
    tenantId,
    type: definition.type,
    complexity,
    segment: segmentKey(definition.type, complexity),
    requirements: [...definition.requirements],
    description,
    riskTier,
    budget,
    cawsSpecId: `caws-${definition.type}-tier${riskTier}`,
    producesCode: definition.producesCode,
    personalData,
    code,
    topic,
  };
}

function codeTaskDescription(random: SeededRandom, taskType: string, code: CodeTaskMaterial): string {
  const [first, ...others] = code.bugs;
  const opening = taskType === 'data-analysis'
    ? random.pick(['The weekly analytics numbers look wrong.', 'Finance flagged the latest report.', 'A dashboard metric is off.'])
    : random.pick(['Bug report from support.', 'Regression found in staging.', 'Customer-facing bug.']);
  const parts = [
    `${opening} ${first.title}: ${first.symptom}`,
    ...others.map((bug) => `Also: ${bug.title} (${bug.modulePath}).`),
    `The code is in ${first.modulePath}; add a regression test in ${first.specPath} and keep the change minimal.`,
  ];
  return parts.join(' ');
}

function documentTaskDescription(random: SeededRandom, taskType: string, topic: string, complexity: Complexity): string {
  const depth = complexity === 'complex' ? 'Go deep: cover trade-offs, risks and a migration path.' : complexity === 'trivial' ? 'A short answer is enough.' : 'Keep it to one page.';
  const ask = taskType === 'planning' ? 'Write the plan as numbered steps with owners and risks.' : 'List findings with evidence and end with a recommendation.';
  return `${topic}. ${ask} ${depth}${random.bernoulli(0.3) ? ' Deadline: end of sprint.' : ''}`;
}
