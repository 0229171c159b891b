import { backoffDelay, BackoffOptions, delay } from '@benchpool/utils';

export interface RetryRetriableOptions {
  attempts: number;
  backoff?: BackoffOptions;
  onRetry?: (attempt: number, error: Error) => void;
  /** injectable for tests */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `operation` again, with backoff, while it fails with an error that kafkajs marks
 * `retriable` (a coordinator not yet elected, a leader moving); any other error, or the last
 * attempt's, propagates unchanged.
 */
export async function retryWhileRetriable<T>(operation: () => Promise<T>, options: RetryRetriableOptions): Promise<T> {
  const backoff = options.backoff ?? { initialMs: 250, maxMs: 5_000, factor: 2 };
  const sleep = options.sleep ?? delay;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if ((error as { retriable?: unknown }).retriable !== true || attempt >= options.attempts) throw error;
      options.onRetry?.(attempt, error as Error);
      await sleep(backoffDelay(attempt, backoff));
    }
  }
}
