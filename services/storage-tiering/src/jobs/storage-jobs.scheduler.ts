import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG, ServiceRuntime } from '@benchpool/service-kit';
import { StorageCore } from '@benchpool/storage-core';
import type { StorageTieringConfig } from '../storage-tiering.config';
import { ReportAgentFeedbackUseCase } from '../use-cases/report-agent-feedback.usecase';
import { StoreDatapointsUseCase } from '../use-cases/store-datapoints.usecase';

/**
 * Timers of the background jobs. Each job takes a Redis lease, so with N replicas one runs it;
 * a failed run is logged and retried at the next tick (jobs resume where they stopped).
 */
@Injectable()
export class StorageJobsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<string>();

  constructor(
    @Inject(StorageCore) private readonly core: StorageCore,
    @Inject(StoreDatapointsUseCase) private readonly storeDatapoints: StoreDatapointsUseCase,
    @Inject(ReportAgentFeedbackUseCase) private readonly feedback: ReportAgentFeedbackUseCase,
    @Inject(SERVICE_CONFIG) private readonly config: StorageTieringConfig,
    @Inject(ServiceRuntime) private readonly runtime: ServiceRuntime,
  ) {}

  onApplicationBootstrap(): void {
    this.every('maintenance', this.config.MAINTENANCE_INTERVAL_MS, () => this.core.maintain(this.storeDatapoints.hooks()));
    this.every('retention', this.config.RETENTION_INTERVAL_MS, () => this.core.retention.run(this.storeDatapoints.hooks()));
    this.every('feedback', this.config.FEEDBACK_INTERVAL_MS, () => this.feedback.execute());
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  private every(name: string, intervalMs: number, job: () => Promise<unknown>): void {
    if (intervalMs <= 0) return;
    const timer = setInterval(() => {
      if (this.running.has(name)) return;
      this.running.add(name);
      job()
        .catch((error: Error) => this.runtime.logger.error(JSON.stringify({ msg: `${name} job failed`, error: error.message }), error.stack, 'StorageJobsScheduler'))
        .finally(() => this.running.delete(name));
    }, intervalMs);
    timer.unref();
    this.timers.push(timer);
  }
}
