import { Topic } from '@benchpool/contracts';
import { loadConfig, runService } from '@benchpool/service-kit';
import { RoutingModule } from './app.module';
import { ROUTING_SERVICE, RoutingConfig } from './routing.config';

runService({
  definition: ROUTING_SERVICE,
  loadConfig: () => loadConfig(RoutingConfig, process.env, {}, 'ROUTING_PORT'),
  appModule: (runtime) => RoutingModule.forRuntime(runtime),
  producedTopics: [Topic.DecisionMade, Topic.AgentStatusChanged],
});
