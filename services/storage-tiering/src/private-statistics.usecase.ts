import { createHmac } from 'node:crypto';
import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Counter, register } from 'prom-client';
import { budgetPeriodKey, PrivacyBudgetExceededError, RandomSource } from '@benchpool/privacy';
import {
  Principal, PRIVATE_RELEASE_FIELDS, PrivateRelease, privatizeSummary, RedisPrivacyBudgetLedger, StorageCore, SystemStatistics,
} from '@benchpool/storage-core';
import { stableStringify } from '@benchpool/utils';
import { REDIS, SERVICE_CONFIG } from '@benchpool/service-kit';
import type { StorageTieringConfig } from './storage-tiering.config';

const releases = new Counter({ name: 'benchpool_storage_private_releases_total', help: 'Differentially private aggregate releases, by outcome', labelNames: ['outcome'], registers: [register] });

/** A random stream derived from a secret and the release: the same query in one period gets the same noise. */
function keyedRandom(key: string, releaseId: string): RandomSource {
  let counter = 0;
  return () => createHmac('sha256', key).update(`${releaseId}:${counter++}`).digest().readUIntBE(0, 6) / 2 ** 48;
}

/**
 * Cross-tenant system statistics through the Laplace mechanism. Analysts always get the private
 * release; other roles get it when they ask with ?epsilon=. ε is charged to the caller's tenant
 * scope per period (Redis, shared by replicas); groups are disjoint (parallel composition), the
 * total is a second release over the same points, so a query costs 2ε.
 */
@Injectable()
export class PrivateStatisticsUseCase {
  private readonly ledger: RedisPrivacyBudgetLedger;

  constructor(
    @Inject(StorageCore) private readonly core: StorageCore,
    @Inject(SERVICE_CONFIG) private readonly config: StorageTieringConfig,
    @Inject(REDIS) redis: Redis,
  ) {
    this.ledger = new RedisPrivacyBudgetLedger(redis, {
      prefix: config.HOT_KEY_PREFIX.replace(/hot:$/, 'storage:'),
      epsilonPerPeriod: config.STORAGE_DP_BUDGET,
      period: config.STORAGE_DP_PERIOD,
    });
  }

  async systemStatistics(principal: Principal, query: Parameters<StorageCore['statistics']['systemStatistics']>[0], requestedEpsilon?: number): Promise<SystemStatistics & { privacy?: PrivateRelease & { remainingBudget: number } }> {
    const exact = await this.core.statistics.systemStatistics(query);
    if (principal.role !== 'analyst' && requestedEpsilon === undefined) return exact;
    const epsilon = requestedEpsilon ?? this.config.STORAGE_DP_EPSILON;
    const releaseId = createHmac('sha256', this.config.STORAGE_DP_NOISE_KEY)
      .update(stableStringify({ scope: principal.tenantScope, query, epsilon, period: budgetPeriodKey(this.config.STORAGE_DP_PERIOD, new Date()) }))
      .digest('hex')
      .slice(0, 32);
    let remaining: number;
    try {
      remaining = (await this.ledger.charge(principal.tenantScope, 2 * epsilon, releaseId)).remaining;
    } catch (error) {
      if (!(error instanceof PrivacyBudgetExceededError)) throw error;
      releases.inc({ outcome: 'refused' });
      throw new ForbiddenException(`privacy budget exhausted for this period: ${error.message}`);
    }
    releases.inc({ outcome: 'released' });
    const random = keyedRandom(this.config.STORAGE_DP_NOISE_KEY, releaseId);
    return {
      ...exact,
      total: privatizeSummary(exact.total, epsilon, random),
      groups: exact.groups.map((group) => ({ key: group.key, ...privatizeSummary(group, epsilon, random) })),
      privacy: { mechanism: 'laplace', epsilon: 2 * epsilon, ...PRIVATE_RELEASE_FIELDS, remainingBudget: remaining },
    };
  }
}
