import { parseUnifiedDiff } from '../diff/unified-diff.parser';
import { classifyDiffFile, isFunctionSignature } from './scaffolding.classifier';

/** A one-hunk diff of `path` whose body lines are given with their +/-/space prefixes. */
function diffOf(path: string, body: string[]): string {
  const oldLines = body.filter((line) => !line.startsWith('+')).length;
  const newLines = body.filter((line) => !line.startsWith('-')).length;
  return [`--- a/${path}`, `+++ b/${path}`, `@@ -1,${oldLines} +1,${newLines} @@`, ...body, ''].join('\n');
}

const classify = (path: string, body: string[]) => classifyDiffFile(parseUnifiedDiff(diffOf(path, body)).files[0]);

describe('classifyDiffFile', () => {
  it('counts line and block comments, including JSDoc continuation lines', () => {
    const counts = classify('src/a.ts', [
      ' export const a = 1;',
      '+// explains a',
      '+/**',
      '+ * Longer explanation.',
      '+ */',
      '+/* single-line block */',
      '+export const b = 2;',
    ]);
    expect(counts).toMatchObject({ added: 6, comment: 5, code: 1 });
  });

  it('uses the comment syntax of the language', () => {
    expect(classify('deploy/run.sh', ['+# make it faster', '+exec node main.js'])).toMatchObject({ comment: 1, code: 1 });
    expect(classify('db/migrate.sql', ['+-- add index', '+CREATE INDEX users_email ON users (email);'])).toMatchObject({
      comment: 1,
      code: 1,
    });
    // "#" is not a comment in TypeScript (private fields).
    expect(classify('src/a.ts', ['+  #count = 0;'])).toMatchObject({ comment: 0, code: 1 });
  });

  it('counts single-line and multi-line imports in several languages', () => {
    expect(
      classify('src/a.ts', [
        "+import { strict as assert } from 'node:assert';",
        "+import type { Foo } from './foo';",
        "+import './polyfill';",
        '+import {',
        '+  first,',
        '+  second,',
        "+} from './helpers';",
        "+const fs = require('fs');",
        "+export * from './model';",
        '+run();',
      ]),
    ).toMatchObject({ import: 9, code: 1 });
    expect(classify('app/main.py', ['+from os import path', '+import json', '+print(path)'])).toMatchObject({ import: 2, code: 1 });
    expect(classify('src/Main.java', ['+import java.util.List;', '+List<String> names;'])).toMatchObject({ import: 1, code: 1 });
  });

  it('counts blank lines and re-indented lines as whitespace, and their removals as non-substantive', () => {
    const counts = classify('src/a.ts', ['-if (ready) {', '-start();', '+if (ready) {', '+  start();', '+', ' }']);
    expect(counts).toMatchObject({ added: 3, whitespace: 3, code: 0, removed: 2, substantiveRemoved: 0 });
  });

  it('counts empty and stub functions, single-line and multi-line', () => {
    const counts = classify('src/a.ts', [
      '+export function reset(): void {}',
      '+const noop = () => {};',
      '+export function validate(input: Input): void {',
      '+  // TODO',
      '+}',
      '+  async load(id: string): Promise<User> {',
      "+    throw new Error('Not implemented');",
      '+  }',
      '+export function real(x: number): number {',
      '+  return x * 2;',
      '+}',
    ]);
    expect(counts).toMatchObject({ emptyFunction: 8, code: 3 });
  });

  it('does not take empty control blocks or classes for empty functions', () => {
    expect(classify('src/a.ts', ['+if (done) {}', '+class Marker {}', '+} catch (error) {}'])).toMatchObject({
      emptyFunction: 0,
      code: 3,
    });
  });

  it('counts Python stubs', () => {
    const counts = classify('app/service.py', [
      '+def handle(event):',
      '+    """Handle one event."""',
      '+    pass',
      '+',
      '+def compute(x): return x * 2',
      '+def todo(): ...',
    ]);
    expect(counts).toMatchObject({ emptyFunction: 4, whitespace: 1, code: 1 });
  });

  it('counts substantive removals: code lines, not comments or blanks', () => {
    const counts = classify('src/a.ts', ['-// old note', '-', '-legacyCall();', '-other();', ' keep();']);
    expect(counts).toMatchObject({ removed: 4, substantiveRemoved: 2, added: 0 });
  });
});

describe('isFunctionSignature', () => {
  it.each([
    'function build(options: Options)',
    'export async function* stream()',
    'const handler = async (event: Event) =>',
    'private static compute<T>(value: T): T',
    'constructor(private readonly repository: Repository)',
    'public void run() throws IOException',
    'fn main() -> Result<(), Error>',
    'func (s *Server) Start() error',
  ])('accepts %s', (head) => {
    expect(isFunctionSignature(head)).toBe(true);
  });

  it.each(['if (ready)', 'for (const item of items)', 'switch (kind)', 'catch (error)', 'class Foo', 'const config =', ''])(
    'rejects %s',
    (head) => {
      expect(isFunctionSignature(head)).toBe(false);
    },
  );
});
