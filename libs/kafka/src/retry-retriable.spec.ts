import { KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { retryWhileRetriable } from './retry-retriable';

// what kafkajs throws for error code 16 (NOT_COORDINATOR_FOR_GROUP), which it marks retriable
const notCoordinator = (): Error => new KafkaJSProtocolError(
  Object.assign(new Error('This is not the correct coordinator for this group'), { type: 'NOT_COORDINATOR_FOR_GROUP', code: 16, retriable: true }),
);

describe('retryWhileRetriable', () => {
  const sleep = jest.fn(async () => undefined);
  beforeEach(() => sleep.mockClear());

  it('tries again after a retriable error and returns the first success', async () => {
    expect((notCoordinator() as unknown as { retriable: boolean }).retriable).toBe(true);
    const operation = jest.fn<Promise<string>, []>()
      .mockRejectedValueOnce(notCoordinator())
      .mockRejectedValueOnce(notCoordinator())
      .mockResolvedValueOnce('handed over');
    const retries: number[] = [];
    await expect(retryWhileRetriable(operation, { attempts: 5, sleep, onRetry: (attempt) => retries.push(attempt) })).resolves.toBe('handed over');
    expect(operation).toHaveBeenCalledTimes(3);
    expect(retries).toEqual([1, 2]);
    expect(sleep).toHaveBeenCalledTimes(2);
  });

  it('gives up after the last attempt with the last error', async () => {
    const operation = jest.fn<Promise<never>, []>(() => Promise.reject(notCoordinator()));
    await expect(retryWhileRetriable(operation, { attempts: 3, sleep })).rejects.toThrow('not the correct coordinator');
    expect(operation).toHaveBeenCalledTimes(3);
  });

  it('does not retry an error that is not retriable', async () => {
    const operation = jest.fn<Promise<never>, []>(() => Promise.reject(new KafkaJSNonRetriableError('group authorization failed')));
    await expect(retryWhileRetriable(operation, { attempts: 5, sleep })).rejects.toThrow('group authorization failed');
    await expect(retryWhileRetriable(() => Promise.reject(new Error('plain')), { attempts: 5, sleep })).rejects.toThrow('plain');
    expect(operation).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });
});
