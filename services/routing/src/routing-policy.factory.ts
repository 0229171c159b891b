import {
  createRoutingConfig, DEFAULT_REWARD_CONFIG, RewardConfig, RoutingConfig as CoreRoutingConfig, RoutingConfigOverrides,
} from '@benchpool/routing-core';
import type { RoutingConfig } from './routing.config';

/** Builds routing-core's config from the service's validated environment. */
export function routingPolicyFrom(config: RoutingConfig): CoreRoutingConfig {
  const overrides = (config.ROUTING_CONFIG ? JSON.parse(config.ROUTING_CONFIG) : {}) as RoutingConfigOverrides;
  const perTaskType: CoreRoutingConfig['perTaskType'] = { ...overrides.perTaskType };
  for (const pair of config.ROUTING_STRATEGY_BY_TASK_TYPE.split(',').filter(Boolean)) {
    const [taskType, strategy] = pair.split('=') as [string, CoreRoutingConfig['policy']['strategy']];
    perTaskType[taskType] = { ...perTaskType[taskType], strategy };
  }
  return createRoutingConfig({
    ...overrides,
    policy: { ...overrides.policy, strategy: config.ROUTING_STRATEGY },
    perTaskType,
  });
}

export function rewardConfigFrom(config: RoutingConfig): RewardConfig {
  if (!config.ROUTING_REWARD_CONFIG) return DEFAULT_REWARD_CONFIG;
  const parsed = JSON.parse(config.ROUTING_REWARD_CONFIG) as Partial<RewardConfig>;
  return {
    weights: { ...DEFAULT_REWARD_CONFIG.weights, ...parsed.weights },
    defaultReference: { ...DEFAULT_REWARD_CONFIG.defaultReference, ...parsed.defaultReference },
    referencesByTaskType: { ...DEFAULT_REWARD_CONFIG.referencesByTaskType, ...parsed.referencesByTaskType },
  };
}
