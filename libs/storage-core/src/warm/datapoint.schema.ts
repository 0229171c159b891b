import { Schema } from 'mongoose';
import type { DatapointDocument } from './datapoint-document';

export const DATAPOINTS_COLLECTION = 'datapoints';

/**
 * benchpool.datapoints — the warm tier (90 days). The BenchmarkDataPoint parts are Mixed: the
 * contract validated them upstream and rl-export reads them as they are. Documents are written
 * with the native driver (insertMany), so mongoose never casts or adds defaults; the schema is the
 * single place that declares the indexes.
 */
export const datapointSchema = new Schema<DatapointDocument>(
  {
    _id: { type: String },
    timestamp: { type: Date, required: true },
    tenantId: { type: String, required: true },
    status: { type: String, required: true },
    missing: [String],
    task: { type: Schema.Types.Mixed, required: true },
    routing: Schema.Types.Mixed,
    execution: Schema.Types.Mixed,
    evaluation: Schema.Types.Mixed,
    rlLabels: Schema.Types.Mixed,
    provenance: Schema.Types.Mixed,
    cawsCompliant: Boolean,
    rlReady: Boolean,
    agentId: { type: String, required: true },
    taskType: { type: String, required: true },
    complexity: { type: String, required: true },
    overallScore: Number,
    success: Boolean,
    exportedAt: Date,
    trainingBatchId: String,
    trainingBatchIds: [String],
    storedAt: { type: Date, required: true },
    batchToken: { type: String, required: true },
  },
  { collection: DATAPOINTS_COLLECTION, versionKey: false, autoIndex: false, strict: false, minimize: true },
);

// GET /v1/datapoints (no filter) and the retention job's "oldest first" scan: newest/oldest by timestamp, _id as tie-break for the cursor.
datapointSchema.index({ timestamp: -1, _id: -1 }, { name: 'timestamp_id' });
// GET /v1/datapoints?agentId=…[&taskType=…]: one agent's points, newest first, cursor pagination.
datapointSchema.index({ agentId: 1, taskType: 1, timestamp: -1, _id: -1 }, { name: 'agent_type_timestamp' });
// GET /v1/datapoints?taskType=…[&complexity=…] without an agent: one segment's points, newest first.
datapointSchema.index({ taskType: 1, complexity: 1, timestamp: -1 }, { name: 'type_complexity_timestamp' });
// rl-export's candidate query: rlReady points not yet exported, by quality, within a time range.
datapointSchema.index({ rlReady: 1, exportedAt: 1, overallScore: -1, timestamp: -1 }, { name: 'rlready_exported_quality' });
// GET /v1/datapoints with a tenant-scoped key: one tenant's points, newest first.
datapointSchema.index({ tenantId: 1, timestamp: -1 }, { name: 'tenant_timestamp' });
// "which points did training batch X use" (rl.export.completed audits, GET /v1/datapoints?trainingBatchId=…).
datapointSchema.index({ trainingBatchId: 1 }, { name: 'training_batch', sparse: true });
// Crash recovery: the documents a storage batch (journal entry) inserted.
datapointSchema.index({ batchToken: 1 }, { name: 'batch_token' });
