import { Inject, Injectable } from '@nestjs/common';
import {
  ArmStatsSnapshot, createSeededRandom, decideRoute, RoutingConfig as CoreRoutingConfig, RoutingDecision, RoutingRedisStore, SharedReads,
} from '@benchpool/routing-core';
import type { DecisionMadeV1, TaskSubmittedV1 } from '@benchpool/contracts';
import { ServiceRuntime, SERVICE_CONFIG } from '@benchpool/service-kit';
import { AgentRegistryRepository } from './agent-registry.repository';
import type { RoutingConfig } from './routing.config';
import { routingMetrics } from './routing.metrics';
import { ROUTING_POLICY } from './routing-state.provider';

/**
 * One routing decision per submitted task. The random source is seeded by the decision id, so a
 * redelivered task gets the same draws; the decision id and the event id are stable per task.
 * When Redis cannot be read, routing degrades to capability match and says so — it never fails
 * while an eligible agent exists.
 */
@Injectable()
export class DecideRouteUseCase {
  /**
   * Decisions started together (the records of one fetch) read their segment's statistics and the
   * agents' loads in one Redis round trip instead of one each; they are concurrent, so each would
   * have read the same values.
   */
  private readonly armStatsReads = new SharedReads<ArmStatsSnapshot>();
  private readonly inFlightReads = new SharedReads<ReadonlyMap<string, number>>();

  constructor(
    @Inject(AgentRegistryRepository) private readonly registry: AgentRegistryRepository,
    @Inject(RoutingRedisStore) private readonly store: RoutingRedisStore,
    @Inject(ROUTING_POLICY) private readonly policy: CoreRoutingConfig,
    @Inject(SERVICE_CONFIG) private readonly config: RoutingConfig,
    @Inject(ServiceRuntime) private readonly runtime: ServiceRuntime,
  ) {}

  /**
   * `loadRecorded` is the in-flight count's update, already started and never rejecting: the
   * caller publishes the decision meanwhile and awaits both, so the decision does not wait for one
   * more Redis round trip (the count is an estimate that tolerates a lost write; see trackInFlight).
   */
  async execute(
    task: TaskSubmittedV1,
    now = new Date(),
  ): Promise<{ event: DecisionMadeV1; decision: RoutingDecision; loadRecorded: Promise<void> }> {
    const stopTimer = routingMetrics.decisionDuration.startTimer();
    const decisionId = `dec-${task.taskId}`;
    const { agents, stale } = await this.registry.list(now.getTime());
    const agentIds = agents.map((agent) => agent.agentId);
    let armStats: ArmStatsSnapshot | null = null;
    let inFlight: ReadonlyMap<string, number> = new Map();
    let decisionsInSegment: number | undefined;
    let fallbackReason: string | undefined = stale ? 'the agent registry could not be read from Redis; using the last copy' : undefined;
    try {
      [armStats, inFlight, decisionsInSegment] = await Promise.all([
        this.armStatsReads.read(JSON.stringify([task.type, task.complexity, agentIds]), () => this.store.readArmStats(agentIds, task.type, task.complexity)),
        this.inFlightReads.read(JSON.stringify(agentIds), () => this.store.readInFlight(agentIds, now.getTime())),
        this.registry.countDecision(task.type, task.complexity),
      ]);
    } catch (error) {
      armStats = null;
      fallbackReason = `routing statistics unavailable (Redis: ${(error as Error).message})`;
    }
    const decision = decideRoute(
      { decisionId, task, agents, inFlight, armStats, fallbackReason, decisionsInSegment, decidedAt: now.toISOString() },
      this.policy,
      createSeededRandom(decisionId),
    );
    stopTimer();
    const loadRecorded = decision.selectedAgentId ? this.trackInFlight(decision.selectedAgentId, task, now) : Promise.resolve();
    routingMetrics.decisions.inc({ strategy: decision.strategy, explored: String(Boolean(decision.explored)), fallback: String(Boolean(decision.fallback)) });
    if (!decision.selectedAgentId) routingMetrics.noEligibleAgent.inc();
    const selected = agents.find((agent) => agent.agentId === decision.selectedAgentId);
    return { decision, event: toEvent(decision, task, selected?.version ?? null), loadRecorded };
  }

  private async trackInFlight(agentId: string, task: TaskSubmittedV1, now: Date): Promise<void> {
    try {
      await Promise.all([
        this.store.incrementInFlight(agentId, task.taskId, now.getTime() + this.config.ROUTING_INFLIGHT_TIMEOUT_SECONDS * 1000, now.getTime()),
        this.registry.noteSegment(task.type, task.complexity),
      ]);
    } catch (error) {
      // degraded mode: the decision stands; load counts resume with Redis
      this.runtime.logger.warn(JSON.stringify({ msg: 'in-flight count not recorded', taskId: task.taskId, reason: (error as Error).message }), 'DecideRoute');
    }
  }
}

function toEvent(decision: RoutingDecision, task: TaskSubmittedV1, selectedAgentVersion: string | null): DecisionMadeV1 {
  return {
    decisionId: decision.decisionId,
    taskId: task.taskId,
    taskType: task.type,
    complexity: task.complexity,
    selectedAgentId: decision.selectedAgentId,
    selectedAgentVersion,
    strategy: decision.strategy,
    policyVersion: decision.policyVersion,
    propensity: decision.propensity,
    ...(decision.propensityDraws !== undefined ? { propensityDraws: decision.propensityDraws } : {}),
    confidence: decision.confidence,
    explored: Boolean(decision.explored),
    ...(decision.fallback ? { fallback: true } : {}),
    candidates: decision.candidates,
    rationale: decision.rationale,
    decidedAt: decision.decidedAt,
  };
}
