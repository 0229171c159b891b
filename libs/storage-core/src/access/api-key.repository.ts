import { createHash, randomBytes } from 'node:crypto';
import type { Model } from 'mongoose';
import { isRole, Principal, Role } from './access-policy';
import type { ApiKeyDocument } from './api-key.schema';

export const BOOTSTRAP_ADMIN_KEY_ID = 'bootstrap-admin';

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * api_keys: only sha256 hashes are stored. Resolved keys are cached briefly (`cacheMs`) so the
 * hot statistics path does not pay a database round trip per request; a disabled key stops
 * working within that time.
 */
export class ApiKeyRepository {
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();

  constructor(
    private readonly model: Model<ApiKeyDocument>,
    private readonly cacheMs = 10_000,
  ) {}

  /** Creates (or rotates) the bootstrap admin key from config; the plain secret is never stored. */
  async ensureBootstrapAdmin(secret: string): Promise<void> {
    await this.model.collection.updateOne(
      { _id: BOOTSTRAP_ADMIN_KEY_ID } as never,
      {
        $set: { hash: hashApiKey(secret), role: 'admin', tenantScope: '*', name: 'bootstrap admin (STORAGE_ADMIN_API_KEY)' },
        $setOnInsert: { createdAt: new Date(), createdBy: 'config' },
      },
      { upsert: true },
    );
    this.cache.clear();
  }

  async create(input: { role: Role; tenantScope: string; name: string; createdBy: string }): Promise<{ keyId: string; apiKey: string; document: ApiKeyDocument }> {
    const keyId = `key_${randomBytes(6).toString('hex')}`;
    const apiKey = `bp_${randomBytes(24).toString('base64url')}`;
    const document: ApiKeyDocument = {
      _id: keyId, hash: hashApiKey(apiKey), role: input.role, tenantScope: input.tenantScope, name: input.name, createdAt: new Date(), createdBy: input.createdBy,
    };
    await this.model.collection.insertOne(document as never);
    return { keyId, apiKey, document };
  }

  /** The principal of a presented secret, or null when it matches no enabled key. */
  async authenticate(secret: string | undefined): Promise<Principal | null> {
    if (!secret) return null;
    const hash = hashApiKey(secret);
    const cached = this.cache.get(hash);
    if (cached && cached.until > Date.now()) return cached.principal;
    const document = (await this.model.collection.findOne({ hash })) as unknown as ApiKeyDocument | null;
    const principal = document && !document.disabled && isRole(document.role) ? { keyId: document._id, role: document.role, tenantScope: document.tenantScope } : null;
    // unknown keys are cached for a shorter time: a key created on another replica works within a second
    this.cache.set(hash, { principal, until: Date.now() + (principal ? this.cacheMs : Math.min(this.cacheMs, 1_000)) });
    if (this.cache.size > 10_000) this.cache.clear();
    return principal;
  }
}
