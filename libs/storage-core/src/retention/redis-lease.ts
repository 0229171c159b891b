import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LuaScript } from '../lua-script';

const RENEW = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);
const RELEASE = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * A lease in Redis so that only one replica runs a job at a time: SET NX PX to take it,
 * compare-and-extend to renew, compare-and-delete to release (Lua, so a replica never extends or
 * drops a lease another replica took after ours expired). Uses Redis time, not the data clock.
 */
export class RedisLease {
  readonly holder = randomBytes(8).toString('hex');

  constructor(
    private readonly redis: Redis,
    readonly key: string,
    private readonly ttlMs: number,
  ) {}

  async acquire(): Promise<boolean> {
    return (await this.redis.set(this.key, this.holder, 'PX', this.ttlMs, 'NX')) === 'OK';
  }

  /** false when the lease was lost (expired and taken by another replica): stop working. */
  async renew(): Promise<boolean> {
    return Number(await RENEW.run(this.redis, [this.key], [this.holder, this.ttlMs])) === 1;
  }

  async release(): Promise<void> {
    await RELEASE.run(this.redis, [this.key], [this.holder]);
  }

  /** Runs `work` under the lease; returns undefined without running when another replica holds it. */
  async runExclusive<T>(work: (renew: () => Promise<void>) => Promise<T>): Promise<T | undefined> {
    if (!(await this.acquire())) return undefined;
    const renew = async (): Promise<void> => {
      if (!(await this.renew())) throw new LeaseLostError(this.key);
    };
    try {
      return await work(renew);
    } finally {
      await this.release().catch(() => undefined);
    }
  }
}

export class LeaseLostError extends Error {
  constructor(key: string) {
    super(`lease ${key} was lost; another replica may be running the job`);
    this.name = 'LeaseLostError';
  }
}
