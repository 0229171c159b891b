import { Topic } from '@benchpool/contracts';
import { loadConfig, runService } from '@benchpool/service-kit';
import { AnonymizationConfig } from './anonymization.config';
import { AnonymizationModule } from './app.module';

runService({
  definition: { name: 'anonymization', needsMongo: false, needsRedis: false },
  loadConfig: () => loadConfig(AnonymizationConfig, process.env, {}, 'ANONYMIZATION_PORT'),
  appModule: (runtime) => AnonymizationModule.forRuntime(runtime),
  producedTopics: [Topic.DatapointAnonymized, Topic.DatapointQuarantined],
});
