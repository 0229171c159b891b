import type { mongo } from 'mongoose';

/** Thrown when a tenant's remaining ε cannot pay for a release. */
export class PrivacyBudgetExceededError extends Error {
  constructor(
    readonly tenantId: string,
    readonly requested: number,
    readonly remaining: number,
  ) {
    super(`privacy budget of tenant ${tenantId} exceeded: requested ε=${requested}, remaining ε=${remaining}`);
    this.name = 'PrivacyBudgetExceededError';
  }
}

export interface ChargeReceipt {
  tenantId: string;
  releaseId: string;
  epsilon: number;
  remaining: number;
  /** false when this release had already been charged (a repeated request pays nothing). */
  charged: boolean;
}

interface LedgerDocument {
  _id: string;
  budget: number;
  remaining: number;
  spent: number;
  releases: string[];
}

/** ε values are sums of decimals: compare with a small tolerance. */
const TOLERANCE = 1e-9;

/**
 * Per-tenant privacy budget in MongoDB (collection `privacy_budget_ledger`, owned by rl-export):
 * one document per tenant with the ε it has left and the releases already charged. A charge is
 * one conditional update (`remaining >= ε` and the release not yet recorded), so two replicas can
 * never overspend, and charging the same release twice costs once.
 */
export class MongoPrivacyBudgetLedger {
  static readonly COLLECTION = 'privacy_budget_ledger';
  private readonly collection: mongo.Collection<LedgerDocument>;

  constructor(
    db: mongo.Db,
    /** the lifetime ε a tenant starts with. */
    private readonly defaultBudget: number,
  ) {
    // only _id lookups: no secondary index needed
    this.collection = db.collection<LedgerDocument>(MongoPrivacyBudgetLedger.COLLECTION);
  }

  async remaining(tenantId: string): Promise<{ remaining: number; charged: (releaseId: string) => boolean }> {
    const document = await this.collection.findOne({ _id: tenantId });
    const releases = new Set(document?.releases ?? []);
    return { remaining: document?.remaining ?? this.defaultBudget, charged: (releaseId) => releases.has(releaseId) };
  }

  async tryCharge(tenantId: string, epsilon: number, releaseId: string): Promise<ChargeReceipt> {
    await this.collection.updateOne(
      { _id: tenantId },
      { $setOnInsert: { budget: this.defaultBudget, remaining: this.defaultBudget, spent: 0, releases: [] } },
      { upsert: true },
    );
    const result = await this.collection.updateOne(
      { _id: tenantId, releases: { $ne: releaseId }, remaining: { $gte: epsilon - TOLERANCE } },
      { $inc: { remaining: -epsilon, spent: epsilon }, $push: { releases: releaseId } },
    );
    const after = await this.collection.findOne({ _id: tenantId });
    const remaining = after?.remaining ?? 0;
    if (result.modifiedCount === 1) return { tenantId, releaseId, epsilon, remaining, charged: true };
    if (after?.releases.includes(releaseId)) return { tenantId, releaseId, epsilon, remaining, charged: false };
    throw new PrivacyBudgetExceededError(tenantId, epsilon, remaining);
  }

  /** Gives back a charge (when another tenant of the same release could not pay). */
  async refund(tenantId: string, epsilon: number, releaseId: string): Promise<void> {
    await this.collection.updateOne(
      { _id: tenantId, releases: releaseId },
      { $inc: { remaining: epsilon, spent: -epsilon }, $pull: { releases: releaseId } },
    );
  }
}
