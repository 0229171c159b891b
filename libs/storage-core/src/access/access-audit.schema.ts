import { Schema } from 'mongoose';

export const ACCESS_AUDIT_COLLECTION = 'access_audit';

/** Who (key id), what (method, route, params), when, outcome and how many records — for every API access. */
export interface AccessAuditDocument {
  _id: string;
  at: Date;
  keyId: string | null;
  role: string | null;
  method: string;
  route: string;
  path: string;
  params: Record<string, unknown>;
  status: number;
  records: number;
  durationMs: number;
  reason?: string;
}

export const accessAuditSchema = new Schema<AccessAuditDocument>(
  {
    _id: String,
    at: { type: Date, required: true },
    keyId: String,
    role: String,
    method: String,
    route: String,
    path: String,
    params: Schema.Types.Mixed,
    status: Number,
    records: Number,
    durationMs: Number,
    reason: String,
  },
  { collection: ACCESS_AUDIT_COLLECTION, versionKey: false, autoIndex: false },
);

// GET /v1/admin/access-audit?keyId=…: one key's accesses, newest first.
accessAuditSchema.index({ keyId: 1, at: -1 }, { name: 'key_at' });
// GET /v1/admin/access-audit (no key filter): recent accesses, newest first.
accessAuditSchema.index({ at: -1 }, { name: 'at' });
