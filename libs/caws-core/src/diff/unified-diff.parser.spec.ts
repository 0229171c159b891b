import { parseUnifiedDiff, tryParseUnifiedDiff } from './unified-diff.parser';
import { DiffParseError } from './unified-diff.types';

// Verbatim `git diff --no-index` output: a deletion, a new file, and a change that drops the final newline.
const GIT_MULTI_FILE = `diff --git a/a/gone.txt b/a/gone.txt
deleted file mode 100644
index 286c5f5..0000000
--- a/a/gone.txt
+++ /dev/null
@@ -1 +0,0 @@
-gone
diff --git a/b/new.txt b/b/new.txt
new file mode 100644
index 0000000..3e75765
--- /dev/null
+++ b/b/new.txt
@@ -0,0 +1 @@
+new
diff --git a/a/x.txt b/b/x.txt
index 83db48f..985c101 100644
--- a/a/x.txt
+++ b/b/x.txt
@@ -1,3 +1,3 @@
 line1
-line2
-line3
+line2 changed
+line3
\\ No newline at end of file
`;

function expectParseError(text: string, code: DiffParseError['code']): DiffParseError {
  const result = tryParseUnifiedDiff(text);
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.error).toBeInstanceOf(DiffParseError);
  expect(result.error.code).toBe(code);
  expect(() => parseUnifiedDiff(text)).toThrow(DiffParseError);
  return result.error;
}

describe('parseUnifiedDiff', () => {
  it('reads deleted, new and modified files of a git diff with their line counts', () => {
    const { files } = parseUnifiedDiff(GIT_MULTI_FILE);
    expect(files.map((file) => [file.path, file.status, file.oldPath, file.newPath, file.linesAdded, file.linesRemoved])).toEqual([
      ['a/gone.txt', 'deleted', 'a/gone.txt', null, 0, 1],
      ['b/new.txt', 'added', null, 'b/new.txt', 1, 0],
      ['b/x.txt', 'modified', 'a/x.txt', 'b/x.txt', 2, 2],
    ]);
    expect(files[0].oldMode).toBe('100644');
    expect(files[1].newMode).toBe('100644');
  });

  it('marks the line followed by "\\ No newline at end of file" and keeps hunk positions', () => {
    const hunk = parseUnifiedDiff(GIT_MULTI_FILE).files[2].hunks[0];
    expect(hunk).toMatchObject({ oldStart: 1, oldLines: 3, newStart: 1, newLines: 3 });
    expect(hunk.lines.map((line) => line.kind)).toEqual(['context', 'removed', 'removed', 'added', 'added']);
    expect(hunk.lines[4]).toEqual({ kind: 'added', text: 'line3', noNewlineAtEnd: true });
    expect(hunk.lines[2].noNewlineAtEnd).toBeUndefined();
  });

  it('reads mode changes and renames that carry no hunk', () => {
    const { files } = parseUnifiedDiff(
      [
        'diff --git a/scripts/deploy.sh b/scripts/deploy.sh',
        'old mode 100644',
        'new mode 100755',
        'diff --git a/src/old-name.ts b/src/new-name.ts',
        'similarity index 100%',
        'rename from src/old-name.ts',
        'rename to src/new-name.ts',
        '',
      ].join('\n'),
    );
    expect(files).toHaveLength(2);
    expect(files[0]).toMatchObject({ path: 'scripts/deploy.sh', oldMode: '100644', newMode: '100755', hunks: [] });
    expect(files[1]).toMatchObject({ status: 'renamed', oldPath: 'src/old-name.ts', newPath: 'src/new-name.ts', path: 'src/new-name.ts' });
  });

  it('defaults omitted hunk counts to 1 and counts a removed "-- comment" line as a removal', () => {
    // Removing the SQL comment "-- legacy" yields the line "--- legacy": the counts say it is content.
    const { files } = parseUnifiedDiff(
      ['--- a/db/schema.sql', '+++ b/db/schema.sql', '@@ -3,2 +3 @@', '--- legacy', ' CREATE TABLE users (id int);', '@@ -9 +8 @@', '-a', '+b', ''].join(
        '\n',
      ),
    );
    expect(files).toHaveLength(1);
    expect(files[0].hunks.map((hunk) => [hunk.oldLines, hunk.newLines])).toEqual([
      [2, 1],
      [1, 1],
    ]);
    expect(files[0].hunks[0].lines[0]).toEqual({ kind: 'removed', text: '-- legacy' });
    expect(files[0]).toMatchObject({ linesAdded: 1, linesRemoved: 2 });
  });

  it('reads plain `diff -u` output with timestamps and no a/ b/ prefixes', () => {
    const { files } = parseUnifiedDiff(
      [
        'diff -u config.orig/app.yaml config/app.yaml',
        '--- config.orig/app.yaml\t2025-10-10 14:32:15.234567890 +0200',
        '+++ config/app.yaml\t2025-10-10 14:35:02.000000000 +0200',
        '@@ -1,2 +1,2 @@',
        ' name: app',
        '-replicas: 1',
        '+replicas: 3',
        '',
      ].join('\n'),
    );
    expect(files[0]).toMatchObject({ oldPath: 'config.orig/app.yaml', newPath: 'config/app.yaml', linesAdded: 1, linesRemoved: 1 });
  });

  it('skips an e-mail preamble and the format-patch signature', () => {
    const patch = [
      'From 1a2b3c Mon Sep 17 00:00:00 2001',
      'Subject: [PATCH] fix pagination',
      '',
      '---',
      ' src/a.ts | 2 +-',
      '',
      'diff --git a/src/a.ts b/src/a.ts',
      'index 1..2 100644',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -1 +1 @@',
      '-const a = 1;',
      '+const a = 2;',
      '-- ',
      '2.43.0',
      '',
    ].join('\n');
    const { files } = parseUnifiedDiff(patch);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ path: 'src/a.ts', linesAdded: 1, linesRemoved: 1 });
  });

  it('accepts CRLF line endings and C-quoted paths', () => {
    const text = [
      'diff --git "a/docs/caf\\303\\251 menu.md" "b/docs/caf\\303\\251 menu.md"',
      '--- "a/docs/caf\\303\\251 menu.md"',
      '+++ "b/docs/caf\\303\\251 menu.md"',
      '@@ -1 +1 @@',
      '-old',
      '+new',
      '',
    ].join('\r\n');
    const { files } = parseUnifiedDiff(text);
    expect(files[0].path).toBe('docs/café menu.md');
    expect(files[0].hunks[0].lines).toEqual([
      { kind: 'removed', text: 'old' },
      { kind: 'added', text: 'new' },
    ]);
  });

  it('reads paths with spaces from an unquoted git header', () => {
    const { files } = parseUnifiedDiff(['diff --git a/my dir/file b.ts b/my dir/file b.ts', 'old mode 100644', 'new mode 100755', ''].join('\n'));
    expect(files[0].path).toBe('my dir/file b.ts');
  });

  it('marks binary files and skips a GIT binary patch body', () => {
    const { files } = parseUnifiedDiff(
      [
        'diff --git a/logo.png b/logo.png',
        'index 1..2 100644',
        'GIT binary patch',
        'literal 12',
        '-zcmeAS@N?(olHy`uVBq!ia0',
        '',
        'diff --git a/img.png b/img.png',
        'Binary files a/img.png and b/img.png differ',
        '',
      ].join('\n'),
    );
    expect(files.map((file) => [file.path, file.binary, file.hunks.length])).toEqual([
      ['logo.png', true, 0],
      ['img.png', true, 0],
    ]);
  });

  it('treats an empty or whitespace-only diff as "no change"', () => {
    expect(parseUnifiedDiff('').files).toEqual([]);
    expect(parseUnifiedDiff('\n  \n').files).toEqual([]);
  });

  describe('malformed input', () => {
    it('reports a hunk cut off by the end of the text, with the files read before it', () => {
      const text = `${GIT_MULTI_FILE}diff --git a/c.ts b/c.ts\n--- a/c.ts\n+++ b/c.ts\n@@ -1,3 +1,3 @@\n a\n-b\n`;
      const error = expectParseError(text, 'TRUNCATED_HUNK');
      expect(error.message).toContain('TRUNCATED_HUNK');
      const result = tryParseUnifiedDiff(text);
      expect(!result.ok && result.partial.files.map((file) => file.path)).toEqual(['a/gone.txt', 'b/new.txt', 'b/x.txt']);
    });

    it('reports a hunk interrupted by the next header', () => {
      expectParseError('--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n@@ -9 +9 @@\n-b\n+c\n', 'TRUNCATED_HUNK');
    });

    it('reports more changed lines than the hunk header announces', () => {
      const error = expectParseError('--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n+c\n', 'UNEXPECTED_LINE');
      expect(error.lineNumber).toBe(6);
    });

    it('reports an unreadable hunk header', () => {
      expectParseError('--- a/x\n+++ b/x\n@@ -one +two @@\n-a\n+b\n', 'BAD_HUNK_HEADER');
    });

    it('reports a hunk before any file header', () => {
      expectParseError('@@ -1 +1 @@\n-a\n+b\n', 'HUNK_WITHOUT_FILE');
    });

    it('reports a "---" header without its "+++" line', () => {
      expectParseError('--- a/x\n@@ -1 +1 @@\n-a\n+b\n', 'MISSING_NEW_FILE_HEADER');
    });

    it('reports text that is not a diff at all', () => {
      expectParseError('I fixed the bug in pagination, trust me.', 'NOT_A_DIFF');
    });

    it('reports a line with an unknown prefix inside a hunk', () => {
      expectParseError('--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n*b\n', 'UNEXPECTED_LINE');
    });
  });
});
