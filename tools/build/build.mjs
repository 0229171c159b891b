// Compiles every service, lib and tool with swc into dist/ (same layout as the sources;
// @benchpool/* aliases are rewritten to relative paths). Type checking is `npm run typecheck`.
// The build goes to a directory of its own and then replaces dist/ with two renames, so a service,
// test or benchmark that is reading dist/ meanwhile never sees it half-written or missing for long.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, cpSync, renameSync } from 'node:fs';

const started = Date.now();
const staging = `.dist-build-${process.pid}`;
const retired = `.dist-old-${process.pid}`;
rmSync(staging, { recursive: true, force: true });
const roots = ['libs', 'services', 'tools'].filter((root) => existsSync(root));
try {
  execFileSync(
    'npx',
    ['swc', ...roots, '-d', staging, '--config-file', '.swcrc', '--only', '**/*.ts', '--ignore', '**/*.spec.ts,**/*.integration-spec.ts', '--quiet'],
    { stdio: 'inherit' },
  );
  // non-TypeScript assets the services read at run time
  for (const asset of ['libs/contracts/schemas', 'libs/anonymization-core/corpus']) {
    if (existsSync(asset)) cpSync(asset, `${staging}/${asset}`, { recursive: true });
  }
  if (existsSync('dist')) renameSync('dist', retired);
  renameSync(staging, 'dist');
  rmSync(retired, { recursive: true, force: true });
} catch (error) {
  rmSync(staging, { recursive: true, force: true });
  throw error;
}
console.log(`[build] compiled ${roots.join(', ')} into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
