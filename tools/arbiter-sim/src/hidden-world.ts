import { clampProbability } from './scenarios';
import { HiddenSegmentBehaviour, ScenarioDefinition, segmentKey, SegmentKey, SimulatedAgentProfile } from './scenario.model';
import type { SimulatedTask } from './task.generator';

/**
 * The ground truth of a scenario at a given task index: each agent version's behaviour per
 * segment after the drifts and deployments that happened so far. The simulator samples outcomes
 * from it and the regret report compares the router with its oracle.
 */
export class HiddenWorld {
  private readonly agentsById: Map<string, SimulatedAgentProfile>;

  constructor(readonly scenario: ScenarioDefinition) {
    this.agentsById = new Map(scenario.agents.map((agent) => [agent.agentId, agent]));
  }

  get agents(): SimulatedAgentProfile[] {
    return this.scenario.agents;
  }

  agent(agentId: string): SimulatedAgentProfile | undefined {
    return this.agentsById.get(agentId);
  }

  /** Agents whose capabilities cover the task's requirements, in registration order (load is routing's business). */
  eligibleAgents(task: Pick<SimulatedTask, 'requirements' | 'candidateAgentIds'>): SimulatedAgentProfile[] {
    return this.scenario.agents.filter(
      (agent) =>
        task.requirements.every((requirement) => agent.capabilities.includes(requirement)) &&
        (!task.candidateAgentIds || task.candidateAgentIds.length === 0 || task.candidateAgentIds.includes(agent.agentId)),
    );
  }

  /** The newest version of an agent deployed before task `taskIndex`. */
  deployedVersion(agentId: string, taskIndex: number): string {
    const registered = this.agentsById.get(agentId)?.version ?? '1.0.0';
    const deployed = this.scenario.improvements
      .filter((improvement) => improvement.agentId === agentId && improvement.atTask <= taskIndex)
      .sort((left, right) => left.atTask - right.atTask);
    return deployed.length > 0 ? deployed[deployed.length - 1].version : registered;
  }

  /**
   * What the agent (at `version`, default: the deployed one) really does in a segment at task
   * `taskIndex`; undefined when it cannot do that segment.
   */
  behaviour(agentId: string, segment: SegmentKey, taskIndex: number, version?: string): HiddenSegmentBehaviour | undefined {
    const agent = this.agentsById.get(agentId);
    const base = agent?.behaviour[segment];
    if (!agent || !base) return undefined;
    let behaviour = { ...base };
    for (const drift of this.scenario.drifts) {
      if (drift.agentId === agentId && drift.segment === segment && drift.atTask <= taskIndex) {
        behaviour = { ...behaviour, successProbability: drift.successProbability, qualityMean: drift.qualityMean };
      }
    }
    const effectiveVersion = version ?? this.deployedVersion(agentId, taskIndex);
    // an improvement applies to the version it introduced and to anything deployed after it
    for (const improvement of this.scenario.improvements) {
      if (improvement.agentId === agentId && improvement.atTask <= taskIndex && compareVersions(effectiveVersion, improvement.version) >= 0) {
        behaviour = {
          ...behaviour,
          successProbability: clampProbability(behaviour.successProbability + improvement.successLift),
          qualityMean: Math.min(0.98, behaviour.qualityMean + improvement.qualityLift),
        };
      }
    }
    return behaviour;
  }

  /** The expected value the regret is measured on: the probability that the agent succeeds on the task. */
  expectedValue(agentId: string, task: Pick<SimulatedTask, 'type' | 'complexity' | 'index'>, version?: string): number {
    return this.behaviour(agentId, segmentKey(task.type, task.complexity), task.index, version)?.successProbability ?? 0;
  }

  /** The best eligible agent (at its deployed version) for a task, and its value. */
  oracle(task: Pick<SimulatedTask, 'type' | 'complexity' | 'index' | 'requirements' | 'candidateAgentIds'>): { agentId: string; value: number } | undefined {
    let best: { agentId: string; value: number } | undefined;
    for (const agent of this.eligibleAgents(task)) {
      const value = this.expectedValue(agent.agentId, task);
      if (!best || value > best.value) best = { agentId: agent.agentId, value };
    }
    return best;
  }
}

/** Numeric comparison of dotted versions ('1.10.0' > '1.9.0'). */
export function compareVersions(left: string, right: string): number {
  const a = left.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const b = right.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
