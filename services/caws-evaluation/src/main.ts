import { Topic } from '@benchpool/contracts';
import { loadConfig, runService } from '@benchpool/service-kit';
import { CawsEvaluationModule } from './app.module';
import { CawsEvaluationConfig } from './caws-evaluation.config';

runService({
  definition: { name: 'caws-evaluation', needsMongo: false, needsRedis: true },
  loadConfig: () => loadConfig(CawsEvaluationConfig, process.env, {}, 'CAWS_EVALUATION_PORT'),
  appModule: (runtime) => CawsEvaluationModule.forRuntime(runtime),
  producedTopics: [Topic.EvaluationCompleted],
});
