import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import type { AccessAuditDocument } from './access-audit.schema';

/** access_audit: one document per API access, written before the response leaves. */
export class AccessAuditRepository {
  constructor(private readonly model: Model<AccessAuditDocument>) {}

  async record(entry: Omit<AccessAuditDocument, '_id'>): Promise<void> {
    await this.model.collection.insertOne({ _id: randomUUID(), ...entry } as never);
  }

  async list(filter: { keyId?: string; limit: number }): Promise<AccessAuditDocument[]> {
    const query = filter.keyId ? { keyId: filter.keyId } : {};
    return (await this.model.collection.find(query).sort({ at: -1 }).limit(filter.limit).toArray()) as unknown as AccessAuditDocument[];
  }
}
