export type LineEditKind = 'equal' | 'insert' | 'delete';

export interface LineEdit {
  kind: LineEditKind;
  /** index in the old lines (for 'equal' and 'delete'). */
  oldIndex: number;
  /** index in the new lines (for 'equal' and 'insert'). */
  newIndex: number;
}

/** Edit distances above this fall back to "replace the whole differing middle" to bound memory. */
const DEFAULT_MAX_EDIT_DISTANCE = 4_000;

/**
 * Shortest line edit script from `oldLines` to `newLines` (Myers 1986, O((N+M)·D) time,
 * O(D²) memory for the trace), after trimming the common prefix and suffix. When the edit
 * distance exceeds `maxEditDistance` the differing middle is reported as deleted then inserted,
 * which over-counts changes but never under-counts them.
 */
export function diffLines(
  oldLines: readonly string[],
  newLines: readonly string[],
  maxEditDistance = DEFAULT_MAX_EDIT_DISTANCE,
): LineEdit[] {
  let prefix = 0;
  while (prefix < oldLines.length && prefix < newLines.length && oldLines[prefix] === newLines[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  ) {
    suffix += 1;
  }

  const edits: LineEdit[] = [];
  for (let index = 0; index < prefix; index += 1) edits.push({ kind: 'equal', oldIndex: index, newIndex: index });

  const ids = new Map<string, number>();
  const intern = (line: string): number => {
    let id = ids.get(line);
    if (id === undefined) {
      id = ids.size;
      ids.set(line, id);
    }
    return id;
  };
  const a = Int32Array.from(oldLines.slice(prefix, oldLines.length - suffix), intern);
  const b = Int32Array.from(newLines.slice(prefix, newLines.length - suffix), intern);
  const middle = myers(a, b, maxEditDistance) ?? replaceAll(a.length, b.length);
  for (const edit of middle) {
    edits.push({ kind: edit.kind, oldIndex: edit.oldIndex + prefix, newIndex: edit.newIndex + prefix });
  }

  const oldOffset = oldLines.length - suffix;
  const newOffset = newLines.length - suffix;
  for (let index = 0; index < suffix; index += 1) {
    edits.push({ kind: 'equal', oldIndex: oldOffset + index, newIndex: newOffset + index });
  }
  return edits;
}

function replaceAll(oldLength: number, newLength: number): LineEdit[] {
  const edits: LineEdit[] = [];
  for (let index = 0; index < oldLength; index += 1) edits.push({ kind: 'delete', oldIndex: index, newIndex: 0 });
  for (let index = 0; index < newLength; index += 1) edits.push({ kind: 'insert', oldIndex: oldLength, newIndex: index });
  return edits;
}

function myers(a: Int32Array, b: Int32Array, maxEditDistance: number): LineEdit[] | null {
  const n = a.length;
  const m = b.length;
  if (n === 0 && m === 0) return [];
  const max = Math.min(n + m, maxEditDistance);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d += 1) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) found = d;
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  if (found < 0) return null;

  const reversed: LineEdit[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d -= 1) {
    const previous = trace[d - 1];
    const at = (k: number): number => previous[k + d - 1];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const previousK = down ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    const snakeStartX = down ? previousX : previousX + 1;
    while (x > snakeStartX) {
      x -= 1;
      y -= 1;
      reversed.push({ kind: 'equal', oldIndex: x, newIndex: y });
    }
    if (down) reversed.push({ kind: 'insert', oldIndex: previousX, newIndex: previousY });
    else reversed.push({ kind: 'delete', oldIndex: previousX, newIndex: previousY });
    x = previousX;
    y = previousY;
  }
  while (x > 0 && y > 0) {
    x -= 1;
    y -= 1;
    reversed.push({ kind: 'equal', oldIndex: x, newIndex: y });
  }
  return reversed.reverse();
}

/** Lines of a text as a diff sees them: a final newline ends the last line rather than starting another. */
export function splitLines(text: string): { lines: string[]; endsWithNewline: boolean } {
  if (text.length === 0) return { lines: [], endsWithNewline: true };
  const normalized = text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text;
  const lines = normalized.split('\n');
  const endsWithNewline = normalized.endsWith('\n');
  if (endsWithNewline) lines.pop();
  return { lines, endsWithNewline };
}
