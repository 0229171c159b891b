export * from './percentiles';
export * from './stable-hash';
export * from './backoff';
export * from './clamp';
export * from './correlation';
