import { loadConfig, runService } from '@benchpool/service-kit';
import { StorageTieringModule } from './app.module';
import { STORAGE_TIERING_PRODUCED_TOPICS } from './produced-topics';
import { StorageTieringConfig } from './storage-tiering.config';

runService({
  definition: { name: 'storage-tiering', needsMongo: true, needsRedis: true },
  loadConfig: () => loadConfig(StorageTieringConfig, process.env, {}, 'STORAGE_TIERING_PORT'),
  appModule: (runtime) => StorageTieringModule.forRuntime(runtime),
  producedTopics: STORAGE_TIERING_PRODUCED_TOPICS,
});
