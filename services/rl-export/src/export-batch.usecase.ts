import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { ExportBatchRecordV1, ExportCompletedV1, ExportRequestedV1, Topic } from '@benchpool/contracts';
import { BatchExporter, BatchSink, ExportMetrics, ExportOutcome } from '@benchpool/export-core';
import { EventProducer } from '@benchpool/kafka';
import { MONGO_CONNECTION, SERVICE_CONFIG, ServiceRuntime } from '@benchpool/service-kit';
import type { RlExportConfig } from './rl-export.config';

export interface ExportContext {
  tenantId: string;
  correlationId: string;
  heartbeat?: () => Promise<void>;
}

/** One export request → one batch on rl.export.batch.v1 (see BatchExporter in @benchpool/export-core). */
@Injectable()
export class ExportBatchUseCase {
  private readonly metrics = new ExportMetrics();

  constructor(
    @Inject(MONGO_CONNECTION) private readonly connection: Connection,
    @Inject(EventProducer) private readonly producer: EventProducer,
    @Inject(SERVICE_CONFIG) private readonly config: RlExportConfig,
    @Inject(ServiceRuntime) private readonly runtime: ServiceRuntime,
  ) {}

  execute(request: ExportRequestedV1, context: ExportContext): Promise<ExportOutcome> {
    const exporter = new BatchExporter({
      db: this.connection.db!,
      sink: this.sink(context),
      noiseKey: this.config.RL_EXPORT_DP_NOISE_KEY,
      privacyBudget: { epsilonPerPeriod: this.config.RL_EXPORT_PRIVACY_BUDGET, period: this.config.RL_EXPORT_PRIVACY_PERIOD },
      metrics: this.metrics,
      logger: { log: (message) => this.runtime.logger.log(message, 'ExportBatch'), warn: (message) => this.runtime.logger.warn(message, 'ExportBatch') },
    });
    return exporter.export(request, { heartbeat: context.heartbeat });
  }

  /** Publishes every record of a call at once (the producer keeps call order and batches them), keyed by batch id. */
  private sink(context: ExportContext): BatchSink {
    return {
      publishBatchRecords: (records: ExportBatchRecordV1[]) =>
        Promise.all(
          records.map((record) =>
            this.producer.publish(Topic.ExportBatch, record, { tenantId: context.tenantId, correlationId: context.correlationId, id: `${record.batchId}-${record.sequence}` }),
          ),
        ).then(() => undefined),
      publishCompleted: (events: ExportCompletedV1[]) =>
        Promise.all(
          events.map((event, index) =>
            this.producer.publish(Topic.ExportCompleted, event, { tenantId: context.tenantId, correlationId: context.correlationId, id: `export-completed-${event.batchId}-${index}` }),
          ),
        ).then(() => undefined),
    };
  }
}
