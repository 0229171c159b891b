export * from './service.config';
export * from './json-logger';
export * from './service-runtime';
export * from './observability.controller';
export * from './service-kit.module';
export * from './bootstrap';
export * from './rethrow-rpc.filter';
