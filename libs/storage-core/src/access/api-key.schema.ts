import { Schema } from 'mongoose';
import type { Role } from './access-policy';

export const API_KEYS_COLLECTION = 'api_keys';

export interface ApiKeyDocument {
  /** the key id: who, in access_audit. */
  _id: string;
  /** sha256 hex of the secret; the secret itself is never stored. */
  hash: string;
  role: Role;
  /** a hashed tenant id, or '*' for every tenant. */
  tenantScope: string;
  name: string;
  createdAt: Date;
  createdBy: string;
  disabled?: boolean;
}

export const apiKeySchema = new Schema<ApiKeyDocument>(
  {
    _id: String,
    hash: { type: String, required: true },
    role: { type: String, required: true },
    tenantScope: { type: String, required: true },
    name: String,
    createdAt: Date,
    createdBy: String,
    disabled: Boolean,
  },
  { collection: API_KEYS_COLLECTION, versionKey: false, autoIndex: false },
);

// Authentication of every request: the key whose hash matches the x-api-key header (unique).
apiKeySchema.index({ hash: 1 }, { name: 'hash', unique: true });
