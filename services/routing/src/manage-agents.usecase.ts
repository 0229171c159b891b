import { Inject, Injectable } from '@nestjs/common';
import { AgentRecord, RoutingRedisStore, versionedAgentId } from '@benchpool/routing-core';
import type { AgentDeployedV1, AgentRegisteredV1, AgentStatusChangedV1 } from '@benchpool/contracts';
import { PermanentError } from '@benchpool/kafka';
import { SERVICE_CONFIG } from '@benchpool/service-kit';
import { AgentRegistryRepository } from './agent-registry.repository';
import type { RoutingConfig } from './routing.config';

/** Registrations from the arbiter and new versions from the RL pipeline. */
@Injectable()
export class ManageAgentsUseCase {
  constructor(
    @Inject(AgentRegistryRepository) private readonly registry: AgentRegistryRepository,
    @Inject(RoutingRedisStore) private readonly store: RoutingRedisStore,
    @Inject(SERVICE_CONFIG) private readonly config: RoutingConfig,
  ) {}

  /** Upsert: a re-registration updates capabilities and limits but keeps a status routing decided. */
  async register(registered: AgentRegisteredV1): Promise<void> {
    const existing = await this.registry.get(registered.agentId);
    const record: AgentRecord = {
      agentId: registered.agentId,
      name: registered.name,
      modelFamily: registered.modelFamily,
      version: registered.version,
      capabilities: registered.capabilities,
      maxConcurrency: registered.maxConcurrency,
      costPer1kTokens: registered.costPer1kTokens,
      status: existing?.status ?? 'active',
      ...(existing?.statusReason ? { statusReason: existing.statusReason } : {}),
      ...(existing?.lineage ? { lineage: existing.lineage } : {}),
    };
    await this.registry.save([record]);
  }

  /**
   * A new version enters as a canary with its own routable id (`agent@version`), warm-started
   * from its parent's posteriors (a fraction of the evidence) in every known segment.
   * Idempotent: a redelivered deployment finds the child and does nothing.
   */
  async deploy(deployed: AgentDeployedV1, now = new Date()): Promise<AgentStatusChangedV1 | null> {
    const childId = versionedAgentId(deployed.agentId, deployed.version);
    if (await this.registry.get(childId)) return null;
    const { agents } = await this.registry.list(0);
    const parent =
      agents.find((agent) => agent.agentId === versionedAgentId(deployed.agentId, deployed.parentVersion)) ??
      agents.find((agent) => agent.agentId === deployed.agentId && agent.version === deployed.parentVersion) ??
      agents.find((agent) => (agent.lineage?.baseAgentId ?? agent.agentId) === deployed.agentId && agent.status === 'active');
    if (!parent) throw new PermanentError(`parent ${deployed.agentId}@${deployed.parentVersion} is not registered`);
    await this.store.warmStart(childId, parent.agentId, await this.registry.segments(), this.config.ROUTING_WARM_START_FRACTION);
    const child: AgentRecord = {
      ...parent,
      agentId: childId,
      version: deployed.version,
      capabilities: deployed.capabilities ?? parent.capabilities,
      status: 'canary',
      statusReason: `deployed from ${deployed.trainingBatchIds.length} training batch(es)`,
      lineage: {
        baseAgentId: deployed.agentId,
        parentAgentId: parent.agentId,
        parentVersion: deployed.parentVersion,
        trainingBatchIds: deployed.trainingBatchIds,
        deployedAt: now.toISOString(),
      },
    };
    await this.registry.save([child]);
    return {
      agentId: childId,
      version: deployed.version,
      parentVersion: deployed.parentVersion,
      status: 'canary',
      reason: `warm-started from ${parent.agentId} with ${Math.round(this.config.ROUTING_WARM_START_FRACTION * 100)}% of its evidence; canary share until promoted or rolled back`,
      changedAt: now.toISOString(),
    };
  }
}
