import { loadFixture } from '../cases/fixture.loader';
import { diffLines, splitLines } from './line-diff.algorithm';
import { parseUnifiedDiff } from './unified-diff.parser';
import type { DiffFile } from './unified-diff.types';
import { buildDiffFile, createUnifiedDiff } from './unified-diff.writer';

/** Applies a parsed file diff to `before`, checking every context and removed line on the way. */
function applyPatch(before: string, file: DiffFile): string {
  const { lines } = splitLines(before);
  const output: string[] = [];
  let cursor = 0;
  let endsWithNewline = before.length === 0 || before.endsWith('\n');
  for (const hunk of file.hunks) {
    const start = hunk.oldLines === 0 ? hunk.oldStart : hunk.oldStart - 1;
    while (cursor < start) output.push(lines[cursor++]);
    for (const line of hunk.lines) {
      if (line.kind !== 'added') {
        expect(lines[cursor]).toBe(line.text);
        cursor += 1;
      }
      if (line.kind !== 'removed') {
        output.push(line.text);
        endsWithNewline = !line.noNewlineAtEnd;
      }
    }
  }
  while (cursor < lines.length) {
    output.push(lines[cursor++]);
    endsWithNewline = before.endsWith('\n');
  }
  return output.length === 0 ? '' : `${output.join('\n')}${endsWithNewline ? '\n' : ''}`;
}

// Deterministic pseudo-random edits (LCG), so failures reproduce.
function mutate(text: string, seed: number): string {
  let state = seed;
  const next = (limit: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % limit;
  };
  const lines = text.split('\n');
  const edits = 1 + next(8);
  for (let index = 0; index < edits; index += 1) {
    const at = next(lines.length + 1);
    const kind = next(3);
    if (kind === 0) lines.splice(at, 0, `inserted ${seed}-${index}`);
    else if (kind === 1 && lines.length > 1) lines.splice(Math.min(at, lines.length - 1), 1);
    else lines[Math.min(at, lines.length - 1)] = `changed ${seed}-${index}`;
  }
  return lines.join('\n');
}

describe('diffLines', () => {
  it('finds the shortest edit script', () => {
    const edits = diffLines(['a', 'b', 'c', 'a', 'b', 'b', 'a'], ['c', 'b', 'a', 'b', 'a', 'c']);
    // Myers' classic example: edit distance 5.
    expect(edits.filter((edit) => edit.kind !== 'equal')).toHaveLength(5);
  });

  it('reports the whole differing middle when the edit distance exceeds the cap', () => {
    const edits = diffLines(['same', 'a', 'b', 'c', 'same'], ['same', 'x', 'y', 'z', 'same'], 2);
    expect(edits.map((edit) => edit.kind)).toEqual(['equal', 'delete', 'delete', 'delete', 'insert', 'insert', 'insert', 'equal']);
  });
});

describe('buildDiffFile / createUnifiedDiff', () => {
  const source = loadFixture('budget-breaking-refactor').files[1].before;

  it('produces hunks that turn the old text into the new one (200 random edits)', () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const after = mutate(source, seed);
      const file = buildDiffFile({ path: 'src/x.ts', before: source, after });
      expect(applyPatch(source, file)).toBe(after);
    }
  });

  it('writes text that the parser reads back to the same hunks', () => {
    for (let seed = 1; seed <= 50; seed += 1) {
      const after = mutate(source, seed);
      const built = buildDiffFile({ path: 'src/x.ts', before: source, after });
      const reparsed = parseUnifiedDiff(createUnifiedDiff([{ path: 'src/x.ts', before: source, after }])).files[0];
      expect(reparsed.hunks).toEqual(built.hunks);
      expect([reparsed.linesAdded, reparsed.linesRemoved]).toEqual([built.linesAdded, built.linesRemoved]);
    }
  });

  it('counts the same changed lines as git for the one-line fix', () => {
    const fixture = loadFixture('one-line-bugfix');
    const fromGit = parseUnifiedDiff(fixture.diff).files[0];
    const built = buildDiffFile({ path: fixture.files[0].path, before: fixture.files[0].before, after: fixture.files[0].after });
    expect(built.hunks).toEqual(fromGit.hunks.map((hunk) => ({ ...hunk, section: '' })));
  });

  it('handles new files, deletions and a dropped final newline', () => {
    const created = buildDiffFile({ path: 'n.ts', before: null, after: 'a\nb\n' });
    expect(created).toMatchObject({ status: 'added', linesAdded: 2, linesRemoved: 0 });
    expect(created.hunks[0]).toMatchObject({ oldStart: 0, oldLines: 0, newStart: 1, newLines: 2 });

    const deleted = buildDiffFile({ path: 'd.ts', before: 'a\n', after: null });
    expect(deleted).toMatchObject({ status: 'deleted', linesAdded: 0, linesRemoved: 1 });

    const dropped = buildDiffFile({ path: 'e.ts', before: 'a\nb\n', after: 'a\nb' });
    expect(dropped.hunks[0].lines).toEqual([
      { kind: 'context', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'b', noNewlineAtEnd: true },
    ]);
    expect(applyPatch('a\nb\n', dropped)).toBe('a\nb');
  });

  it('writes nothing for unchanged files', () => {
    expect(createUnifiedDiff([{ path: 'same.ts', before: 'x\n', after: 'x\n' }])).toBe('');
  });
});
