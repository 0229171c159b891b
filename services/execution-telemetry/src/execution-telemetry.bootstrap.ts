import { Topic } from '@benchpool/contracts';
import { BootstrapOptions, loadConfig } from '@benchpool/service-kit';
import { ExecutionTelemetryModule } from './app.module';
import { ExecutionTelemetryConfig } from './execution-telemetry.config';

export const EXECUTION_TELEMETRY_DEFINITION = { name: 'execution-telemetry', needsMongo: false, needsRedis: true };
export const EXECUTION_TELEMETRY_PRODUCED_TOPICS: string[] = [Topic.ExecutionRecorded, Topic.DatapointCollected];

/** How main.ts (with process.env) and in-process tests or benchmarks (with their own env) start the service. */
export function executionTelemetryBootstrap(env: NodeJS.ProcessEnv = process.env): BootstrapOptions<ExecutionTelemetryConfig> {
  return {
    definition: EXECUTION_TELEMETRY_DEFINITION,
    loadConfig: () => loadConfig(ExecutionTelemetryConfig, env, {}, 'EXECUTION_TELEMETRY_PORT'),
    appModule: (runtime) => ExecutionTelemetryModule.forRuntime(runtime),
    producedTopics: EXECUTION_TELEMETRY_PRODUCED_TOPICS,
  };
}
