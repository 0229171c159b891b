import type { mongo } from 'mongoose';
import { BudgetCharge, BudgetPeriod, budgetPeriodKey, PrivacyBudgetLedger, validateEpsilon } from '@benchpool/privacy';

export interface MongoPrivacyBudgetConfig {
  /** ε a tenant may spend per period. */
  epsilonPerPeriod: number;
  period: BudgetPeriod;
}

interface LedgerDocument {
  /** `<tenant id>|<period key>` */
  _id: string;
  tenantId: string;
  periodKey: string;
  spent: number;
  releases: string[];
}

/** A charge that exactly fills the budget is granted (ε values are sums of decimals). */
const TOLERANCE = 1e-9;

/**
 * @benchpool/privacy's PrivacyBudgetLedger in MongoDB (collection `privacy_budget_ledger`, owned
 * by rl-export): one document per tenant and UTC period with the ε spent and the releases charged.
 * A charge is one conditional update (`spent ≤ limit − ε` and the release not yet recorded), so
 * replicas never overspend; a granted release is never charged again; a refused one may be retried.
 */
export class MongoPrivacyBudgetLedger implements PrivacyBudgetLedger {
  static readonly COLLECTION = 'privacy_budget_ledger';
  private readonly collection: mongo.Collection<LedgerDocument>;

  constructor(
    db: mongo.Db,
    private readonly config: MongoPrivacyBudgetConfig,
    private readonly now: () => Date = () => new Date(),
  ) {
    // only _id lookups and updates: no secondary index needed
    this.collection = db.collection<LedgerDocument>(MongoPrivacyBudgetLedger.COLLECTION);
  }

  private key(tenantId: string): { _id: string; periodKey: string } {
    const periodKey = budgetPeriodKey(this.config.period, this.now());
    return { _id: `${tenantId}|${periodKey}`, periodKey };
  }

  /** ε left this period, and whether a release was already charged (then it costs nothing more). */
  async state(tenantId: string): Promise<{ remaining: number; charged: (releaseId: string) => boolean }> {
    const document = await this.collection.findOne({ _id: this.key(tenantId)._id });
    const releases = new Set(document?.releases ?? []);
    return { remaining: this.config.epsilonPerPeriod - (document?.spent ?? 0), charged: (releaseId) => releases.has(releaseId) };
  }

  async tryCharge(tenantId: string, epsilon: number, releaseId: string): Promise<BudgetCharge> {
    validateEpsilon(epsilon);
    const { _id, periodKey } = this.key(tenantId);
    const limit = this.config.epsilonPerPeriod;
    await this.collection.updateOne({ _id }, { $setOnInsert: { tenantId, periodKey, spent: 0, releases: [] } }, { upsert: true });
    const result = await this.collection.updateOne(
      { _id, releases: { $ne: releaseId }, spent: { $lte: limit - epsilon + TOLERANCE } },
      { $inc: { spent: epsilon }, $push: { releases: releaseId } },
    );
    const after = await this.collection.findOne({ _id });
    const spent = after?.spent ?? 0;
    const granted = result.modifiedCount === 1 || (after?.releases.includes(releaseId) ?? false);
    return { granted, spent, remaining: limit - spent };
  }

  /** Gives a charge back (when another tenant of the same release could not pay). */
  async refund(tenantId: string, epsilon: number, releaseId: string): Promise<void> {
    await this.collection.updateOne({ _id: this.key(tenantId)._id, releases: releaseId }, { $inc: { spent: -epsilon }, $pull: { releases: releaseId } });
  }
}
