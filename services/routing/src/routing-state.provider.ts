import type { Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RoutingRedisStore } from '@benchpool/routing-core';
import { REDIS, SERVICE_CONFIG } from '@benchpool/service-kit';
import type { RoutingConfig } from './routing.config';
import { routingPolicyFrom } from './routing-policy.factory';

export const ROUTING_POLICY = Symbol('ROUTING_POLICY');

export const routingProviders: Provider[] = [
  { provide: ROUTING_POLICY, inject: [SERVICE_CONFIG], useFactory: (config: RoutingConfig) => routingPolicyFrom(config) },
  {
    provide: RoutingRedisStore,
    inject: [REDIS, SERVICE_CONFIG, ROUTING_POLICY],
    useFactory: (redis: Redis, config: RoutingConfig, policy: ReturnType<typeof routingPolicyFrom>) =>
      new RoutingRedisStore(redis, {
        prefix: config.ROUTING_KEY_PREFIX,
        discountFactor: policy.discountFactor,
        discountClock: policy.discountClock,
        prior: policy.prior,
      }),
  },
];
