import 'reflect-metadata';
import { Topic, validateEventData } from '@benchpool/contracts';
import { simulateExecution } from './agent-behaviour';
import { HiddenWorld } from './hidden-world';
import { buildScenario } from './scenarios';
import { SeededRandom } from './seeded-random';
import { generateTask } from './task.generator';
import { diffStats } from './unified-diff';

/** A task without its run id, so two runs with one seed can be compared. */
function content(task: ReturnType<typeof generateTask>): unknown {
  const { taskId: _taskId, ...rest } = task;
  return rest;
}

describe('SeededRandom', () => {
  it('repeats its sequence for a seed and differs for another seed', () => {
    const draw = (seed: string): number[] => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 20 }, () => random.next());
    };
    expect(draw('7')).toEqual(draw('7'));
    expect(draw('7')).not.toEqual(draw('8'));
    expect(draw('7').every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it('forks streams that do not depend on how much the parent was used', () => {
    const fresh = new SeededRandom('s');
    const used = new SeededRandom('s');
    for (let index = 0; index < 100; index++) used.next();
    expect(fresh.fork('task', 3).next()).toBe(used.fork('task', 3).next());
    expect(fresh.fork('task', 3).next()).not.toBe(fresh.fork('task', 4).next());
  });

  it('draws integers within bounds and weighted picks by weight', () => {
    const random = new SeededRandom('w');
    const counts = { a: 0, b: 0 };
    for (let index = 0; index < 4_000; index++) {
      const value = random.integer(2, 4);
      expect(value === 2 || value === 3 || value === 4).toBe(true);
      counts[random.weightedPick(['a', 'b'] as const, [3, 1])]++;
    }
    expect(counts.a / 4_000).toBeGreaterThan(0.7);
    expect(counts.a / 4_000).toBeLessThan(0.8);
  });
});

describe('scenario model', () => {
  it('builds the same world and tasks for the same seed, a different one for another seed', () => {
    const first = buildScenario('drift', { seed: 'abc', tasks: 500 });
    const second = buildScenario('drift', { seed: 'abc', tasks: 500 });
    const other = buildScenario('drift', { seed: 'xyz', tasks: 500 });
    expect(second).toEqual(first);
    expect(other.agents.map((agent) => agent.behaviour)).not.toEqual(first.agents.map((agent) => agent.behaviour));
    const tasksA = Array.from({ length: 50 }, (_, index) => content(generateTask(first, 'run-a', index)));
    const tasksB = Array.from({ length: 50 }, (_, index) => content(generateTask(second, 'run-b', index)));
    expect(tasksB).toEqual(tasksA);
    expect(Array.from({ length: 50 }, (_, index) => content(generateTask(other, 'run-a', index)))).not.toEqual(tasksA);
  });

  it('has at least five agents, three task types and a different best agent across segments', () => {
    const scenario = buildScenario('standard', { seed: 1, tasks: 1_000 });
    const world = new HiddenWorld(scenario);
    expect(scenario.agents.length).toBeGreaterThanOrEqual(5);
    expect(scenario.taskTypes.length).toBeGreaterThanOrEqual(3);
    const winners = new Set(
      scenario.taskTypes.flatMap((type) =>
        (['trivial', 'standard', 'complex'] as const).map((complexity) => world.oracle({ type: type.type, complexity, index: 0, requirements: type.requirements })?.agentId),
      ),
    );
    expect(winners.size).toBeGreaterThanOrEqual(3);
  });

  it('applies a drift from its task on and an improvement only to the new version', () => {
    const drift = new HiddenWorld(buildScenario('drift', { seed: 1, tasks: 1_000 }));
    const segment = 'code-editing/standard';
    expect(drift.behaviour('agent-llama-budget', segment, 399)?.successProbability).toBeLessThan(0.8);
    expect(drift.behaviour('agent-llama-budget', segment, 400)?.successProbability).toBe(0.97);
    expect(drift.oracle({ type: 'code-editing', complexity: 'standard', index: 400, requirements: ['typescript', 'code-editing'] })?.agentId).toBe('agent-llama-budget');

    const improvement = new HiddenWorld(buildScenario('improvement', { seed: 1, tasks: 1_000 }));
    const before = improvement.behaviour('agent-qwen-coder', segment, 499)!.successProbability;
    expect(improvement.deployedVersion('agent-qwen-coder', 499)).toBe('1.0.0');
    expect(improvement.deployedVersion('agent-qwen-coder', 500)).toBe('1.1.0');
    expect(improvement.behaviour('agent-qwen-coder', segment, 500)!.successProbability).toBeCloseTo(before + 0.12, 6);
    // routing may still send canary-excluded traffic to the parent version: no lift there
    expect(improvement.behaviour('agent-qwen-coder', segment, 500, '1.0.0')!.successProbability).toBe(before);
  });

  it('samples the same execution for the same task, agent and version', () => {
    const scenario = buildScenario('standard', { seed: 'e', tasks: 100 });
    const world = new HiddenWorld(scenario);
    const task = generateTask(scenario, 'run', 7);
    const agentId = world.eligibleAgents(task)[0].agentId;
    const startedAt = new Date('2026-01-01T00:00:00.000Z');
    const first = simulateExecution({ world, task, agentId, startedAt, timeScale: 0.001 });
    const second = simulateExecution({ world, task, agentId, startedAt, timeScale: 0.001 });
    expect(second).toEqual(first);
  });
});

describe('simulated executions', () => {
  const scenario = buildScenario('standard', { seed: 'artifacts', tasks: 400 });
  const world = new HiddenWorld(scenario);
  const startedAt = new Date('2026-01-01T00:00:00.000Z');
  const executions = Array.from({ length: 150 }, (_, index) => {
    const task = generateTask(scenario, 'run', index);
    const eligible = world.eligibleAgents(task);
    const agentId = eligible[index % eligible.length].agentId;
    return { task, execution: simulateExecution({ world, task, agentId, startedAt, timeScale: 0.001 }) };
  });

  it('publishes events that pass the contracts', () => {
    for (const { execution } of executions) {
      expect(validateEventData(Topic.ExecutionCompleted, execution.completion)).toMatchObject({ ok: true });
      for (const turn of execution.turns) expect(validateEventData(Topic.ExecutionTurn, turn)).toMatchObject({ ok: true });
    }
    for (let index = 0; index < 50; index++) {
      const task = generateTask(scenario, 'run', index);
      const submitted = { taskId: task.taskId, type: task.type, complexity: task.complexity, requirements: task.requirements, description: task.description, riskTier: task.riskTier, budget: task.budget };
      expect(validateEventData(Topic.TaskSubmitted, submitted)).toMatchObject({ ok: true });
    }
  });

  it('reports test, lint and change results that agree with the hidden success', () => {
    const code = executions.filter(({ task }) => task.producesCode);
    expect(code.some(({ execution }) => execution.outcome.success)).toBe(true);
    expect(code.some(({ execution }) => !execution.outcome.success)).toBe(true);
    for (const { execution } of code) {
      const { artifacts, success } = execution.completion;
      if (success) {
        expect(artifacts.tests!.failed).toBe(0);
        expect(artifacts.lint!.errors).toBe(0);
        expect(artifacts.diff).toBeTruthy();
        expect(execution.completion.failureReason).toBeUndefined();
      } else {
        expect(artifacts.tests!.failed).toBeGreaterThan(0);
        expect(execution.completion.failureReason).toBeTruthy();
      }
      if (artifacts.diff) expect(execution.outcome.diffStats).toEqual(diffStats(artifacts.diff));
    }
  });

  it('keeps token counts and timestamps consistent', () => {
    for (const { execution } of executions) {
      const { completion, turns } = execution;
      expect(turns.reduce((sum, turn) => sum + turn.tokensUsed, 0)).toBe(completion.tokensUsed);
      expect(turns.reduce((sum, turn) => sum + turn.thinkingTokens, 0)).toBe(completion.thinkingTokens);
      for (const turn of turns) expect(turn.thinkingTokens).toBeLessThanOrEqual(turn.tokensUsed);
      expect(completion.thinkingTokens + completion.outputTokens).toBeLessThanOrEqual(completion.tokensUsed);
      const start = Date.parse(completion.startedAt);
      expect(Date.parse(completion.firstActionAt!)).toBeGreaterThanOrEqual(start);
      expect(Date.parse(completion.firstActionAt!)).toBeLessThanOrEqual(start + completion.latencyMs);
      turns.forEach((turn, index) => {
        expect(turn.turnNumber).toBe(index + 1);
        if (index > 0) expect(Date.parse(turn.startedAt)).toBeGreaterThanOrEqual(Date.parse(turns[index - 1].startedAt));
      });
      // the compressed latency is the simulated one scaled down
      expect(completion.latencyMs).toBe(Math.max(1, Math.round(execution.outcome.simulatedLatencyMs * 0.001)));
    }
  });

  it('plants personal data in some task descriptions and none in others', () => {
    const tasks = Array.from({ length: 300 }, (_, index) => generateTask(scenario, 'run', index));
    const planted = tasks.filter((task) => task.personalData.length > 0);
    expect(planted.length).toBeGreaterThan(20);
    expect(planted.length).toBeLessThan(90);
    for (const task of planted) for (const item of task.personalData) expect(task.description).toContain(item.value);
  });
});
