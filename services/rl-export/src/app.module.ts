import { DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule, ServiceRuntime } from '@benchpool/service-kit';
import { ExportRequestedConsumer } from './consumers/export-requested.consumer';
import { ExportBatchUseCase } from './export-batch.usecase';
import { ExportSchedulerService } from './export-scheduler.service';

@Module({})
export class RlExportModule {
  static forRuntime(runtime: ServiceRuntime): DynamicModule {
    return {
      module: RlExportModule,
      imports: [ServiceKitModule.forRuntime(runtime)],
      controllers: [ExportRequestedConsumer],
      providers: [ExportBatchUseCase, ExportSchedulerService],
    };
  }
}
