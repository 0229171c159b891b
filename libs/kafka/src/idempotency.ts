import type { Redis } from 'ioredis';

/**
 * Helpers for exactly-once effects on at-least-once delivery.
 *
 * `claimOnce` is for effects that must not run twice and may be lost only together with the
 * marker (the marker and the effect go in one Lua script or one MongoDB upsert where possible —
 * prefer that). `runOnce` is for idempotent-but-expensive effects: it runs the effect, then sets
 * the marker; a crash between the two repeats a harmless effect.
 */
export async function claimOnce(redis: Redis, key: string, ttlSeconds: number): Promise<boolean> {
  return (await redis.set(key, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
}

export async function runOnce<T>(redis: Redis, key: string, ttlSeconds: number, effect: () => Promise<T>): Promise<{ ran: boolean; result?: T }> {
  if ((await redis.exists(key)) === 1) return { ran: false };
  const result = await effect();
  await redis.set(key, '1', 'EX', ttlSeconds);
  return { ran: true, result };
}
