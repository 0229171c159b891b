import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CHANGE_KINDS, generateCodeChange, generateDocumentChange, plantBugs } from './code-change.generator';
import { COMPLEXITY_LEVELS } from './scenario.model';
import { SeededRandom } from './seeded-random';
import { DEFAULT_BUDGETS } from './task.generator';
import { createUnifiedDiff, diffStats, FileContents, gitBlobId } from './unified-diff';

/** Writes the `before` side of the files into a fresh git work tree and runs `git apply --check`. */
function gitApplyCheck(files: readonly FileContents[], diff: string): void {
  const directory = mkdtempSync(join(tmpdir(), 'arbiter-sim-diff-'));
  try {
    execFileSync('git', ['init', '-q'], { cwd: directory });
    for (const file of files) {
      if (file.before === '') continue;
      mkdirSync(dirname(join(directory, file.path)), { recursive: true });
      writeFileSync(join(directory, file.path), file.before);
    }
    writeFileSync(join(directory, 'change.diff'), diff);
    execFileSync('git', ['apply', '--check', 'change.diff'], { cwd: directory, stdio: 'pipe' });
    // and the applied result is exactly the `after` side
    execFileSync('git', ['apply', 'change.diff'], { cwd: directory, stdio: 'pipe' });
    for (const file of files) {
      const after = execFileSync('cat', [file.path], { cwd: directory }).toString();
      expect(after).toBe(file.after);
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describe('createUnifiedDiff', () => {
  it('writes the hunk of a one-line change with three lines of context, like git', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].join('\n') + '\n';
    const after = before.replace('e\n', 'E\n');
    const diff = createUnifiedDiff([{ path: 'src/x.ts', before, after }]);
    expect(diff).toBe([
      'diff --git a/src/x.ts b/src/x.ts',
      `index ${gitBlobId(before)}..${gitBlobId(after)} 100644`,
      '--- a/src/x.ts',
      '+++ b/src/x.ts',
      '@@ -2,7 +2,7 @@',
      ' b', ' c', ' d', '-e', '+E', ' f', ' g', ' h',
      '',
    ].join('\n'));
    expect(diffStats(diff)).toEqual({ filesTouched: 1, linesAdded: 1, linesRemoved: 1 });
  });

  it('uses git blob ids in the index line', () => {
    // `printf 'hello\n' | git hash-object --stdin` = ce01362...
    expect(gitBlobId('hello\n')).toBe('ce01362');
  });

  it('describes new files from /dev/null and is empty when nothing changed', () => {
    const diff = createUnifiedDiff([{ path: 'docs/n.md', before: '', after: '# T\n\nx\n' }, { path: 'same.ts', before: 'a\n', after: 'a\n' }]);
    expect(diff).toContain('--- /dev/null\n+++ b/docs/n.md\n@@ -0,0 +1,3 @@\n+# T\n+\n+x\n');
    expect(diff).not.toContain('same.ts');
    expect(createUnifiedDiff([{ path: 'same.ts', before: 'a\n', after: 'a\n' }])).toBe('');
  });

  it('counts a removed line that starts with dashes as a removal, not a header', () => {
    const diff = createUnifiedDiff([{ path: 'a.md', before: 'x\n-- note\ny\n', after: 'x\ny\n' }]);
    expect(diffStats(diff)).toEqual({ filesTouched: 1, linesAdded: 0, linesRemoved: 1 });
  });

  it('produces diffs that git apply accepts for every kind of generated change', () => {
    const random = new SeededRandom('diff-check');
    let checked = 0;
    for (const taskType of ['code-editing', 'data-analysis']) {
      for (const complexity of COMPLEXITY_LEVELS) {
        const material = plantBugs(random.fork(taskType, complexity), taskType, complexity);
        for (const kind of CHANGE_KINDS) {
          const change = generateCodeChange(material, kind, complexity, DEFAULT_BUDGETS[complexity], random.fork(kind));
          if (kind === 'no-change') {
            expect(change.diff).toBe('');
            continue;
          }
          expect(change.stats).toEqual(diffStats(change.diff));
          gitApplyCheck(change.files, change.diff);
          checked++;
        }
      }
    }
    const document = generateDocumentChange(random, 'research', 'Compare Kafka and Redis Streams', true);
    gitApplyCheck(document.files, document.diff);
    expect(checked).toBe(2 * 3 * 5);
  });

  it('makes budget-breaking changes exceed the file budget and minimal fixes stay within it', () => {
    const random = new SeededRandom('budget');
    for (const complexity of COMPLEXITY_LEVELS) {
      const budget = DEFAULT_BUDGETS[complexity];
      const material = plantBugs(random.fork(complexity), 'code-editing', complexity);
      const breaking = generateCodeChange(material, 'budget-breaking', complexity, budget, random.fork('b', complexity));
      expect(breaking.stats.filesTouched).toBeGreaterThan(budget.maxFiles);
      const minimal = generateCodeChange(material, 'minimal-fix', complexity, budget, random.fork('m', complexity));
      expect(minimal.stats.filesTouched).toBeLessThanOrEqual(budget.maxFiles);
      expect(minimal.stats.linesAdded + minimal.stats.linesRemoved).toBeLessThanOrEqual(budget.maxLoc);
      const scaffolded = generateCodeChange(material, 'scaffolded-fix', complexity, budget, random.fork('s', complexity));
      expect(scaffolded.files.some((file) => file.before === '' && file.path.endsWith('debug-log.ts'))).toBe(true);
      expect(scaffolded.stats.linesAdded).toBeGreaterThan(minimal.stats.linesAdded);
    }
  });
});
