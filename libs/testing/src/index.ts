export * from './expect-eventually';
export * from './test-kafka';
export * from './free-port';
export * from './redis-cleanup';
export * from './service-process';
