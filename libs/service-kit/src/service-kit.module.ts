import { DynamicModule, Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { EventProducer } from '@benchpool/kafka';
import { ObservabilityController } from './observability.controller';
import { ServiceRuntime } from './service-runtime';

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const REDIS = Symbol('REDIS');
export const MONGO_CONNECTION = Symbol('MONGO_CONNECTION');

@Global()
@Module({})
export class ServiceKitModule implements OnApplicationShutdown {
  private static runtime: ServiceRuntime | undefined;

  /** Provides the started runtime, its config, producer, Redis and MongoDB to the service's module. */
  static forRuntime(runtime: ServiceRuntime): DynamicModule {
    ServiceKitModule.runtime = runtime;
    const providers = [
      { provide: ServiceRuntime, useValue: runtime },
      { provide: SERVICE_CONFIG, useValue: runtime.config },
      { provide: EventProducer, useValue: runtime.producer },
      ...(runtime.definition.needsRedis ? [{ provide: REDIS, useFactory: () => runtime.redis }] : []),
      ...(runtime.definition.needsMongo ? [{ provide: MONGO_CONNECTION, useFactory: () => runtime.mongo }] : []),
    ];
    return {
      module: ServiceKitModule,
      controllers: [ObservabilityController],
      providers,
      exports: providers.map((provider) => provider.provide),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await ServiceKitModule.runtime?.stop();
  }
}
