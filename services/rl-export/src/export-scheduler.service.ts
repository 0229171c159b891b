import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { Topic } from '@benchpool/contracts';
import { ExportScheduleRepository, parseSchedule, ScheduleEntry, scheduledRequestId } from '@benchpool/export-core';
import { EventProducer } from '@benchpool/kafka';
import { MONGO_CONNECTION, SERVICE_CONFIG, ServiceRuntime } from '@benchpool/service-kit';
import type { RlExportConfig } from './rl-export.config';

/**
 * Issues rl.export.requested.v1 on RL_EXPORT_SCHEDULE (off by default). Each period has one
 * request id; the replica that claims it in `export_schedule` publishes it, so N replicas still
 * ask once. The request goes through Kafka like any other, so it is retried and dead-lettered alike.
 */
@Injectable()
export class ExportSchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private readonly entries: ScheduleEntry[];

  constructor(
    @Inject(MONGO_CONNECTION) private readonly connection: Connection,
    @Inject(EventProducer) private readonly producer: EventProducer,
    @Inject(SERVICE_CONFIG) private readonly config: RlExportConfig,
    @Inject(ServiceRuntime) private readonly runtime: ServiceRuntime,
  ) {
    this.entries = parseSchedule(config.RL_EXPORT_SCHEDULE);
  }

  onApplicationBootstrap(): void {
    if (this.entries.length === 0) return;
    this.runtime.logger.log(JSON.stringify({ msg: 'export schedule on', entries: this.entries.map((entry) => `${entry.phase}@${entry.label}`) }), 'ExportScheduler');
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.config.RL_EXPORT_SCHEDULE_TICK_MS);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Publishes the current period's request of each entry that no replica has claimed yet. */
  async tick(now = new Date()): Promise<string[]> {
    const issued: string[] = [];
    const claims = new ExportScheduleRepository(this.connection.db!);
    for (const entry of this.entries) {
      const requestId = scheduledRequestId(entry, now);
      try {
        if (!(await claims.claim(requestId, this.runtime.consumerGroup, now))) continue;
        await this.producer.publish(Topic.ExportRequested, { requestId, phase: entry.phase }, { tenantId: this.config.RL_EXPORT_SCHEDULE_TENANT, id: requestId });
        issued.push(requestId);
        this.runtime.logger.log(JSON.stringify({ msg: 'scheduled export requested', requestId, phase: entry.phase }), 'ExportScheduler');
      } catch (error) {
        // the next tick tries again only if the claim was not taken; a claimed but unpublished period is logged loudly
        this.runtime.logger.error(JSON.stringify({ msg: 'scheduled export request failed', requestId, error: (error as Error).message }), undefined, 'ExportScheduler');
      }
    }
    return issued;
  }
}
