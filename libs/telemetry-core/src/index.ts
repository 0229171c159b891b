export * from './telemetry-core.version';
export * from './telemetry.metrics';
export * from './execution-metrics/execution-metrics.builder';
export * from './join/join-parts';
export * from './join/datapoint.assembler';
export * from './join/join-state.scripts';
export * from './join/join-state.repository';
export * from './join/telemetry-join.engine';
