// Compiles every service, lib and tool with swc into dist/ (same layout as the sources;
// @benchpool/* aliases are rewritten to relative paths). Type checking is `npm run typecheck`.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, cpSync } from 'node:fs';

const started = Date.now();
rmSync('dist', { recursive: true, force: true });
const roots = ['libs', 'services', 'tools'].filter((root) => existsSync(root));
execFileSync(
  'npx',
  ['swc', ...roots, '-d', 'dist', '--config-file', '.swcrc', '--only', '**/*.ts', '--ignore', '**/*.spec.ts,**/*.integration-spec.ts', '--quiet'],
  { stdio: 'inherit' },
);
// non-TypeScript assets the services read at run time
for (const asset of ['libs/contracts/schemas', 'libs/anonymization-core/corpus']) {
  if (existsSync(asset)) cpSync(asset, `dist/${asset}`, { recursive: true });
}
console.log(`[build] compiled ${roots.join(', ')} into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
