import { DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule, ServiceRuntime } from '@benchpool/service-kit';
import { DecisionMadeConsumer } from './consumers/decision-made.consumer';
import { EvaluationCompletedConsumer } from './consumers/evaluation-completed.consumer';
import { ExecutionCompletedConsumer } from './consumers/execution-completed.consumer';
import { ExecutionTurnConsumer } from './consumers/execution-turn.consumer';
import { TaskSubmittedConsumer } from './consumers/task-submitted.consumer';
import { JoinSweeperService } from './join-sweeper.service';
import { JoinTelemetryUseCase } from './join-telemetry.usecase';

@Module({})
export class ExecutionTelemetryModule {
  static forRuntime(runtime: ServiceRuntime): DynamicModule {
    return {
      module: ExecutionTelemetryModule,
      imports: [ServiceKitModule.forRuntime(runtime)],
      controllers: [TaskSubmittedConsumer, DecisionMadeConsumer, ExecutionTurnConsumer, ExecutionCompletedConsumer, EvaluationCompletedConsumer],
      providers: [JoinTelemetryUseCase, JoinSweeperService],
    };
  }
}
