import { ConfigError, loadConfig } from '@benchpool/service-kit';
import { ExecutionTelemetryConfig } from './execution-telemetry.config';

describe('ExecutionTelemetryConfig', () => {
  it('defaults to port 3102, a 300 s join timeout and join: keys, and reads the service port variable', () => {
    const config = loadConfig(ExecutionTelemetryConfig, { EXECUTION_TELEMETRY_PORT: '4102' }, {}, 'EXECUTION_TELEMETRY_PORT');
    expect(config).toMatchObject({ PORT: 4102, JOIN_TIMEOUT_SECONDS: 300, JOIN_KEY_PREFIX: 'join:', JOIN_STATE_TTL_SECONDS: 3600 });
    expect(loadConfig(ExecutionTelemetryConfig, {}).PORT).toBe(3102);
    expect(loadConfig(ExecutionTelemetryConfig, {}).KAFKA_FETCH_MAX_WAIT_MS).toBe(500);
    expect(loadConfig(ExecutionTelemetryConfig, { KAFKA_FETCH_MAX_WAIT_MS: '20' }).KAFKA_FETCH_MAX_WAIT_MS).toBe(20);
  });

  it('refuses a state TTL that does not outlive the join timeout, naming the variable', () => {
    expect(() => loadConfig(ExecutionTelemetryConfig, { JOIN_TIMEOUT_SECONDS: '600', JOIN_STATE_TTL_SECONDS: '600' })).toThrow(ConfigError);
    let problems: string[] = [];
    try {
      loadConfig(ExecutionTelemetryConfig, { JOIN_TIMEOUT_SECONDS: '600', JOIN_STATE_TTL_SECONDS: '300' });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems.join()).toContain('JOIN_STATE_TTL_SECONDS');
    expect(loadConfig(ExecutionTelemetryConfig, { JOIN_TIMEOUT_SECONDS: '3', JOIN_STATE_TTL_SECONDS: '60' }).JOIN_TIMEOUT_SECONDS).toBe(3);
  });

  it('refuses a key prefix with characters that would break the key layout', () => {
    expect(() => loadConfig(ExecutionTelemetryConfig, { JOIN_KEY_PREFIX: 'join:{x}' })).toThrow(/JOIN_KEY_PREFIX/);
    expect(() => loadConfig(ExecutionTelemetryConfig, { JOIN_SWEEP_INTERVAL_MS: '10' })).toThrow(/JOIN_SWEEP_INTERVAL_MS/);
  });
});
