import { DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule, ServiceRuntime } from '@benchpool/service-kit';
import { AgentRegistryRepository } from './agent-registry.repository';
import { RoutingConsumer } from './consumers/routing.consumer';
import { DecideRouteUseCase } from './decide-route.usecase';
import { LearnFromOutcomeUseCase } from './learn-from-outcome.usecase';
import { ManageAgentsUseCase } from './manage-agents.usecase';
import { routingProviders } from './routing-state.provider';

@Module({})
export class RoutingModule {
  static forRuntime(runtime: ServiceRuntime): DynamicModule {
    return {
      module: RoutingModule,
      imports: [ServiceKitModule.forRuntime(runtime)],
      controllers: [RoutingConsumer],
      providers: [...routingProviders, AgentRegistryRepository, DecideRouteUseCase, LearnFromOutcomeUseCase, ManageAgentsUseCase],
    };
  }
}
