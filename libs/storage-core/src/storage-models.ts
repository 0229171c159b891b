import type { Connection, Model } from 'mongoose';
import { AccessAuditDocument, accessAuditSchema } from './access/access-audit.schema';
import { ApiKeyDocument, apiKeySchema } from './access/api-key.schema';
import { AgentStatsDailyDocument, agentStatsDailySchema } from './cold/agent-stats-daily.schema';
import { StorageBatchDocument, storageBatchSchema } from './journal/storage-batch.schema';
import { QuarantinedPointDocument, quarantinedPointSchema } from './quarantine/quarantined-point.schema';
import { RetentionRunDocument, retentionRunSchema } from './retention/retention-run.schema';
import type { DatapointDocument } from './warm/datapoint-document';
import { datapointSchema } from './warm/datapoint.schema';

/** The collections storage-tiering owns (single writer), as mongoose models on one connection. */
export class StorageModels {
  readonly datapoints: Model<DatapointDocument>;
  readonly agentStatsDaily: Model<AgentStatsDailyDocument>;
  readonly storageBatches: Model<StorageBatchDocument>;
  readonly retentionRuns: Model<RetentionRunDocument>;
  readonly quarantinedPoints: Model<QuarantinedPointDocument>;
  readonly apiKeys: Model<ApiKeyDocument>;
  readonly accessAudit: Model<AccessAuditDocument>;

  constructor(readonly connection: Connection) {
    this.datapoints = connection.model<DatapointDocument>('Datapoint', datapointSchema);
    this.agentStatsDaily = connection.model<AgentStatsDailyDocument>('AgentStatsDaily', agentStatsDailySchema);
    this.storageBatches = connection.model<StorageBatchDocument>('StorageBatch', storageBatchSchema);
    this.retentionRuns = connection.model<RetentionRunDocument>('RetentionRun', retentionRunSchema);
    this.quarantinedPoints = connection.model<QuarantinedPointDocument>('QuarantinedPoint', quarantinedPointSchema);
    this.apiKeys = connection.model<ApiKeyDocument>('ApiKey', apiKeySchema);
    this.accessAudit = connection.model<AccessAuditDocument>('AccessAudit', accessAuditSchema);
  }

  /** Creates the collections and the indexes the schemas declare (idempotent; no TTL indexes). */
  async ensureIndexes(): Promise<void> {
    for (const model of this.all()) {
      await model.createCollection().catch((error: { code?: number }) => {
        if (error.code !== 48) throw error; // 48 = NamespaceExists
      });
      await model.createIndexes();
    }
  }

  private all(): Model<never>[] {
    return [
      this.datapoints, this.agentStatsDaily, this.storageBatches, this.retentionRuns, this.quarantinedPoints, this.apiKeys, this.accessAudit,
    ] as unknown as Model<never>[];
  }
}
