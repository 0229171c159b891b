import { Topic } from '@benchpool/contracts';
import { BootstrapOptions, loadConfig, ServiceDefinition } from '@benchpool/service-kit';
import { ExecutionTelemetryModule } from './app.module';
import { ExecutionTelemetryConfig } from './execution-telemetry.config';

export const EXECUTION_TELEMETRY_DEFINITION: ServiceDefinition = {
  name: 'execution-telemetry',
  needsMongo: false,
  needsRedis: true,
  // the join does not depend on the order between topics (first version of a part wins, recording
  // waits for both task and completion): one consumer per topic, so one topic's fetch overlaps the
  // others' Redis and producer waits instead of every fetch waiting for all four topics' batches
  dedicatedConsumerTopics: [Topic.TaskSubmitted, Topic.DecisionMade, Topic.ExecutionCompleted, Topic.EvaluationCompleted],
};
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
