import { Topic } from '@benchpool/contracts';
import { loadConfig, runService } from '@benchpool/service-kit';
import { RoutingModule } from './app.module';
import { RoutingConfig } from './routing.config';

runService({
  definition: { name: 'routing', needsMongo: false, needsRedis: true },
  loadConfig: () => loadConfig(RoutingConfig, process.env, {}, 'ROUTING_PORT'),
  appModule: (runtime) => RoutingModule.forRuntime(runtime),
  producedTopics: [Topic.DecisionMade, Topic.AgentStatusChanged],
});
