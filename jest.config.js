// One jest run, three projects: unit (*.spec.ts), integration (*.integration-spec.ts,
// real local Kafka / FerretDB / Redis) and e2e (test/**/*.e2e-spec.ts, all six services).
const { pathsToModuleNameMapper } = require('./tools/test/paths-to-module-name-mapper');
const swc = ['@swc/jest', require('./tools/test/swc-jest-options')];
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: pathsToModuleNameMapper(),
  setupFiles: ['reflect-metadata'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.dist-build-', '<rootDir>/.dist-old-', '<rootDir>/.local/'],
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{libs,services,tools}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services,tools}/**/*.integration-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/tools/test/integration-timeout.js'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], setupFilesAfterEnv: ['<rootDir>/tools/test/e2e-timeout.js'] },
  ],
};
