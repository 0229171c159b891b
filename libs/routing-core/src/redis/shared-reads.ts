/**
 * Reads of the same key asked for in one run of the event loop's JavaScript (between two I/O
 * events: e.g. the decisions of one Kafka fetch) share one round trip. They are concurrent: none of
 * them can have seen a write that another did not, so sharing changes no result. A read asked for
 * after the run sends its own. The first caller's load runs; its result is shared as is, so callers
 * must treat it as read-only.
 */
export class SharedReads<T> {
  private readonly pending = new Map<string, Promise<T>>();

  read(key: string, load: () => Promise<T>): Promise<T> {
    const shared = this.pending.get(key);
    if (shared) return shared;
    const started = load();
    this.pending.set(key, started);
    // process.nextTick runs once the promise jobs queued in this run are done, before the next I/O event
    process.nextTick(() => this.pending.delete(key));
    return started;
  }
}
