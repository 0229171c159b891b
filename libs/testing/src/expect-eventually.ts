import { delay } from '@benchpool/utils';

/**
 * Polls `probe` until it stops throwing (or returns a truthy value), with a deadline.
 * Integration tests use this instead of fixed sleeps.
 */
export async function expectEventually<T>(
  probe: () => Promise<T> | T,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<Exclude<T, null | undefined | false>> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== false && value !== undefined && value !== null) return value as Exclude<T, null | undefined | false>;
      lastError = new Error(`probe returned ${String(value)}`);
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const message = lastError instanceof Error ? lastError.message : String(lastError);
      throw new Error(`${options.what ?? 'condition'} not met within ${options.timeoutMs ?? 30_000} ms: ${message}`);
    }
    await delay(options.intervalMs ?? 100);
  }
}
