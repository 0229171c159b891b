import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  AgentDeployedV1, AgentRegisteredV1, AgentStatusChangedV1, DatapointStoredV1, ExecutionCompletedV1, TaskSubmittedV1, Topic,
} from '@benchpool/contracts';
import { EventContext, EventProducer } from '@benchpool/kafka';
import { RoutingRedisStore } from '@benchpool/routing-core';
import { DecideRouteUseCase } from '../decide-route.usecase';
import { LearnFromOutcomeUseCase } from '../learn-from-outcome.usecase';
import { ManageAgentsUseCase } from '../manage-agents.usecase';

type Batch<T> = Array<{ data: T; context: EventContext }>;

/** While Redis restarts, learning waits (up to ~10 minutes) instead of dead-lettering rewards. */
const OUTLAST_REDIS_OUTAGE = { maxAttempts: 80, initialMs: 250, maxMs: 10_000, factor: 2 };

@Controller()
export class RoutingConsumer {
  constructor(
    @Inject(DecideRouteUseCase) private readonly decideRoute: DecideRouteUseCase,
    @Inject(LearnFromOutcomeUseCase) private readonly learn: LearnFromOutcomeUseCase,
    @Inject(ManageAgentsUseCase) private readonly agents: ManageAgentsUseCase,
    @Inject(RoutingRedisStore) private readonly store: RoutingRedisStore,
    @Inject(EventProducer) private readonly producer: EventProducer,
  ) {}

  /** Decisions for a whole fetch at once: statistics reads overlap and the decisions leave in one request. */
  @EventPattern(Topic.TaskSubmitted, { batch: true })
  async onTasks(@Payload() batch: Batch<TaskSubmittedV1>): Promise<void> {
    await Promise.all(
      batch.map(async ({ data, context }) => {
        const { event, loadRecorded } = await this.decideRoute.execute(data);
        await Promise.all([
          this.producer.publish(Topic.DecisionMade, event, {
            tenantId: context.tenantId, correlationId: context.correlationId, id: `decision-${data.taskId}`,
          }),
          loadRecorded,
        ]);
      }),
    );
  }

  @EventPattern(Topic.ExecutionCompleted, { batch: true, retry: OUTLAST_REDIS_OUTAGE })
  async onCompleted(@Payload() batch: Batch<ExecutionCompletedV1>): Promise<void> {
    await Promise.all(batch.map(({ data }) => this.store.decrementInFlight(data.agentId, data.taskId)));
  }

  @EventPattern(Topic.DatapointStored, { batch: true, retry: OUTLAST_REDIS_OUTAGE })
  async onStored(@Payload() batch: Batch<DatapointStoredV1>): Promise<void> {
    for (const { data, context } of batch) {
      const change = await this.learn.execute(data);
      if (change) await this.announce(change, context);
    }
  }

  @EventPattern(Topic.AgentRegistered, { retry: OUTLAST_REDIS_OUTAGE })
  async onRegistered(@Payload() data: AgentRegisteredV1): Promise<void> {
    await this.agents.register(data);
  }

  @EventPattern(Topic.AgentDeployed, { retry: OUTLAST_REDIS_OUTAGE })
  async onDeployed(@Payload() data: AgentDeployedV1, @Ctx() context: EventContext): Promise<void> {
    const change = await this.agents.deploy(data);
    if (change) await this.announce(change, context);
  }

  private announce(change: AgentStatusChangedV1, context: EventContext): Promise<void> {
    return this.producer.publish(Topic.AgentStatusChanged, change, {
      tenantId: context.tenantId, correlationId: change.agentId, id: `status-${change.agentId}-${change.status}`,
    });
  }
}
