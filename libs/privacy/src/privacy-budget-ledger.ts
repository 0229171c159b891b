import { validateEpsilon } from './laplace-mechanism';

export interface BudgetCharge {
  granted: boolean;
  /** ε spent by the tenant in the current period, after this call. */
  spent: number;
  /** ε left in the current period, after this call. */
  remaining: number;
}

/**
 * Per-tenant ε accounting. `tryCharge` is idempotent per releaseId: charging the same release
 * again returns the first answer and spends nothing more, so a redelivered export message does
 * not burn budget twice. Implementations: in memory (here), MongoDB (storage side).
 */
export interface PrivacyBudgetLedger {
  tryCharge(tenantId: string, epsilon: number, releaseId: string): Promise<BudgetCharge>;
}

export type BudgetPeriod = 'day' | 'week' | 'month' | 'year' | 'lifetime';

export interface PrivacyBudgetConfig {
  /** Total ε a tenant may spend per period. */
  epsilonPerPeriod: number;
  period: BudgetPeriod;
  /** Per-tenant overrides of epsilonPerPeriod. */
  tenantLimits?: Record<string, number>;
}

export class PrivacyBudgetExceededError extends Error {
  constructor(
    readonly tenantId: string,
    readonly spent: number,
    readonly requested: number,
    readonly limit: number,
  ) {
    super(`privacy budget exceeded: spent ${spent} + requested ${requested} > limit ${limit} for this period`);
    this.name = 'PrivacyBudgetExceededError';
  }
}

/** UTC key of the period containing `at`: `2024-03-12`, `2024-W11`, `2024-03`, `2024`, `lifetime`. */
export function budgetPeriodKey(period: BudgetPeriod, at: Date): string {
  const year = at.getUTCFullYear();
  const month = String(at.getUTCMonth() + 1).padStart(2, '0');
  switch (period) {
    case 'day':
      return `${year}-${month}-${String(at.getUTCDate()).padStart(2, '0')}`;
    case 'week': {
      // ISO 8601 week: the week with the year's first Thursday is week 1.
      const day = new Date(Date.UTC(year, at.getUTCMonth(), at.getUTCDate()));
      const weekday = day.getUTCDay() === 0 ? 7 : day.getUTCDay();
      day.setUTCDate(day.getUTCDate() + 4 - weekday);
      const weekYear = day.getUTCFullYear();
      const week = Math.ceil(((day.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
      return `${weekYear}-W${String(week).padStart(2, '0')}`;
    }
    case 'month':
      return `${year}-${month}`;
    case 'year':
      return String(year);
    case 'lifetime':
      return 'lifetime';
  }
}

export function validateBudgetConfig(config: PrivacyBudgetConfig): void {
  validateEpsilon(config.epsilonPerPeriod);
  if (!['day', 'week', 'month', 'year', 'lifetime'].includes(config.period)) {
    throw new RangeError(`unknown budget period "${String(config.period)}"`);
  }
  for (const [tenantId, limit] of Object.entries(config.tenantLimits ?? {})) {
    if (!(limit >= 0) || !Number.isFinite(limit)) throw new RangeError(`budget limit for tenant "${tenantId}" must be a finite number ≥ 0`);
  }
}

/** Floating-point sums of ε (0.1 + 0.2) must not refuse a release that exactly fills the budget. */
const EPSILON_TOLERANCE = 1e-9;

/**
 * In-memory ledger for one process (tests, single-replica tools). Charges are checked and
 * applied synchronously, so concurrent calls in one process cannot overspend.
 */
export class InMemoryPrivacyBudgetLedger implements PrivacyBudgetLedger {
  private readonly spentByPeriod = new Map<string, number>();
  private readonly decisions = new Map<string, { tenantId: string; period: string; granted: boolean; epsilon: number }>();

  constructor(
    private readonly config: PrivacyBudgetConfig,
    private readonly now: () => Date = () => new Date(),
  ) {
    validateBudgetConfig(config);
  }

  limitFor(tenantId: string): number {
    return this.config.tenantLimits?.[tenantId] ?? this.config.epsilonPerPeriod;
  }

  async tryCharge(tenantId: string, epsilon: number, releaseId: string): Promise<BudgetCharge> {
    validateEpsilon(epsilon);
    if (releaseId === '') throw new RangeError('releaseId must not be empty');
    const limit = this.limitFor(tenantId);
    const decisionKey = `${tenantId}\u0000${releaseId}`;
    const previous = this.decisions.get(decisionKey);
    if (previous !== undefined && previous.granted) {
      // Idempotent replay: answer as of the current period without charging again.
      const spent = this.spent(tenantId, previous.period);
      return { granted: true, spent, remaining: Math.max(0, limit - spent) };
    }
    const period = budgetPeriodKey(this.config.period, this.now());
    const spent = this.spent(tenantId, period);
    if (spent + epsilon > limit + EPSILON_TOLERANCE) {
      // A refused release may be retried later (next period, or after a limit raise).
      this.decisions.set(decisionKey, { tenantId, period, granted: false, epsilon });
      return { granted: false, spent, remaining: Math.max(0, limit - spent) };
    }
    const after = spent + epsilon;
    this.spentByPeriod.set(`${tenantId}\u0000${period}`, after);
    this.decisions.set(decisionKey, { tenantId, period, granted: true, epsilon });
    return { granted: true, spent: after, remaining: Math.max(0, limit - after) };
  }

  /** ε spent by a tenant in the period containing `at` (default now). */
  spentIn(tenantId: string, at: Date = this.now()): number {
    return this.spent(tenantId, budgetPeriodKey(this.config.period, at));
  }

  private spent(tenantId: string, period: string): number {
    return this.spentByPeriod.get(`${tenantId}\u0000${period}`) ?? 0;
  }
}

/** Charges the ledger or throws PrivacyBudgetExceededError with the numbers (never the data). */
export async function chargeOrThrow(
  ledger: PrivacyBudgetLedger,
  tenantId: string,
  epsilon: number,
  releaseId: string,
  limit: number,
): Promise<BudgetCharge> {
  const charge = await ledger.tryCharge(tenantId, epsilon, releaseId);
  if (!charge.granted) throw new PrivacyBudgetExceededError(tenantId, charge.spent, epsilon, limit);
  return charge;
}
