import { DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule, ServiceRuntime } from '@benchpool/service-kit';
import { AnonymizeDataPointUseCase } from './anonymize-data-point.usecase';
import { DatapointCollectedConsumer } from './consumers/datapoint-collected.consumer';

@Module({})
export class AnonymizationModule {
  static forRuntime(runtime: ServiceRuntime): DynamicModule {
    return {
      module: AnonymizationModule,
      imports: [ServiceKitModule.forRuntime(runtime)],
      controllers: [DatapointCollectedConsumer],
      providers: [AnonymizeDataPointUseCase],
    };
  }
}
