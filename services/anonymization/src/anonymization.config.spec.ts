import { ConfigError, loadConfig } from '@benchpool/service-kit';
import { AnonymizationConfig, DEVELOPMENT_HMAC_KEY } from './anonymization.config';

describe('AnonymizationConfig', () => {
  it('defaults to the local stack and the development key outside production', () => {
    const config = loadConfig(AnonymizationConfig, {});
    expect(config.ANONYMIZATION_HMAC_KEY).toBe(DEVELOPMENT_HMAC_KEY);
    expect(config.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(config.PORT).toBe(3104);
  });

  it('refuses the public development key in production, naming the variable', () => {
    expect(() => loadConfig(AnonymizationConfig, { NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig(AnonymizationConfig, { NODE_ENV: 'production' })).toThrow(/ANONYMIZATION_HMAC_KEY/);
    expect(loadConfig(AnonymizationConfig, { NODE_ENV: 'production', ANONYMIZATION_HMAC_KEY: 'a-real-secret-of-some-length' }).NODE_ENV).toBe('production');
  });

  it('names every bad variable', () => {
    try {
      loadConfig(AnonymizationConfig, { ANONYMIZATION_HMAC_KEY: 'short', KAFKA_BROKERS: 'nope', PORT: '99999' }, {}, 'ANONYMIZATION_PORT');
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as ConfigError).problems.join('\n');
      expect(text).toMatch(/ANONYMIZATION_HMAC_KEY/);
      expect(text).toMatch(/KAFKA_BROKERS/);
      expect(text).toMatch(/PORT/);
    }
  });

  it('takes the service-specific port variable over PORT', () => {
    expect(loadConfig(AnonymizationConfig, { PORT: '4000', ANONYMIZATION_PORT: '4100' }, {}, 'ANONYMIZATION_PORT').PORT).toBe(4100);
  });
});

describe('optional variables', () => {
  it('reads an optional variable that has no default (ANONYMIZATION_POLICY)', () => {
    const policy = JSON.stringify({ pathGeneralization: false });
    expect(loadConfig(AnonymizationConfig, { ANONYMIZATION_POLICY: policy }).ANONYMIZATION_POLICY).toBe(policy);
  });
});
