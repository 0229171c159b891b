import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createEmptyBaseline, EvaluationMetrics, TaskTypeBaseline } from '@benchpool/caws-core';
import { REDIS, SERVICE_CONFIG } from '@benchpool/service-kit';
import type { CawsEvaluationConfig } from './caws-evaluation.config';

/**
 * Stores the result (once per task) and moves the task type's running baseline in one step:
 * the baseline only moves when the result is new, so a redelivery never counts twice.
 * Same formula as caws-core's updateBaseline (exact mean for `window` samples, then EMA 1/window).
 */
const STORE_RESULT_AND_UPDATE_BASELINE = `
local stored = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', tonumber(ARGV[2]))
if not stored then return 0 end
local count = tonumber(redis.call('HGET', KEYS[2], 'count') or '0') + 1
local step = 1 / math.min(count, math.max(1, tonumber(ARGV[3])))
local function move(field, value)
  local mean = tonumber(redis.call('HGET', KEYS[2], field) or '0')
  if value < 0 then return mean end
  return mean + (value - mean) * step
end
local tokens = move('meanTokens', tonumber(ARGV[4]))
local latency = move('meanLatencyMs', tonumber(ARGV[5]))
local reward = move('meanTotalReward', tonumber(ARGV[6]))
redis.call('HSET', KEYS[2], 'count', count, 'meanTokens', tostring(tokens), 'meanLatencyMs', tostring(latency), 'meanTotalReward', tostring(reward))
return 1
`;

@Injectable()
export class EvaluationRepository {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: CawsEvaluationConfig,
  ) {
    this.redis.defineCommand('storeEvaluation', { numberOfKeys: 2, lua: STORE_RESULT_AND_UPDATE_BASELINE });
  }

  private key(...parts: string[]): string {
    return `${this.config.CAWS_KEY_PREFIX}${parts.join(':')}`;
  }

  async findResult(taskId: string): Promise<EvaluationMetrics | null> {
    const stored = await this.redis.get(this.key('result', taskId));
    return stored ? (JSON.parse(stored) as EvaluationMetrics) : null;
  }

  async baseline(taskType: string): Promise<TaskTypeBaseline> {
    const fields = await this.redis.hgetall(this.key('baseline', taskType));
    if (!fields.count) return createEmptyBaseline(taskType);
    return {
      taskType,
      count: Number(fields.count),
      meanTokens: Number(fields.meanTokens),
      meanLatencyMs: Number(fields.meanLatencyMs),
      meanTotalReward: Number(fields.meanTotalReward),
    };
  }

  /** true when this call stored the result; false when another delivery already had. */
  async store(taskId: string, taskType: string, result: EvaluationMetrics, tokensUsed: number, latencyMs: number, window: number): Promise<boolean> {
    const stored = await (this.redis as Redis & { storeEvaluation: (...args: Array<string | number>) => Promise<number> }).storeEvaluation(
      this.key('result', taskId),
      this.key('baseline', taskType),
      JSON.stringify(result),
      this.config.CAWS_RESULT_TTL_SECONDS,
      window,
      tokensUsed,
      latencyMs,
      result.totalReward,
    );
    return stored === 1;
  }
}
