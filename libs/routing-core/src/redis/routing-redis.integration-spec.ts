import Redis from 'ioredis';
import { createSeededRandom } from '../random/seeded-random';
import { InMemoryArmStatisticsStore } from '../statistics/in-memory-arm-statistics.store';
import { RoutingRedisStore } from './routing-redis.store';

// Real Redis on 127.0.0.1:6379; every run writes under its own prefix and deletes it afterwards.
const runPrefix = `test:routing:${process.pid}:${Date.now()}:`;
const connections: Redis[] = [];

function connect(): Redis {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 2 });
  connections.push(redis);
  return redis;
}

async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

afterAll(async () => {
  await deletePrefix(connections[0] ?? connect(), runPrefix);
  await Promise.all(connections.map((redis) => redis.quit()));
});

describe('RoutingRedisStore against a real Redis', () => {
  it('applies the same task once: a redelivered reward leaves the posterior unchanged', async () => {
    const store = new RoutingRedisStore(connect(), { prefix: `${runPrefix}once:`, discountFactor: 0.99 });
    expect(await store.applyReward('task-1', 'agent-a', 'code-editing', 'standard', 0.8)).toBe(true);
    const first = await store.readArmStats(['agent-a'], 'code-editing', 'standard');
    expect(await store.applyReward('task-1', 'agent-a', 'code-editing', 'standard', 0.8)).toBe(false);
    const second = await store.readArmStats(['agent-a'], 'code-editing', 'standard');
    expect(second).toEqual(first);
    expect(first.get('agent-a:code-editing:standard')).toMatchObject({ alpha: 1.8, beta: 1.2, count: 1 });
    expect(first.get('agent-a:code-editing')?.count).toBe(1);
    expect(first.get('agent-a')?.count).toBe(1);
    expect(await store.readSegmentClock('code-editing', 'standard')).toBe(1);
  });

  it('rejects bad arguments before writing anything, so the task can still be applied', async () => {
    const store = new RoutingRedisStore(connect(), { prefix: `${runPrefix}bad:`, discountFactor: Number.NaN });
    await expect(store.applyReward('task-1', 'agent-a', 'design', 'trivial', 0.5)).rejects.toThrow(/bad arguments/);
    const fixed = new RoutingRedisStore(connect(), { prefix: `${runPrefix}bad:`, discountFactor: 0.99 });
    expect(await fixed.applyReward('task-1', 'agent-a', 'design', 'trivial', 0.5)).toBe(true);
  });

  it('two concurrent appliers of the same 1,000 tasks (replicas, redelivery) give exactly the sum once', async () => {
    const prefix = `${runPrefix}concurrent:`;
    const options = { prefix, discountFactor: 1 };
    const replicaA = new RoutingRedisStore(connect(), options);
    const replicaB = new RoutingRedisStore(connect(), options);
    const random = createSeededRandom('concurrent-appliers');
    const rewards = Array.from({ length: 1000 }, () => Math.round(random.next() * 1000) / 1000);
    const apply = (store: RoutingRedisStore, order: number[]) =>
      Promise.all(order.map((index) => store.applyReward(`task-${index}`, 'agent-a', 'research', 'complex', rewards[index])));
    const indexes = rewards.map((_, index) => index);
    const [appliedByA, appliedByB] = await Promise.all([apply(replicaA, indexes), apply(replicaB, [...indexes].reverse())]);

    const appliedTotal = appliedByA.filter(Boolean).length + appliedByB.filter(Boolean).length;
    expect(appliedTotal).toBe(1000);
    const expectedSum = rewards.reduce((sum, reward) => sum + reward, 0);
    const stats = await replicaA.readArmStats(['agent-a'], 'research', 'complex');
    for (const key of ['agent-a:research:complex', 'agent-a:research', 'agent-a']) {
      const arm = stats.get(key);
      expect(arm?.count).toBe(1000);
      expect(arm?.rewardSum).toBeCloseTo(expectedSum, 6);
      expect(arm?.alpha).toBeCloseTo(1 + expectedSum, 6);
      expect(arm?.beta).toBeCloseTo(1 + 1000 - expectedSum, 6);
    }
  });

  it('computes the same discounted posteriors as the in-memory store', async () => {
    const options = { discountFactor: 0.97 };
    const redisStore = new RoutingRedisStore(connect(), { ...options, prefix: `${runPrefix}parity:` });
    const memoryStore = new InMemoryArmStatisticsStore(options);
    const random = createSeededRandom('parity');
    const agents = ['agent-a', 'agent-b', 'agent-c'];
    for (let index = 0; index < 120; index += 1) {
      const agentId = agents[Math.floor(random.next() * agents.length)];
      const complexity = random.next() < 0.5 ? 'standard' : 'complex';
      const reward = random.next();
      await redisStore.applyReward(`task-${index}`, agentId, 'code-editing', complexity, reward);
      memoryStore.applyReward(agentId, 'code-editing', complexity, reward, `task-${index}`);
    }
    for (const complexity of ['standard', 'complex']) {
      const fromRedis = await redisStore.readArmStats(agents, 'code-editing', complexity);
      expect(fromRedis.size).toBe(9);
      for (const [key, arm] of fromRedis) {
        const expected = memoryStore.get(key);
        expect(arm.count).toBe(expected?.count);
        expect(arm.alpha).toBeCloseTo(expected?.alpha as number, 9);
        expect(arm.beta).toBeCloseTo(expected?.beta as number, 9);
      }
    }
  });

  it('counts in-flight tasks once per task, forgets them at their expiry, and ignores a decision after its completion', async () => {
    const store = new RoutingRedisStore(connect(), { prefix: `${runPrefix}inflight:`, discountFactor: 0.99 });
    const now = 1_700_000_000_000;
    expect(await store.incrementInFlight('agent-a', 'task-1', now + 1_000, now)).toBe(1);
    expect(await store.incrementInFlight('agent-a', 'task-1', now + 5_000, now)).toBe(1);
    expect(await store.incrementInFlight('agent-a', 'task-2', now + 3_000, now)).toBe(2);
    expect((await store.readInFlight(['agent-a', 'agent-b'], now + 500)).get('agent-a')).toBe(2);
    // task-1 never completes: past its expiry it no longer counts (the redelivery did not extend it)
    expect((await store.readInFlight(['agent-a'], now + 1_500)).get('agent-a')).toBe(1);
    expect(await store.decrementInFlight('agent-a', 'task-2', now + 1_600)).toEqual({ removed: true, inFlight: 0 });
    expect(await store.decrementInFlight('agent-a', 'task-2', now + 1_700)).toEqual({ removed: false, inFlight: 0 });
    expect(await store.incrementInFlight('agent-a', 'task-2', now + 9_000, now + 1_800)).toBe(0);
    expect((await store.readInFlight(['agent-b'], now)).get('agent-b')).toBe(0);
  });

  it('warm-starts a child version from its parent once, shrinking the evidence', async () => {
    const store = new RoutingRedisStore(connect(), { prefix: `${runPrefix}warm:`, discountFactor: 1 });
    for (let index = 0; index < 10; index += 1) await store.applyReward(`task-${index}`, 'agent-a', 'design', 'standard', index < 8 ? 1 : 0);
    const written = await store.warmStart('agent-a@2', 'agent-a', [{ taskType: 'design', complexity: 'standard' }], 0.5);
    expect(written).toBe(3);
    expect(await store.warmStart('agent-a@2', 'agent-a', [{ taskType: 'design', complexity: 'standard' }], 0.5)).toBe(0);
    const child = (await store.readArmStats(['agent-a@2'], 'design', 'standard')).get('agent-a@2:design:standard');
    expect(child).toMatchObject({ alpha: 5, beta: 2, count: 0 });
  });
});
