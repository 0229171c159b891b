/** The Redis calls a cleanup needs; an ioredis client fits. */
export interface RedisKeyDeleter {
  keys(pattern: string): Promise<string[]>;
  del(...keys: string[]): Promise<number>;
}

/** Deletes every key under a test's own prefix (KEYS is fine on a test Redis). */
export async function deleteKeysWithPrefix(redis: RedisKeyDeleter, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
}
