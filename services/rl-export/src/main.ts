import { loadConfig, runService } from '@benchpool/service-kit';
import { RlExportModule } from './app.module';
import { RL_EXPORT_DEFINITION, RL_EXPORT_PRODUCED_TOPICS } from './rl-export.definition';
import { RlExportConfig } from './rl-export.config';

runService({
  definition: RL_EXPORT_DEFINITION,
  loadConfig: () => loadConfig(RlExportConfig, process.env, {}, 'RL_EXPORT_PORT'),
  appModule: (runtime) => RlExportModule.forRuntime(runtime),
  producedTopics: RL_EXPORT_PRODUCED_TOPICS,
});
