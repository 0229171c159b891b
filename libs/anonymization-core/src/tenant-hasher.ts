import { createHmac } from 'node:crypto';

/** HMAC keys by id; `activeKeyId` hashes new data, older ids stay to look up data hashed before a rotation. */
export interface TenantKeyring {
  activeKeyId: string;
  keys: Record<string, string>;
}

export class TenantKeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenantKeyringError';
  }
}

/** Shorter secrets make the hash guessable by brute force over known tenant names. */
const MINIMUM_SECRET_LENGTH = 16;

/**
 * Tenant id → HMAC-SHA256 hex (64 lower-case characters). The same tenant and key give the same
 * hash in every service and every run, so points stay joinable per tenant without the raw id.
 */
export class TenantHasher {
  private readonly keyring: TenantKeyring;
  private readonly cache = new Map<string, string>();

  constructor(keyring: TenantKeyring) {
    validateKeyring(keyring);
    this.keyring = { activeKeyId: keyring.activeKeyId, keys: { ...keyring.keys } };
  }

  get activeKeyId(): string {
    return this.keyring.activeKeyId;
  }

  /** Hash with the active key. */
  hash(tenantId: string): string {
    return this.hashWithKey(tenantId, this.keyring.activeKeyId);
  }

  /** Hash with a given key id, e.g. to find data stored before a rotation. */
  hashWithKey(tenantId: string, keyId: string): string {
    const secret = this.keyring.keys[keyId];
    if (secret === undefined) throw new TenantKeyringError(`unknown tenant hash key id "${keyId}"`);
    const cacheKey = `${keyId}\u0000${tenantId}`;
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) return cached;
    const digest = createHmac('sha256', secret).update(tenantId, 'utf8').digest('hex');
    // Tenants are few; the cache only bounds the cost of hashing the same ids per point.
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(cacheKey, digest);
    return digest;
  }
}

export function validateKeyring(keyring: TenantKeyring): void {
  if (keyring === null || typeof keyring !== 'object') throw new TenantKeyringError('tenant keyring must be an object');
  if (typeof keyring.activeKeyId !== 'string' || keyring.activeKeyId === '') {
    throw new TenantKeyringError('tenant keyring activeKeyId must be a non-empty string');
  }
  if (keyring.keys === null || typeof keyring.keys !== 'object') throw new TenantKeyringError('tenant keyring keys must be an object');
  for (const [keyId, secret] of Object.entries(keyring.keys)) {
    if (typeof secret !== 'string' || secret.length < MINIMUM_SECRET_LENGTH) {
      throw new TenantKeyringError(`tenant hash key "${keyId}" must be a string of at least ${MINIMUM_SECRET_LENGTH} characters`);
    }
  }
  if (keyring.keys[keyring.activeKeyId] === undefined) {
    throw new TenantKeyringError(`tenant keyring has no key for activeKeyId "${keyring.activeKeyId}"`);
  }
}
