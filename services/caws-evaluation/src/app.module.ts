import { DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule, ServiceRuntime } from '@benchpool/service-kit';
import { ExecutionRecordedConsumer } from './consumers/execution-recorded.consumer';
import { EvaluateExecutionUseCase } from './evaluate-execution.usecase';
import { EvaluationRepository } from './evaluation.repository';

@Module({})
export class CawsEvaluationModule {
  static forRuntime(runtime: ServiceRuntime): DynamicModule {
    return {
      module: CawsEvaluationModule,
      imports: [ServiceKitModule.forRuntime(runtime)],
      controllers: [ExecutionRecordedConsumer],
      providers: [EvaluationRepository, EvaluateExecutionUseCase],
    };
  }
}
