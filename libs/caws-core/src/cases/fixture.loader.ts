import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { FileChange } from '@benchpool/contracts';

const FIXTURES = join(__dirname, 'fixtures');

export interface Fixture {
  /** the real `git diff` output of the change. */
  diff: string;
  /** before/after contents of every changed file (stored as <path>.txt so tooling leaves them alone). */
  files: FileChange[];
}

/** Reads fixtures/<name>/change.diff and the before/after trees beside it. */
export function loadFixture(name: string): Fixture {
  const root = join(FIXTURES, name);
  const diff = readFileSync(join(root, 'change.diff'), 'utf8');
  const before = readTree(join(root, 'before'));
  const after = readTree(join(root, 'after'));
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  return {
    diff,
    files: paths.map((path) => ({ path, before: before.get(path) ?? '', after: after.get(path) ?? '' })),
  };
}

function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(root)) return files;
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory).sort()) {
      const path = join(directory, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.txt')) files.set(relative(root, path).slice(0, -'.txt'.length), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return files;
}
