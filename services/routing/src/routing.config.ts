import { Transform } from 'class-transformer';
import { IsIn, IsInt, Min } from 'class-validator';
import { BaseServiceConfig } from '@benchpool/service-kit';

export class RoutingConfig extends BaseServiceConfig {
  override PORT = 3101;

  @IsIn(['thompson-sampling', 'ucb1', 'epsilon-greedy', 'capability-match', 'load-balance'])
  ROUTING_STRATEGY: 'thompson-sampling' | 'ucb1' | 'epsilon-greedy' | 'capability-match' | 'load-balance' = 'thompson-sampling';

  /** per task type overrides, e.g. `research=ucb1,design=epsilon-greedy`. */
  ROUTING_STRATEGY_BY_TASK_TYPE = '';

  /** an in-flight task whose completion never comes stops counting after this long. */
  @Transform(({ value }) => Number(value)) @IsInt() @Min(1)
  ROUTING_INFLIGHT_TIMEOUT_SECONDS = 900;
}
