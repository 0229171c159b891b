import type { Redis } from 'ioredis';
import { BudgetCharge, budgetPeriodKey, BudgetPeriod, PrivacyBudgetExceededError, PrivacyBudgetLedger, RandomSource, sampleLaplace } from '@benchpool/privacy';
import type { StatisticsSummary } from '../statistics/summary';

export interface PrivateRelease {
  mechanism: 'laplace';
  epsilon: number;
  /** what was noised; tokens and latency are unbounded per point, so they are withheld. */
  noised: string[];
  withheld: string[];
}

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));
const round = (value: number): number => Math.round(value * 10_000) / 10_000;

/**
 * ε-differentially private version of one summary, for cross-tenant aggregate queries.
 * One point changes count, successes, the quality sum and the reward sum by at most 1 each
 * (qualities and rewards are in [0, 1]), so each gets Laplace(1/ε') with ε' = ε/4 (sequential
 * composition over the four sums). Rates and means are noisy sum ÷ max(1, noisy count), clamped.
 * Summaries of disjoint groups compose in parallel; callers spend ε once for all groups and once
 * more for the total.
 */
export function privatizeSummary(summary: StatisticsSummary, epsilon: number, random: RandomSource): StatisticsSummary {
  const scale = 4 / epsilon;
  const count = Math.max(0, summary.count + sampleLaplace(scale, random));
  const denominator = Math.max(1, count);
  const noisyMean = (mean: number | null): number | null =>
    mean === null ? null : round(clamp01((mean * summary.count + sampleLaplace(scale, random)) / denominator));
  const successes = Math.max(0, summary.successes + sampleLaplace(scale, random));
  return {
    count: Math.round(count),
    successes: Math.round(successes),
    successRate: summary.successRate === null ? null : round(clamp01(successes / denominator)),
    averageQuality: noisyMean(summary.averageQuality),
    averageReward: noisyMean(summary.averageReward),
    tokensTotal: 0,
    averageTokens: null,
    latencyMs: null,
  };
}

export const PRIVATE_RELEASE_FIELDS: Pick<PrivateRelease, 'noised' | 'withheld'> = {
  noised: ['count', 'successes', 'successRate', 'averageQuality', 'averageReward'],
  withheld: ['tokensTotal', 'averageTokens', 'latencyMs'],
};

/**
 * Check-and-charge in one Lua call: a release id is charged once (a retry of the same request
 * costs nothing more), and a charge that would pass the limit is refused. Amounts travel as
 * strings: Redis truncates Lua numbers to integers.
 */
const CHARGE = `
if redis.call('EXISTS', KEYS[2]) == 1 then
  return {1, redis.call('GET', KEYS[1]) or '0'}
end
local spent = tonumber(redis.call('GET', KEYS[1]) or '0')
local epsilon = tonumber(ARGV[1])
if spent + epsilon > tonumber(ARGV[2]) + 1e-9 then
  return {0, tostring(spent)}
end
local total = redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
redis.call('SET', KEYS[2], '1', 'EX', tonumber(ARGV[3]))
return {1, total}
`;

/** Per-tenant ε accounting for storage-tiering's aggregate queries, shared by every replica. */
export class RedisPrivacyBudgetLedger implements PrivacyBudgetLedger {
  constructor(
    private readonly redis: Redis,
    private readonly options: { prefix: string; epsilonPerPeriod: number; period: BudgetPeriod },
    private readonly now: () => Date = () => new Date(),
  ) {
    if (!('storagePrivacyCharge' in redis)) redis.defineCommand('storagePrivacyCharge', { numberOfKeys: 2, lua: CHARGE });
  }

  async tryCharge(tenantId: string, epsilon: number, releaseId: string): Promise<BudgetCharge> {
    const period = budgetPeriodKey(this.options.period, this.now());
    const [granted, spentText] = await (this.redis as Redis & { storagePrivacyCharge: (...args: Array<string | number>) => Promise<[number, string]> })
      .storagePrivacyCharge(
        `${this.options.prefix}dp:spent:${tenantId}:${period}`,
        `${this.options.prefix}dp:release:${tenantId}:${releaseId}`,
        String(epsilon),
        String(this.options.epsilonPerPeriod),
        400 * 24 * 3600,
      );
    const spent = Number(spentText);
    return { granted: granted === 1, spent, remaining: Math.max(0, this.options.epsilonPerPeriod - spent) };
  }

  /** Charges or throws PrivacyBudgetExceededError (spent, requested, limit). */
  async charge(tenantId: string, epsilon: number, releaseId: string): Promise<BudgetCharge> {
    const result = await this.tryCharge(tenantId, epsilon, releaseId);
    if (!result.granted) throw new PrivacyBudgetExceededError(tenantId, result.spent, epsilon, this.options.epsilonPerPeriod);
    return result;
  }
}
