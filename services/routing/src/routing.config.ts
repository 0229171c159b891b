import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Topic } from '@benchpool/contracts';
import { BaseServiceConfig, ServiceDefinition } from '@benchpool/service-kit';

const STRATEGIES = ['thompson-sampling', 'ucb1', 'epsilon-greedy', 'capability-match', 'load-balance'] as const;
export type StrategyName = (typeof STRATEGIES)[number];

export class RoutingConfig extends BaseServiceConfig {
  override PORT = 3101;

  // A decision is on the arbiter's critical path (goal: p99 < 20 ms from task to decision), so
  // routing's Kafka defaults favour latency; each variable still overrides them.
  /** every partition's batch of a fetch at once: kafkajs fetches again only when all are handled. */
  override KAFKA_PARTITIONS_CONCURRENCY = 12;
  /** decisions leave at the end of the event-loop turn that made them, not after a timer. */
  override KAFKA_LINGER_MS = 0;
  /** decisions are a few kilobytes of JSON: gzip would cost CPU and time for little saving. */
  override KAFKA_COMPRESSION: 'gzip' | 'none' = 'none';
  /** not an OffsetCommit round trip per partition batch (a redelivered task gets the same decision and event id). */
  override KAFKA_COMMIT_INTERVAL_MS?: number = 1_000;
  /** idle fetches every half second rather than 50 a second: a task still ends the wait at once. */
  override KAFKA_FETCH_MAX_WAIT_MS = 500;

  @IsIn(STRATEGIES)
  ROUTING_STRATEGY: StrategyName = 'thompson-sampling';

  /** per task type overrides, e.g. `research=ucb1,design=epsilon-greedy`. */
  @Matches(/^([a-z0-9-]+=(thompson-sampling|ucb1|epsilon-greedy|capability-match|load-balance))?(,[a-z0-9-]+=(thompson-sampling|ucb1|epsilon-greedy|capability-match|load-balance))*$/, {
    message: 'ROUTING_STRATEGY_BY_TASK_TYPE must look like research=ucb1,design=epsilon-greedy',
  })
  ROUTING_STRATEGY_BY_TASK_TYPE = '';

  /** optional JSON with routing-core RoutingConfig overrides (discount factor, canary, ε-greedy, Thompson draws…). */
  @IsOptional() @IsString()
  ROUTING_CONFIG?: string;

  /** optional JSON with routing-core RewardConfig (weights, per task type references). */
  @IsOptional() @IsString()
  ROUTING_REWARD_CONFIG?: string;

  @Matches(/^[A-Za-z0-9:._-]*$/)
  ROUTING_KEY_PREFIX = 'routing:';

  /** an in-flight task whose completion never comes stops counting after this long. */
  @Transform(({ value }) => Number(value)) @IsInt() @Min(1)
  ROUTING_INFLIGHT_TIMEOUT_SECONDS = 900;

  /** how long the agent registry is cached in memory between Redis reads. */
  @Transform(({ value }) => Number(value)) @IsInt() @Min(0) @Max(60_000)
  ROUTING_REGISTRY_CACHE_MS = 1_000;

  /** share of a parent's evidence a new version starts with. */
  @Transform(({ value }) => Number(value)) @IsNumber() @Min(0) @Max(1)
  ROUTING_WARM_START_FRACTION = 0.5;
}

/** The routing service as service-kit runs it (main.ts and the in-process integration tests). */
export const ROUTING_SERVICE: ServiceDefinition = {
  name: 'routing',
  needsMongo: false,
  needsRedis: true,
  redisAutoPipelining: true,
  // a decision waits on no one: task submissions are fetched apart from learning's batches
  dedicatedConsumerTopics: [Topic.TaskSubmitted],
};
