import { LaplaceMechanism } from './laplace-mechanism';
import { chargeOrThrow, PrivacyBudgetLedger } from './privacy-budget-ledger';

export interface PrivateReleaseRequest {
  tenantId: string;
  /** Stable id of this release (e.g. export batch id + field) so a retry is not charged twice. */
  releaseId: string;
  /** The tenant's ε limit per period, reported in the error when the charge is refused. */
  limit: number;
}

/**
 * Charges the mechanism's ε to the tenant's budget, then releases. Refused → throws
 * PrivacyBudgetExceededError and releases nothing. Noise is drawn per call, so a retried
 * release returns a fresh draw for the same charge: callers that need the same number twice
 * must store the first answer.
 */
export async function releaseWithBudget(
  ledger: PrivacyBudgetLedger,
  mechanism: LaplaceMechanism,
  request: PrivateReleaseRequest,
  value: number,
): Promise<number> {
  await chargeOrThrow(ledger, request.tenantId, mechanism.epsilon, request.releaseId, request.limit);
  return mechanism.release(value);
}

/** Same as releaseWithBudget for the mean of bounded values. */
export async function releaseMeanWithBudget(
  ledger: PrivacyBudgetLedger,
  mechanism: LaplaceMechanism,
  request: PrivateReleaseRequest,
  values: readonly number[],
): Promise<number> {
  await chargeOrThrow(ledger, request.tenantId, mechanism.epsilon, request.releaseId, request.limit);
  return mechanism.releaseMean(values);
}
