import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDiffFile } from '../diff/unified-diff.writer';
import { astEditSimilarity } from './ast-edit-similarity.analyzer';
import { astFeatureBag, diceSimilarity } from './similarity.analyzer';

const SOURCE = `import { clock } from './runtime';

/**
 * Loads an account, from the cache while it is fresh.
 */
export async function load(repository: Repository, id: string): Promise<Account | null> {
  const cached = cache.get(id);
  if (cached && cached.expiresAt > clock.now()) {
    return cached.value;
  }
  const account = await repository.findById(id);
  return account;
}

export function* pages(total: number, size = 10) {
  for (let page = 0; page * size < total; page += 1) {
    yield page;
  }
}

export class RetryPolicy {
  constructor(private readonly attempts = 3) {}

  delayFor(attempt: number): number {
    return Math.min(100 * 2 ** attempt, 5000);
  }

  shouldRetry(attempt: number, error: unknown): boolean {
    return attempt < this.attempts && !(error instanceof TypeError);
  }
}

{
  const local = await clock.tick();
  console.log(local);
}
`;

/** The whole-file computation the region reuse must reproduce exactly. */
function wholeFile(before: string, after: string, path: string): { similarity: number; beforeSize: number; afterSize: number } {
  const beforeBag = astFeatureBag(before, path, 3);
  const afterBag = astFeatureBag(after, path, 3);
  return { similarity: diceSimilarity(beforeBag, afterBag), beforeSize: beforeBag.size, afterSize: afterBag.size };
}

function expectSameAsWholeFile(before: string, after: string, path = 'src/a.ts'): 'regions' | 'full' {
  const edit = astEditSimilarity(before, after, path, path, 3);
  expect({ similarity: edit.similarity, beforeSize: edit.beforeSize, afterSize: edit.afterSize }).toEqual(wholeFile(before, after, path));
  return edit.afterParse;
}

describe('astEditSimilarity', () => {
  const edits: Array<[string, (text: string) => string]> = [
    ['a statement at the end of an async body', (text) => text.replace('  return account;', '  return account ?? null;')],
    ['a statement inside a generator loop', (text) => text.replace('yield page;', 'yield page * size;')],
    ['a statement inserted between two', (text) => text.replace('  const account =', '  if (!id) {\n    return null;\n  }\n  const account =')],
    ['a statement removed', (text) => text.replace('    return cached.value;\n', '')],
    ['a class member', (text) => text.replace('5000', 'this.attempts * 1000')],
    ['a function inserted before a declaration', (text) => text.replace('export class', 'export function extra(): number {\n  return 1;\n}\n\nexport class')],
    ['top-level await in a block', (text) => text.replace('clock.tick()', 'clock.tick(2)')],
    ['a function appended at the end', (text) => `${text}\nexport const done = true;\n`],
    ['the first import', (text) => text.replace("import { clock } from './runtime';", "import { clock, cache } from './runtime';")],
  ];

  it.each(edits)('reuses the unchanged statements for %s and matches the whole-file result', (_name, edit) => {
    const after = edit(SOURCE);
    expect(after).not.toBe(SOURCE);
    expect(expectSameAsWholeFile(SOURCE, after)).toBe('regions');
  });

  it('parses the after side whole when reuse could differ from a whole parse, and still matches', () => {
    // a syntax error
    expect(expectSameAsWholeFile(SOURCE, SOURCE.replace('  delayFor(attempt: number): number {', '  delayFor(attempt: number): number {{'))).toBe('full');
    // module → script: top-level await would parse differently
    const module = "import { source } from './source';\nconst value = await source;\nconsole.log(value);\n";
    expect(expectSameAsWholeFile(module, module.replace("import { source } from './source';\n", ''))).toBe('full');
    // a new statement without `;` before an unchanged one that ASI could join to it
    expect(expectSameAsWholeFile(SOURCE, SOURCE.replace('  const account =', '  const first = id\n  const account ='))).toBe('full');
    // ...but at the end of a block nothing can join it
    expect(expectSameAsWholeFile(SOURCE, SOURCE.replace('return account;', 'return account'))).toBe('regions');
    // a comment left open swallows code that lies outside every edited region
    expectSameAsWholeFile(SOURCE, SOURCE.replace(' */\nexport async', '\nexport async'));
    expectSameAsWholeFile(SOURCE, SOURCE.replace('  const account =', '  /* later\n  const account ='));
  });

  it('takes the edited lines from the diff hunks when they match the texts, and ignores hunks that do not', () => {
    const after = SOURCE.replace('  return account;', '  return account ?? null;').replace('yield page;', 'yield page * size;');
    const { hunks } = buildDiffFile({ path: 'src/a.ts', before: SOURCE, after });
    const expected = wholeFile(SOURCE, after, 'src/a.ts');
    expect(astEditSimilarity(SOURCE, after, 'src/a.ts', 'src/a.ts', 3, hunks)).toMatchObject({ ...expected, afterParse: 'regions' });
    const stale = buildDiffFile({ path: 'src/a.ts', before: SOURCE, after: SOURCE.replace('yield page;', 'yield 0;') }).hunks;
    expect(astEditSimilarity(SOURCE, after, 'src/a.ts', 'src/a.ts', 3, stale)).toMatchObject(expected);
  });

  it('is 1 for identical texts and handles added and deleted files', () => {
    expect(astEditSimilarity(SOURCE, SOURCE, 'a.ts', 'a.ts', 3)).toMatchObject({ similarity: 1 });
    expectSameAsWholeFile('', SOURCE);
    expectSameAsWholeFile(SOURCE, '');
  });

  it('matches the whole-file result on line edits of this library\'s own sources', () => {
    const directory = __dirname;
    const sources = readdirSync(directory).filter((name) => name.endsWith('.ts')).map((name) => readFileSync(join(directory, name), 'utf8'));
    let seed = 7;
    const next = (limit: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
      return seed % limit;
    };
    let reused = 0;
    for (const text of sources) {
      for (let trial = 0; trial < 8; trial += 1) {
        const lines = text.split('\n');
        for (let count = 1 + next(3); count > 0; count -= 1) {
          const at = next(lines.length);
          const kind = next(4);
          if (kind === 0) lines.splice(at, 1);
          else if (kind === 1) lines.splice(at, 0, lines[next(lines.length)]);
          else if (kind === 2) lines[at] = lines[at].replace(/\b(\w+)\b/, '$1Renamed');
          else lines.splice(at, 0, '  const added = compute(value) + 1;');
        }
        if (expectSameAsWholeFile(text, lines.join('\n')) === 'regions') reused += 1;
      }
    }
    // most random line edits keep the syntax intact enough to reuse the unchanged statements
    expect(reused).toBeGreaterThan(sources.length * 2);
  });
});
