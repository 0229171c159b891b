import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AgentRecord } from '@benchpool/routing-core';
import { REDIS, SERVICE_CONFIG } from '@benchpool/service-kit';
import type { RoutingConfig } from './routing.config';

/**
 * The agent registry in Redis (`<prefix>agents`: agent id → JSON record), shared by every
 * replica, with a short in-memory cache so a decision does not pay a round trip for it. When
 * Redis is unreachable the last copy read keeps routing going (the decision says it fell back).
 */
@Injectable()
export class AgentRegistryRepository {
  private cache: { agents: AgentRecord[]; readAt: number } = { agents: [], readAt: 0 };

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: RoutingConfig,
  ) {}

  private get key(): string {
    return `${this.config.ROUTING_KEY_PREFIX}agents`;
  }

  /** The registry, at most ROUTING_REGISTRY_CACHE_MS old; `stale` when Redis could not be read. */
  async list(now = Date.now()): Promise<{ agents: AgentRecord[]; stale: boolean }> {
    if (now - this.cache.readAt < this.config.ROUTING_REGISTRY_CACHE_MS) return { agents: this.cache.agents, stale: false };
    try {
      const all = await this.redis.hgetall(this.key);
      const agents = Object.values(all).map((json) => JSON.parse(json) as AgentRecord).sort((a, b) => (a.agentId < b.agentId ? -1 : 1));
      this.cache = { agents, readAt: now };
      return { agents, stale: false };
    } catch {
      return { agents: this.cache.agents, stale: true };
    }
  }

  async get(agentId: string): Promise<AgentRecord | undefined> {
    const json = await this.redis.hget(this.key, agentId);
    return json ? (JSON.parse(json) as AgentRecord) : undefined;
  }

  async save(records: AgentRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.redis.hset(this.key, Object.fromEntries(records.map((record) => [record.agentId, JSON.stringify(record)])));
    this.cache.readAt = 0;
  }

  /** Remembers which segments exist, so a new version can be warm-started in each of them. */
  async noteSegment(taskType: string, complexity: string): Promise<void> {
    await this.redis.sadd(`${this.config.ROUTING_KEY_PREFIX}segments`, `${taskType}|${complexity}`);
  }

  async segments(): Promise<Array<{ taskType: string; complexity: string }>> {
    const members = await this.redis.smembers(`${this.config.ROUTING_KEY_PREFIX}segments`);
    return members.map((member) => {
      const [taskType, complexity] = member.split('|');
      return { taskType, complexity };
    });
  }

  /** Counts decisions per segment (ε-greedy's decay clock). */
  async countDecision(taskType: string, complexity: string): Promise<number> {
    return this.redis.hincrby(`${this.config.ROUTING_KEY_PREFIX}segment-decisions`, `${taskType}|${complexity}`, 1);
  }
}
