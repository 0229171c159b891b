import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * Module boundaries that really constrain:
 * - apps (services) never import apps, and nothing imports an app;
 * - contracts import only utils;
 * - utils import only utils;
 * - data-access libs (kafka, service-kit) import contracts and utils;
 * - domain libs import domain, data-access, contracts, utils;
 * - testing (test helpers) imports contracts and utils;
 * - a domain lib of one service never imports another service's domain lib (scope), except shared ones.
 */
export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '.local/**', 'bench/results/**', 'deliverables/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:data-access', 'type:contracts', 'type:util', 'type:testing'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:domain', 'type:data-access', 'type:contracts', 'type:util', 'type:testing'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:data-access', 'type:contracts', 'type:util', 'type:testing'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:contracts', 'type:util', 'type:testing'] },
            // test helpers: used by specs only; they may not depend on services or domain libs
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'scope:routing', onlyDependOnLibsWithTags: ['scope:routing', 'scope:shared'] },
            { sourceTag: 'scope:execution-telemetry', onlyDependOnLibsWithTags: ['scope:execution-telemetry', 'scope:shared'] },
            { sourceTag: 'scope:caws-evaluation', onlyDependOnLibsWithTags: ['scope:caws-evaluation', 'scope:shared'] },
            { sourceTag: 'scope:anonymization', onlyDependOnLibsWithTags: ['scope:anonymization', 'scope:shared'] },
            { sourceTag: 'scope:storage-tiering', onlyDependOnLibsWithTags: ['scope:storage-tiering', 'scope:shared'] },
            { sourceTag: 'scope:rl-export', onlyDependOnLibsWithTags: ['scope:rl-export', 'scope:shared'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts', '**/bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
