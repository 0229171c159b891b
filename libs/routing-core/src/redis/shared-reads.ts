/**
 * Concurrent reads of the same key share one round trip: a read asked for while an identical one
 * is still unanswered gets that read's result instead of sending its own. The first caller's read
 * function runs; its result is shared as is, so callers must treat it as read-only. Once a read
 * settles (resolved or rejected) the next call sends a new one.
 */
export class SharedReads<T> {
  private readonly pending = new Map<string, Promise<T>>();

  read(key: string, load: () => Promise<T>): Promise<T> {
    const shared = this.pending.get(key);
    if (shared) return shared;
    const started = load().finally(() => this.pending.delete(key));
    this.pending.set(key, started);
    return started;
  }
}
