import { diffLines, splitLines } from './line-diff.algorithm';
import type { DiffFile, DiffHunk, DiffLine } from './unified-diff.types';

export interface FileContents {
  path: string;
  /** null when the file did not exist before. */
  before: string | null;
  /** null when the file was deleted. */
  after: string | null;
}

/** The change between two versions of a file, as the parser would have read it from `git diff`. */
export function buildDiffFile(change: FileContents, contextLines = 3): DiffFile {
  const before = splitLines(change.before ?? '');
  const after = splitLines(change.after ?? '');
  const edits = diffLines(before.lines, after.lines);

  const status = change.before === null ? 'added' : change.after === null ? 'deleted' : 'modified';
  const file: DiffFile = {
    oldPath: change.before === null ? null : change.path,
    newPath: change.after === null ? null : change.path,
    path: change.path,
    status,
    binary: false,
    hunks: [],
    linesAdded: 0,
    linesRemoved: 0,
  };

  // A missing final newline on one side only shows up as a change of that last line.
  const lastOld = before.lines.length - 1;
  const lastNew = after.lines.length - 1;
  const lineOf = (kind: DiffLine['kind'], text: string, noNewline: boolean): DiffLine =>
    noNewline ? { kind, text, noNewlineAtEnd: true } : { kind, text };
  const expanded: DiffLine[] = [];
  const positions: Array<{ old: number; new: number }> = [];
  for (const edit of edits) {
    if (edit.kind === 'equal') {
      const oldMissing = edit.oldIndex === lastOld && !before.endsWithNewline;
      const newMissing = edit.newIndex === lastNew && !after.endsWithNewline;
      if (oldMissing !== newMissing) {
        expanded.push(lineOf('removed', before.lines[edit.oldIndex], oldMissing));
        positions.push({ old: edit.oldIndex, new: edit.newIndex });
        expanded.push(lineOf('added', after.lines[edit.newIndex], newMissing));
        positions.push({ old: edit.oldIndex + 1, new: edit.newIndex });
      } else {
        expanded.push(lineOf('context', before.lines[edit.oldIndex], oldMissing));
        positions.push({ old: edit.oldIndex, new: edit.newIndex });
      }
    } else if (edit.kind === 'delete') {
      expanded.push(lineOf('removed', before.lines[edit.oldIndex], edit.oldIndex === lastOld && !before.endsWithNewline));
      positions.push({ old: edit.oldIndex, new: edit.newIndex });
    } else {
      expanded.push(lineOf('added', after.lines[edit.newIndex], edit.newIndex === lastNew && !after.endsWithNewline));
      positions.push({ old: edit.oldIndex, new: edit.newIndex });
    }
  }

  let index = 0;
  while (index < expanded.length) {
    if (expanded[index].kind === 'context') {
      index += 1;
      continue;
    }
    const start = Math.max(0, index - contextLines);
    let end = index;
    // Extend while the next change is within 2×context lines of unchanged text.
    let lastChange = index;
    for (let scan = index; scan < expanded.length; scan += 1) {
      if (expanded[scan].kind !== 'context') lastChange = scan;
      else if (scan - lastChange > 2 * contextLines) break;
    }
    end = Math.min(expanded.length, lastChange + contextLines + 1);
    const lines = expanded.slice(start, end);
    const oldCount = lines.filter((line) => line.kind !== 'added').length;
    const newCount = lines.filter((line) => line.kind !== 'removed').length;
    const firstOld = positionOf(expanded, positions, start, 'old');
    const firstNew = positionOf(expanded, positions, start, 'new');
    const hunk: DiffHunk = {
      oldStart: oldCount === 0 ? firstOld : firstOld + 1,
      oldLines: oldCount,
      newStart: newCount === 0 ? firstNew : firstNew + 1,
      newLines: newCount,
      section: '',
      lines,
    };
    file.hunks.push(hunk);
    for (const line of lines) {
      if (line.kind === 'added') file.linesAdded += 1;
      else if (line.kind === 'removed') file.linesRemoved += 1;
    }
    index = end;
  }
  return file;
}

/** Old/new line index (0-based) at which expanded line `at` sits. */
function positionOf(
  expanded: DiffLine[],
  positions: Array<{ old: number; new: number }>,
  at: number,
  side: 'old' | 'new',
): number {
  for (let index = at; index < expanded.length; index += 1) {
    const kind = expanded[index].kind;
    if (side === 'old' && kind !== 'added') return positions[index].old;
    if (side === 'new' && kind !== 'removed') return positions[index].new;
  }
  // No line of this side in the hunk: its position is after everything before it.
  let count = 0;
  for (let index = 0; index < at; index += 1) {
    const kind = expanded[index].kind;
    if (side === 'old' ? kind !== 'added' : kind !== 'removed') count += 1;
  }
  return count;
}

/** Git-style unified diff text for several files (paths under a/ and b/). */
export function formatUnifiedDiff(files: readonly DiffFile[]): string {
  const out: string[] = [];
  for (const file of files) {
    out.push(`diff --git a/${file.oldPath ?? file.path} b/${file.newPath ?? file.path}`);
    if (file.status === 'added') out.push(`new file mode ${file.newMode ?? '100644'}`);
    if (file.status === 'deleted') out.push(`deleted file mode ${file.oldMode ?? '100644'}`);
    if (file.status !== 'added' && file.status !== 'deleted' && file.oldMode && file.newMode && file.oldMode !== file.newMode) {
      out.push(`old mode ${file.oldMode}`, `new mode ${file.newMode}`);
    }
    if (file.hunks.length === 0) continue;
    out.push(`--- ${file.oldPath === null ? '/dev/null' : `a/${file.oldPath}`}`);
    out.push(`+++ ${file.newPath === null ? '/dev/null' : `b/${file.newPath}`}`);
    for (const hunk of file.hunks) {
      const range = (start: number, count: number): string => (count === 1 ? `${start}` : `${start},${count}`);
      out.push(`@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@${hunk.section ? ` ${hunk.section}` : ''}`);
      for (const line of hunk.lines) {
        out.push(`${line.kind === 'added' ? '+' : line.kind === 'removed' ? '-' : ' '}${line.text}`);
        if (line.noNewlineAtEnd) out.push('\\ No newline at end of file');
      }
    }
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/** Convenience: the unified diff between before/after contents of several files. */
export function createUnifiedDiff(changes: readonly FileContents[], contextLines = 3): string {
  return formatUnifiedDiff(
    changes.filter((change) => change.before !== change.after).map((change) => buildDiffFile(change, contextLines)),
  );
}
