import { SharedReads } from './shared-reads';

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SharedReads', () => {
  it('gives concurrent reads of one key the first read’s result and loads once', async () => {
    const reads = new SharedReads<number>();
    const first = deferred<number>();
    const load = jest.fn(() => first.promise);
    const a = reads.read('segment-a', load);
    const b = reads.read('segment-a', load);
    first.resolve(7);
    await expect(Promise.all([a, b])).resolves.toEqual([7, 7]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('loads different keys separately', async () => {
    const reads = new SharedReads<string>();
    const load = jest.fn(async (value: string) => value);
    await expect(Promise.all([reads.read('a', () => load('a')), reads.read('b', () => load('b'))])).resolves.toEqual(['a', 'b']);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('loads again in a later run, also after a failure', async () => {
    const reads = new SharedReads<number>();
    await expect(reads.read('k', () => Promise.reject(new Error('redis down')))).rejects.toThrow('redis down');
    await new Promise((resolve) => setImmediate(resolve));
    const load = jest.fn(async () => 1);
    await expect(reads.read('k', load)).resolves.toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    await expect(reads.read('k', load)).resolves.toBe(1);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not share a read still unanswered with a caller that comes after an I/O event', async () => {
    const reads = new SharedReads<number>();
    const first = deferred<number>();
    const a = reads.read('k', () => first.promise);
    // a timer is a later event-loop event: whatever happened meanwhile (a write) the first read may not include
    await new Promise((resolve) => setTimeout(resolve, 1));
    const b = reads.read('k', () => Promise.resolve(2));
    first.resolve(1);
    await expect(Promise.all([a, b])).resolves.toEqual([1, 2]);
  });

  it('shares among callers whose promise jobs run in the same run', async () => {
    const reads = new SharedReads<number>();
    const load = jest.fn(async () => 3);
    const later = Promise.resolve().then(() => Promise.resolve()).then(() => reads.read('k', load));
    await expect(Promise.all([reads.read('k', load), later])).resolves.toEqual([3, 3]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('shares a rejection with every caller that joined the read', async () => {
    const reads = new SharedReads<number>();
    const first = deferred<number>();
    const a = reads.read('k', () => first.promise);
    const b = reads.read('k', () => Promise.resolve(2));
    first.reject(new Error('timeout'));
    await expect(a).rejects.toThrow('timeout');
    await expect(b).rejects.toThrow('timeout');
  });
});
