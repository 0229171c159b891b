import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { BaseServiceConfig } from '@benchpool/service-kit';

const STRATEGIES = ['thompson-sampling', 'ucb1', 'epsilon-greedy', 'capability-match', 'load-balance'] as const;
export type StrategyName = (typeof STRATEGIES)[number];

export class RoutingConfig extends BaseServiceConfig {
  override PORT = 3101;

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
