import { Inject, Injectable } from '@nestjs/common';
import {
  applyCanaryVerdict, computeReward, createEntropyRandom, evaluateCanary, RewardConfig, RoutingRedisStore,
} from '@benchpool/routing-core';
import type { AgentStatusChangedV1, DatapointStoredV1 } from '@benchpool/contracts';
import { SERVICE_CONFIG } from '@benchpool/service-kit';
import { AgentRegistryRepository } from './agent-registry.repository';
import type { RoutingConfig } from './routing.config';
import { rewardConfigFrom } from './routing-policy.factory';
import { routingMetrics } from './routing.metrics';

/**
 * A stored data point is an outcome: its reward moves the posterior of the agent's segment, task
 * type and agent-wide arms once per task (Lua, idempotent across replicas). A canary version's
 * outcome may promote it or roll it back.
 */
@Injectable()
export class LearnFromOutcomeUseCase {
  private readonly rewardConfig: RewardConfig;

  constructor(
    @Inject(AgentRegistryRepository) private readonly registry: AgentRegistryRepository,
    @Inject(RoutingRedisStore) private readonly store: RoutingRedisStore,
    @Inject(SERVICE_CONFIG) config: RoutingConfig,
  ) {
    this.rewardConfig = rewardConfigFrom(config);
  }

  /** Returns a status change to announce when a canary was promoted or rolled back. */
  async execute(stored: DatapointStoredV1): Promise<AgentStatusChangedV1 | null> {
    if (!stored.complete) {
      // a point flagged incomplete lacks its execution or its evaluation: no trustworthy reward
      routingMetrics.rewardsApplied.inc({ result: 'skipped-incomplete' });
      return null;
    }
    const agent = await this.registry.get(stored.agentId);
    const { reward } = computeReward(
      {
        taskType: stored.taskType, success: stored.success, overallScore: stored.overallScore,
        latencyMs: stored.latencyMs, tokensUsed: stored.tokensUsed, costPer1kTokens: agent?.costPer1kTokens,
      },
      this.rewardConfig,
    );
    const applied = await this.store.applyReward(stored.taskId, stored.agentId, stored.taskType, stored.complexity, reward);
    routingMetrics.rewardsApplied.inc({ result: applied ? 'applied' : 'duplicate' });
    if (!applied || agent?.status !== 'canary' || !agent.lineage) return null;
    return this.reviewCanary(agent.agentId, agent.lineage.parentAgentId);
  }

  private async reviewCanary(childId: string, parentId: string): Promise<AgentStatusChangedV1 | null> {
    const stats = await this.store.readArmStats([childId, parentId], '-', '-');
    const child = stats.get(childId);
    const parent = stats.get(parentId);
    if (!child || !parent) return null;
    const evaluation = evaluateCanary(child, parent, { random: createEntropyRandom() });
    const { agents } = await this.registry.list(0);
    const transition = applyCanaryVerdict(agents, childId, evaluation);
    if (!transition.change) return null;
    await this.registry.save(transition.agents.filter((agent) => agent.agentId === childId || agent.agentId === parentId));
    routingMetrics.canaryTransitions.inc({ kind: transition.change.kind });
    const updated = transition.agents.find((agent) => agent.agentId === childId)!;
    return {
      agentId: childId,
      version: updated.version,
      parentVersion: updated.lineage?.parentVersion,
      status: transition.change.kind === 'promoted' ? 'promoted' : 'rolled-back',
      reason: transition.change.reason,
      changedAt: new Date().toISOString(),
    };
  }
}
