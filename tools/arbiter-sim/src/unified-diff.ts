import { createHash } from 'node:crypto';

/** One file's change; `before` is '' for a new file. Contents end with a newline. */
export interface FileContents {
  path: string;
  before: string;
  after: string;
}

export interface DiffStats {
  filesTouched: number;
  linesAdded: number;
  linesRemoved: number;
}

type Operation = { kind: ' ' | '-' | '+'; text: string };

function toLines(content: string): string[] {
  if (content === '') return [];
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Line-level edit script through a longest-common-subsequence table (files here are small). */
function editScript(before: string[], after: string[]): Operation[] {
  const rows = before.length;
  const columns = after.length;
  const table: Uint32Array[] = Array.from({ length: rows + 1 }, () => new Uint32Array(columns + 1));
  for (let row = rows - 1; row >= 0; row--) {
    for (let column = columns - 1; column >= 0; column--) {
      table[row][column] = before[row] === after[column]
        ? table[row + 1][column + 1] + 1
        : Math.max(table[row + 1][column], table[row][column + 1]);
    }
  }
  const operations: Operation[] = [];
  let row = 0;
  let column = 0;
  while (row < rows || column < columns) {
    if (row < rows && column < columns && before[row] === after[column]) {
      operations.push({ kind: ' ', text: before[row] });
      row++;
      column++;
    } else if (column < columns && (row === rows || table[row][column + 1] >= table[row + 1][column])) {
      operations.push({ kind: '+', text: after[column] });
      column++;
    } else {
      operations.push({ kind: '-', text: before[row] });
      row++;
    }
  }
  // git prints removals before additions inside a change block; keep that order
  return normaliseBlocks(operations);
}

function normaliseBlocks(operations: Operation[]): Operation[] {
  const result: Operation[] = [];
  let removed: Operation[] = [];
  let added: Operation[] = [];
  const flush = (): void => {
    result.push(...removed, ...added);
    removed = [];
    added = [];
  };
  for (const operation of operations) {
    if (operation.kind === '-') removed.push(operation);
    else if (operation.kind === '+') added.push(operation);
    else {
      flush();
      result.push(operation);
    }
  }
  flush();
  return result;
}

/** git's blob id, abbreviated, for a realistic `index` line. */
export function gitBlobId(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex').slice(0, 7);
}

/** The hunks of one file (without the file header); empty when nothing changed. */
export function diffHunks(before: string, after: string, context = 3): string[] {
  const operations = editScript(toLines(before), toLines(after));
  const changed = operations.map((operation, index) => (operation.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  if (changed.length === 0) return [];
  // old/new line numbers (1-based) of each operation
  const oldNumber: number[] = [];
  const newNumber: number[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const operation of operations) {
    oldNumber.push(oldLine);
    newNumber.push(newLine);
    if (operation.kind !== '+') oldLine++;
    if (operation.kind !== '-') newLine++;
  }
  // group changes whose context windows touch
  const groups: Array<[number, number]> = [];
  for (const index of changed) {
    const start = Math.max(0, index - context);
    const end = Math.min(operations.length - 1, index + context);
    const last = groups[groups.length - 1];
    if (last && start <= last[1] + 1) last[1] = end;
    else groups.push([start, end]);
  }
  const hunks: string[] = [];
  for (const [start, end] of groups) {
    const slice = operations.slice(start, end + 1);
    const oldCount = slice.filter((operation) => operation.kind !== '+').length;
    const newCount = slice.filter((operation) => operation.kind !== '-').length;
    // a side with no lines names the line before the hunk (0 at the top of the file)
    const oldStart = oldCount === 0 ? oldNumber[start] - 1 : oldNumber[start];
    const newStart = newCount === 0 ? newNumber[start] - 1 : newNumber[start];
    const lines = [`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...slice.map((operation) => `${operation.kind}${operation.text}`)];
    hunks.push(lines.join('\n'));
  }
  return hunks;
}

/** A git-style unified diff of several files (new files from /dev/null); '' when nothing changed. */
export function createUnifiedDiff(files: readonly FileContents[], context = 3): string {
  const parts: string[] = [];
  for (const file of files) {
    const hunks = diffHunks(file.before, file.after, context);
    if (hunks.length === 0) continue;
    const isNew = file.before === '';
    const isDeleted = file.after === '';
    const header = [`diff --git a/${file.path} b/${file.path}`];
    if (isNew) header.push('new file mode 100644', `index 0000000..${gitBlobId(file.after)}`, '--- /dev/null', `+++ b/${file.path}`);
    else if (isDeleted) header.push('deleted file mode 100644', `index ${gitBlobId(file.before)}..0000000`, `--- a/${file.path}`, '+++ /dev/null');
    else header.push(`index ${gitBlobId(file.before)}..${gitBlobId(file.after)} 100644`, `--- a/${file.path}`, `+++ b/${file.path}`);
    parts.push([...header, ...hunks].join('\n'));
  }
  return parts.length === 0 ? '' : `${parts.join('\n')}\n`;
}

/** Files touched and lines added/removed, counted from a unified diff. */
export function diffStats(diff: string): DiffStats {
  let filesTouched = 0;
  let linesAdded = 0;
  let linesRemoved = 0;
  // header lines (---/+++) are only those between `diff --git` and the first hunk
  let inHeader = false;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      filesTouched++;
      inHeader = true;
    } else if (line.startsWith('@@')) inHeader = false;
    else if (inHeader) continue;
    else if (line.startsWith('+')) linesAdded++;
    else if (line.startsWith('-')) linesRemoved++;
  }
  return { filesTouched, linesAdded, linesRemoved };
}
