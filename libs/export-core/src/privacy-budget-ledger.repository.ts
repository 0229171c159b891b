import type { mongo } from 'mongoose';
import { BudgetCharge, BudgetPeriod, budgetPeriodKey, PrivacyBudgetLedger, validateEpsilon } from '@benchpool/privacy';

export interface MongoPrivacyBudgetConfig {
  /** ε a tenant may spend per period. */
  epsilonPerPeriod: number;
  period: BudgetPeriod;
}

/** One immutable entry: a charge (ε > 0) or a refund (ε < 0) of one release. */
interface LedgerEntry {
  /** `<tenant id>|<period key>|<sequence>`: the unique key makes appending a compare-and-set. */
  _id: string;
  tenantId: string;
  periodKey: string;
  sequence: number;
  releaseId: string;
  epsilon: number;
}

/** A charge that exactly fills the budget is granted (ε values are sums of decimals). */
const TOLERANCE = 1e-9;
const MAX_ATTEMPTS = 50;

/**
 * @benchpool/privacy's PrivacyBudgetLedger in MongoDB (collection `privacy_budget_ledger`, owned
 * by rl-export), as an append-only log per tenant and UTC period. A charge reads the period's
 * entries, decides, and appends the next sequence number; the unique `_id` makes a concurrent
 * append of the same sequence fail (duplicate key), and the loser re-reads and decides again.
 * This is race-free on FerretDB 1.x too, whose conditional `$inc` updates are not atomic under
 * concurrency (measured: 4 of 8 concurrent 0.3-charges granted on a budget of 1). A granted
 * release is never charged again; a refused one may be retried.
 */
export class MongoPrivacyBudgetLedger implements PrivacyBudgetLedger {
  static readonly COLLECTION = 'privacy_budget_ledger';
  private readonly collection: mongo.Collection<LedgerEntry>;

  constructor(
    db: mongo.Db,
    private readonly config: MongoPrivacyBudgetConfig,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.collection = db.collection<LedgerEntry>(MongoPrivacyBudgetLedger.COLLECTION);
  }

  private period(): string {
    return budgetPeriodKey(this.config.period, this.now());
  }

  private async entries(tenantId: string, periodKey: string): Promise<LedgerEntry[]> {
    // _id prefix range: the period's entries of one tenant (no secondary index needed)
    const prefix = `${tenantId}|${periodKey}|`;
    return this.collection.find({ _id: { $gte: prefix, $lt: `${prefix}\uffff` } }).toArray();
  }

  private static summarize(entries: LedgerEntry[]): { spent: number; next: number; net: Map<string, number> } {
    const net = new Map<string, number>();
    let spent = 0;
    let next = 0;
    for (const entry of entries) {
      spent += entry.epsilon;
      next = Math.max(next, entry.sequence + 1);
      net.set(entry.releaseId, (net.get(entry.releaseId) ?? 0) + entry.epsilon);
    }
    return { spent, next, net };
  }

  /** ε left this period, and whether a release was already charged (then it costs nothing more). */
  async state(tenantId: string): Promise<{ remaining: number; charged: (releaseId: string) => boolean }> {
    const { spent, net } = MongoPrivacyBudgetLedger.summarize(await this.entries(tenantId, this.period()));
    return { remaining: this.config.epsilonPerPeriod - spent, charged: (releaseId) => (net.get(releaseId) ?? 0) > TOLERANCE };
  }

  async tryCharge(tenantId: string, epsilon: number, releaseId: string): Promise<BudgetCharge> {
    validateEpsilon(epsilon);
    const periodKey = this.period();
    const limit = this.config.epsilonPerPeriod;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const { spent, next, net } = MongoPrivacyBudgetLedger.summarize(await this.entries(tenantId, periodKey));
      if ((net.get(releaseId) ?? 0) > TOLERANCE) return { granted: true, spent, remaining: limit - spent };
      if (spent + epsilon > limit + TOLERANCE) return { granted: false, spent, remaining: limit - spent };
      if (await this.append({ tenantId, periodKey, sequence: next, releaseId, epsilon })) {
        return { granted: true, spent: spent + epsilon, remaining: limit - spent - epsilon };
      }
    }
    throw new Error(`privacy ledger: could not append a charge for ${tenantId} after ${MAX_ATTEMPTS} attempts`);
  }

  /** Gives a charge back (when another tenant of the same release could not pay). */
  async refund(tenantId: string, epsilon: number, releaseId: string): Promise<void> {
    const periodKey = this.period();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const { next, net } = MongoPrivacyBudgetLedger.summarize(await this.entries(tenantId, periodKey));
      if ((net.get(releaseId) ?? 0) <= TOLERANCE) return;
      if (await this.append({ tenantId, periodKey, sequence: next, releaseId, epsilon: -epsilon })) return;
    }
    throw new Error(`privacy ledger: could not append a refund for ${tenantId} after ${MAX_ATTEMPTS} attempts`);
  }

  /** false when another writer took the sequence number first. */
  private async append(entry: Omit<LedgerEntry, '_id'>): Promise<boolean> {
    try {
      await this.collection.insertOne({ _id: `${entry.tenantId}|${entry.periodKey}|${String(entry.sequence).padStart(8, '0')}`, ...entry });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }
}
