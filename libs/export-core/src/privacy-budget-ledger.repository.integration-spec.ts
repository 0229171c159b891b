import mongoose, { Connection } from 'mongoose';
import { MongoPrivacyBudgetLedger } from './privacy-budget-ledger.repository';

describe('MongoPrivacyBudgetLedger against the real FerretDB', () => {
  let connection: Connection;
  let now = new Date('2026-11-21T12:00:00.000Z');

  beforeAll(async () => {
    connection = await mongoose.createConnection(`mongodb://127.0.0.1:27017/ledger_it_${Date.now().toString(36)}`).asPromise();
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('grants until the budget is spent, charges a release once, refuses past the budget and renews with the period', async () => {
    const ledger = new MongoPrivacyBudgetLedger(connection.db!, { epsilonPerPeriod: 1, period: 'month' }, () => now);
    expect(await ledger.tryCharge('tenant-a', 0.4, 'batch-1')).toEqual({ granted: true, spent: 0.4, remaining: 0.6 });
    expect(await ledger.tryCharge('tenant-a', 0.4, 'batch-1')).toEqual({ granted: true, spent: 0.4, remaining: 0.6 });
    const second = await ledger.tryCharge('tenant-a', 0.6, 'batch-2');
    expect(second.granted).toBe(true);
    expect(second.remaining).toBeCloseTo(0, 9);
    const refused = await ledger.tryCharge('tenant-a', 0.1, 'batch-3');
    expect(refused.granted).toBe(false);
    expect((await ledger.state('tenant-a')).charged('batch-2')).toBe(true);
    await ledger.refund('tenant-a', 0.6, 'batch-2');
    expect((await ledger.tryCharge('tenant-a', 0.1, 'batch-3')).granted).toBe(true);
    expect((await ledger.tryCharge('tenant-b', 1, 'batch-3')).granted).toBe(true);
    now = new Date('2026-12-01T00:00:00.000Z');
    expect(await ledger.tryCharge('tenant-a', 1, 'batch-4')).toEqual({ granted: true, spent: 1, remaining: 0 });
  });

  it('never overspends when replicas charge at once', async () => {
    const ledger = new MongoPrivacyBudgetLedger(connection.db!, { epsilonPerPeriod: 1, period: 'lifetime' });
    const charges = await Promise.all(Array.from({ length: 8 }, (_, index) => ledger.tryCharge('tenant-c', 0.3, `release-${index}`)));
    expect(charges.filter((charge) => charge.granted)).toHaveLength(3);
    expect((await ledger.state('tenant-c')).remaining).toBeCloseTo(0.1, 9);
  });
});
