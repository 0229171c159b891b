import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LuaScript } from '../lua-script';

/**
 * Serialises updates of one cold document. MongoDB applies a single-document update atomically;
 * FerretDB 1.x (SQLite) does not: concurrent `$inc`s on one document lose increments (measured:
 * 40 concurrent `$inc: 1` → +9). The pendingTokens guard cannot help when the update itself is
 * not atomic, so every update of an agent_stats_daily document runs under this lock.
 */
export interface KeyLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/** One update per key at a time within this process. */
export class InProcessKeyLock implements KeyLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(work);
    this.tails.set(key, current);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === current) this.tails.delete(key);
    }
  }
}

const RELEASE = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * Across replicas: the in-process lock plus a short Redis lock (SET NX PX, compare-and-delete).
 * A holder that dies releases by expiry (`ttlMs`), far longer than one update takes.
 */
export class RedisKeyLock implements KeyLock {
  private readonly local = new InProcessKeyLock();
  private readonly holder = randomBytes(8).toString('hex');

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly ttlMs = 10_000,
    private readonly waitMs = 30_000,
  ) {}

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.local.run(key, async () => {
      const lockKey = `${this.keyPrefix}${key}`;
      const deadline = Date.now() + this.waitMs;
      for (let attempt = 0; (await this.redis.set(lockKey, this.holder, 'PX', this.ttlMs, 'NX')) !== 'OK'; attempt++) {
        if (Date.now() > deadline) throw new Error(`lock ${lockKey} not acquired within ${this.waitMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(50, 2 + attempt * 5)));
      }
      try {
        return await work();
      } finally {
        await RELEASE.run(this.redis, [lockKey], [this.holder]).catch(() => undefined);
      }
    });
  }
}
