import { DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule, ServiceRuntime } from '@benchpool/service-kit';
import { Clock, systemClock } from '@benchpool/storage-core';
import { DatapointAnonymizedConsumer } from './consumers/datapoint-anonymized.consumer';
import { DatapointQuarantinedConsumer } from './consumers/datapoint-quarantined.consumer';
import { ExportCompletedConsumer } from './consumers/export-completed.consumer';
import { AccessControlInterceptor } from './http/access-control.interceptor';
import { AdminController } from './http/admin.controller';
import { DatapointsController } from './http/datapoints.controller';
import { FeedbackController } from './http/feedback.controller';
import { OpenApiController } from './http/openapi.controller';
import { StatisticsController } from './http/statistics.controller';
import { StorageJobsScheduler } from './jobs/storage-jobs.scheduler';
import { DATA_CLOCK, StorageInitializer, storageCoreProvider } from './storage-core.provider';
import { ReportAgentFeedbackUseCase } from './use-cases/report-agent-feedback.usecase';
import { StoreDatapointsUseCase } from './use-cases/store-datapoints.usecase';
import { PrivateStatisticsUseCase } from './private-statistics.usecase';

export interface StorageTieringModuleOptions {
  /** the data clock; tests pass a ManualClock to move time forward. */
  clock?: Clock;
}

@Module({})
export class StorageTieringModule {
  static forRuntime(runtime: ServiceRuntime, options: StorageTieringModuleOptions = {}): DynamicModule {
    return {
      module: StorageTieringModule,
      imports: [ServiceKitModule.forRuntime(runtime)],
      controllers: [
        DatapointAnonymizedConsumer, ExportCompletedConsumer, DatapointQuarantinedConsumer,
        StatisticsController, DatapointsController, FeedbackController, AdminController, OpenApiController,
      ],
      providers: [
        { provide: DATA_CLOCK, useValue: options.clock ?? systemClock },
        storageCoreProvider,
        StorageInitializer,
        StoreDatapointsUseCase,
        PrivateStatisticsUseCase,
        ReportAgentFeedbackUseCase,
        StorageJobsScheduler,
        AccessControlInterceptor,
      ],
    };
  }
}
