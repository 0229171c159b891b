import { ConfigError, loadConfig } from '@benchpool/service-kit';
import { StorageTieringConfig } from './storage-tiering.config';

describe('StorageTieringConfig', () => {
  it('defaults to port 3105, 7-day hot, 90-day warm and 2-year cold windows', () => {
    const config = loadConfig(StorageTieringConfig, {}, {}, 'STORAGE_TIERING_PORT');
    expect(config).toMatchObject({ PORT: 3105, HOT_KEY_PREFIX: 'hot:', HOT_WINDOW_HOURS: 168, WARM_RETENTION_DAYS: 90, COLD_RETENTION_DAYS: 730, STORAGE_MAX_BULK: 500 });
    expect(config.MONGODB_URI).toBe('mongodb://127.0.0.1:27017/benchpool');
  });

  it('reads STORAGE_TIERING_PORT and the retention windows from the environment', () => {
    const config = loadConfig(StorageTieringConfig, { STORAGE_TIERING_PORT: '4105', WARM_RETENTION_DAYS: '30', HOT_KEY_PREFIX: 'hot-test:' }, {}, 'STORAGE_TIERING_PORT');
    expect(config).toMatchObject({ PORT: 4105, WARM_RETENTION_DAYS: 30, HOT_KEY_PREFIX: 'hot-test:' });
  });

  it('refuses bulk writes above 500, a short admin key and a bad key prefix, naming the variable', () => {
    expect(() => loadConfig(StorageTieringConfig, { STORAGE_MAX_BULK: '1000' })).toThrow(/STORAGE_MAX_BULK/);
    expect(() => loadConfig(StorageTieringConfig, { STORAGE_ADMIN_API_KEY: 'short' })).toThrow(/STORAGE_ADMIN_API_KEY must be at least 24/);
    expect(() => loadConfig(StorageTieringConfig, { HOT_KEY_PREFIX: 'hot prefix' })).toThrow(ConfigError);
  });

  it('reads the bootstrap admin key when it is set', () => {
    expect(loadConfig(StorageTieringConfig, { STORAGE_ADMIN_API_KEY: 'x'.repeat(32) }).STORAGE_ADMIN_API_KEY).toBe('x'.repeat(32));
    expect(loadConfig(StorageTieringConfig, {}).STORAGE_ADMIN_API_KEY).toBeUndefined();
  });
});
