import { LaplaceMechanism } from './laplace-mechanism';
import {
  budgetPeriodKey,
  chargeOrThrow,
  InMemoryPrivacyBudgetLedger,
  PrivacyBudgetExceededError,
} from './privacy-budget-ledger';
import { releaseWithBudget } from './private-release';
import { seededRandomSource } from './random-source';

describe('InMemoryPrivacyBudgetLedger', () => {
  const fixedNow = (): Date => new Date('2024-03-12T10:00:00Z');

  it('grants releases until the per-period budget is spent, then refuses', async () => {
    const ledger = new InMemoryPrivacyBudgetLedger({ epsilonPerPeriod: 1, period: 'day' }, fixedNow);
    expect(await ledger.tryCharge('tenant-a', 0.4, 'r1')).toEqual({ granted: true, spent: 0.4, remaining: 0.6 });
    expect(await ledger.tryCharge('tenant-a', 0.4, 'r2')).toEqual({ granted: true, spent: 0.8, remaining: expect.closeTo(0.2, 10) });
    const refused = await ledger.tryCharge('tenant-a', 0.4, 'r3');
    expect(refused.granted).toBe(false);
    expect(refused.spent).toBeCloseTo(0.8, 10);
    expect(ledger.spentIn('tenant-a')).toBeCloseTo(0.8, 10);
  });

  it('accepts a charge that exactly fills the budget despite float rounding', async () => {
    const ledger = new InMemoryPrivacyBudgetLedger({ epsilonPerPeriod: 0.3, period: 'day' }, fixedNow);
    expect((await ledger.tryCharge('t', 0.1, 'a')).granted).toBe(true);
    expect((await ledger.tryCharge('t', 0.2, 'b')).granted).toBe(true);
    expect((await ledger.tryCharge('t', 0.01, 'c')).granted).toBe(false);
  });

  it('is idempotent per releaseId', async () => {
    const ledger = new InMemoryPrivacyBudgetLedger({ epsilonPerPeriod: 1, period: 'day' }, fixedNow);
    await ledger.tryCharge('tenant-a', 0.5, 'export-42');
    const replay = await ledger.tryCharge('tenant-a', 0.5, 'export-42');
    expect(replay).toEqual({ granted: true, spent: 0.5, remaining: 0.5 });
    expect(ledger.spentIn('tenant-a')).toBe(0.5);
  });

  it('lets a refused release through later when budget frees up in a new period', async () => {
    let now = new Date('2024-03-12T23:59:00Z');
    const ledger = new InMemoryPrivacyBudgetLedger({ epsilonPerPeriod: 1, period: 'day' }, () => now);
    await ledger.tryCharge('t', 1, 'first');
    expect((await ledger.tryCharge('t', 0.5, 'second')).granted).toBe(false);
    now = new Date('2024-03-13T00:01:00Z');
    expect(await ledger.tryCharge('t', 0.5, 'second')).toEqual({ granted: true, spent: 0.5, remaining: 0.5 });
  });

  it('keeps tenants separate and honours per-tenant limits', async () => {
    const ledger = new InMemoryPrivacyBudgetLedger({ epsilonPerPeriod: 1, period: 'month', tenantLimits: { small: 0.2 } }, fixedNow);
    expect((await ledger.tryCharge('big', 0.9, 'x')).granted).toBe(true);
    expect((await ledger.tryCharge('small', 0.3, 'x')).granted).toBe(false);
    expect((await ledger.tryCharge('small', 0.2, 'y')).granted).toBe(true);
  });

  it('rejects invalid epsilon, release id and config', async () => {
    const ledger = new InMemoryPrivacyBudgetLedger({ epsilonPerPeriod: 1, period: 'day' }, fixedNow);
    await expect(ledger.tryCharge('t', 0, 'r')).rejects.toThrow();
    await expect(ledger.tryCharge('t', 0.1, '')).rejects.toThrow();
    expect(() => new InMemoryPrivacyBudgetLedger({ epsilonPerPeriod: -1, period: 'day' })).toThrow();
    expect(() => new InMemoryPrivacyBudgetLedger({ epsilonPerPeriod: 1, period: 'fortnight' as never })).toThrow();
  });
});

describe('budgetPeriodKey', () => {
  it.each([
    ['day', '2024-03-12T10:00:00Z', '2024-03-12'],
    ['month', '2024-03-12T10:00:00Z', '2024-03'],
    ['year', '2024-03-12T10:00:00Z', '2024'],
    ['lifetime', '2024-03-12T10:00:00Z', 'lifetime'],
    ['week', '2024-03-12T10:00:00Z', '2024-W11'],
    ['week', '2021-01-03T10:00:00Z', '2020-W53'],
    ['week', '2024-12-30T10:00:00Z', '2025-W01'],
  ] as const)('%s of %s is %s', (period, at, expected) => {
    expect(budgetPeriodKey(period, new Date(at))).toBe(expected);
  });
});

describe('chargeOrThrow and releaseWithBudget', () => {
  it('throws a typed error with spent, requested and limit when refused', async () => {
    const ledger = new InMemoryPrivacyBudgetLedger({ epsilonPerPeriod: 0.5, period: 'day' });
    await chargeOrThrow(ledger, 't', 0.4, 'a', 0.5);
    const error = await chargeOrThrow(ledger, 't', 0.2, 'b', 0.5).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PrivacyBudgetExceededError);
    expect(error).toMatchObject({ tenantId: 't', requested: 0.2, limit: 0.5 });
    expect((error as PrivacyBudgetExceededError).spent).toBeCloseTo(0.4, 10);
  });

  it('releases a noisy value only when the charge is granted', async () => {
    const ledger = new InMemoryPrivacyBudgetLedger({ epsilonPerPeriod: 1, period: 'day' });
    const mechanism = new LaplaceMechanism({ epsilon: 0.6, random: seededRandomSource(4) });
    const value = await releaseWithBudget(ledger, mechanism, { tenantId: 't', releaseId: 'batch-1', limit: 1 }, 0.7);
    expect(Number.isFinite(value)).toBe(true);
    expect(value).not.toBe(0.7);
    await expect(releaseWithBudget(ledger, mechanism, { tenantId: 't', releaseId: 'batch-2', limit: 1 }, 0.7)).rejects.toBeInstanceOf(
      PrivacyBudgetExceededError,
    );
    expect(ledger.spentIn('t')).toBeCloseTo(0.6, 10);
  });
});
