import {
  DiffParseError,
  type DiffFile,
  type DiffFileStatus,
  type DiffHunk,
  type DiffParseResult,
  type ParsedDiff,
} from './unified-diff.types';

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;

interface FileBuilder {
  file: DiffFile;
  fromGitHeader: boolean;
  /** the ---/+++ pair (or a git header that needs none) has been read: hunks may follow. */
  headersDone: boolean;
  skippingBinaryPatch: boolean;
}

/**
 * Reads a unified diff (git or plain `diff -u`), several files per text. Understands
 * `diff --git` extended headers (modes, new/deleted files, renames, copies, binary files),
 * `/dev/null` sides, tab-separated timestamps, C-quoted paths, `\ No newline at end of file`,
 * and hunk headers with omitted counts. Hunk bodies are read by their announced counts, so a
 * removed line that starts with "--" is never mistaken for a header. Preamble text (a commit
 * message, `Index:` lines, a format-patch signature) is ignored; anything that breaks the hunk
 * structure throws a DiffParseError.
 */
export function parseUnifiedDiff(text: string): ParsedDiff {
  const result = tryParseUnifiedDiff(text);
  if (!result.ok) throw result.error;
  return result.diff;
}

/** Like parseUnifiedDiff, but returns the error (and the files read before it) instead of throwing. */
export function tryParseUnifiedDiff(text: string): DiffParseResult {
  const files: DiffFile[] = [];
  let current: FileBuilder | null = null;
  const finish = (): void => {
    if (current) files.push(current.file);
    current = null;
  };
  const fail = (error: DiffParseError): DiffParseResult => ({ ok: false, error, partial: { files: [...files] } });

  if (typeof text !== 'string') {
    return fail(new DiffParseError('NOT_A_DIFF', 0, `expected text, got ${typeof text}`));
  }
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let index = 0; index < lines.length; index += 1) {
    if (lines[index].endsWith('\r')) lines[index] = lines[index].slice(0, -1);
  }

  let index = 0;
  while (index < lines.length) {
    const line = lines[index];
    const builder = current as FileBuilder | null;

    if (line.startsWith('diff --git ')) {
      finish();
      current = startGitFile(line.slice('diff --git '.length));
      index += 1;
      continue;
    }
    if (builder?.skippingBinaryPatch) {
      index += 1;
      continue;
    }
    if (builder && builder.fromGitHeader && !builder.headersDone && builder.file.hunks.length === 0) {
      if (readExtendedHeader(builder, line)) {
        index += 1;
        continue;
      }
    }
    if (line.startsWith('--- ') && !lines[index + 1]?.startsWith('+++ ') && !(builder && builder.file.hunks.length > 0)) {
      return fail(new DiffParseError('MISSING_NEW_FILE_HEADER', index + 1, 'a "---" line must be followed by "+++"'));
    }
    if (line.startsWith('--- ') && lines[index + 1]?.startsWith('+++ ')) {
      const next = lines[index + 1];
      const oldPath = parseHeaderPath(line.slice(4));
      const newPath = parseHeaderPath(next.slice(4));
      if (builder && builder.fromGitHeader && !builder.headersDone) {
        applyHeaderPaths(builder.file, oldPath, newPath, true);
        builder.headersDone = true;
      } else {
        finish();
        current = startPlainFile(oldPath, newPath);
      }
      index += 2;
      continue;
    }
    if (line.startsWith('@@')) {
      if (!builder || (!builder.headersDone && !builder.fromGitHeader)) {
        return fail(new DiffParseError('HUNK_WITHOUT_FILE', index + 1, 'a hunk header before any file header'));
      }
      const read = readHunk(lines, index);
      if (read instanceof DiffParseError) return fail(read);
      builder.file.hunks.push(read.hunk);
      builder.headersDone = true;
      for (const hunkLine of read.hunk.lines) {
        if (hunkLine.kind === 'added') builder.file.linesAdded += 1;
        else if (hunkLine.kind === 'removed') builder.file.linesRemoved += 1;
      }
      index = read.nextIndex;
      continue;
    }
    if (line === '-- ' && builder && builder.file.hunks.length > 0) {
      // git format-patch signature ("-- " then the git version): the patch is over.
      break;
    }
    if (builder && builder.file.hunks.length > 0 && (line.startsWith('+') || line.startsWith('-'))) {
      return fail(
        new DiffParseError('UNEXPECTED_LINE', index + 1, 'a changed line outside any hunk (hunk longer than its header says?)'),
      );
    }
    if (builder && builder.file.hunks.length > 0 && line.startsWith('\\')) {
      return fail(new DiffParseError('UNEXPECTED_LINE', index + 1, 'a "\\" marker outside any hunk'));
    }
    // Preamble, "Index:"/"====" lines, plain `diff -ru` command lines: not part of the change.
    index += 1;
  }
  finish();

  if (files.length === 0 && text.trim().length > 0) {
    return fail(new DiffParseError('NOT_A_DIFF', 1, 'no file header ("diff --git" or "---"/"+++") found'));
  }
  return { ok: true, diff: { files } };
}

function readHunk(lines: string[], headerIndex: number): { hunk: DiffHunk; nextIndex: number } | DiffParseError {
  const header = lines[headerIndex];
  const match = HUNK_HEADER.exec(header);
  if (!match) {
    return new DiffParseError('BAD_HUNK_HEADER', headerIndex + 1, `cannot read hunk header "${header.slice(0, 80)}"`);
  }
  const hunk: DiffHunk = {
    oldStart: Number(match[1]),
    oldLines: match[2] === undefined ? 1 : Number(match[2]),
    newStart: Number(match[3]),
    newLines: match[4] === undefined ? 1 : Number(match[4]),
    section: match[5].trim(),
    lines: [],
  };
  let oldRemaining = hunk.oldLines;
  let newRemaining = hunk.newLines;
  let index = headerIndex + 1;
  while (oldRemaining > 0 || newRemaining > 0) {
    if (index >= lines.length) {
      return new DiffParseError(
        'TRUNCATED_HUNK',
        index,
        `diff ends with ${oldRemaining} old and ${newRemaining} new lines of the hunk missing`,
      );
    }
    const line = lines[index];
    const marker = line.charAt(0);
    if (marker === ' ' || line === '') {
      // Some tools strip the single space of an empty context line.
      if (oldRemaining === 0 || newRemaining === 0) {
        return new DiffParseError('UNEXPECTED_LINE', index + 1, 'more context lines than the hunk header announces');
      }
      hunk.lines.push({ kind: 'context', text: line.slice(1) });
      oldRemaining -= 1;
      newRemaining -= 1;
    } else if (marker === '-') {
      if (oldRemaining === 0) {
        return new DiffParseError('UNEXPECTED_LINE', index + 1, 'more removed lines than the hunk header announces');
      }
      hunk.lines.push({ kind: 'removed', text: line.slice(1) });
      oldRemaining -= 1;
    } else if (marker === '+') {
      if (newRemaining === 0) {
        return new DiffParseError('UNEXPECTED_LINE', index + 1, 'more added lines than the hunk header announces');
      }
      hunk.lines.push({ kind: 'added', text: line.slice(1) });
      newRemaining -= 1;
    } else if (marker === '\\') {
      markNoNewline(hunk);
    } else {
      return new DiffParseError(
        line.startsWith('@@') || line.startsWith('diff ') ? 'TRUNCATED_HUNK' : 'UNEXPECTED_LINE',
        index + 1,
        `hunk still expects ${oldRemaining} old and ${newRemaining} new lines, found "${line.slice(0, 40)}"`,
      );
    }
    index += 1;
  }
  if (index < lines.length && lines[index].startsWith('\\')) {
    markNoNewline(hunk);
    index += 1;
  }
  return { hunk, nextIndex: index };
}

function markNoNewline(hunk: DiffHunk): void {
  const last = hunk.lines[hunk.lines.length - 1];
  if (last) last.noNewlineAtEnd = true;
}

function emptyFile(): DiffFile {
  return {
    oldPath: null,
    newPath: null,
    path: '',
    status: 'modified',
    binary: false,
    hunks: [],
    linesAdded: 0,
    linesRemoved: 0,
  };
}

function startGitFile(rest: string): FileBuilder {
  const file = emptyFile();
  const [oldRaw, newRaw] = splitGitHeaderPaths(rest);
  file.oldPath = stripPrefix(oldRaw, 'a/');
  file.newPath = stripPrefix(newRaw, 'b/');
  file.path = file.newPath ?? file.oldPath ?? '';
  return { file, fromGitHeader: true, headersDone: false, skippingBinaryPatch: false };
}

function startPlainFile(oldPath: string | null, newPath: string | null): FileBuilder {
  const file = emptyFile();
  applyHeaderPaths(file, oldPath, newPath, false);
  return { file, fromGitHeader: false, headersDone: true, skippingBinaryPatch: false };
}

function applyHeaderPaths(file: DiffFile, oldRaw: string | null, newRaw: string | null, git: boolean): void {
  const prefixed = git || ((oldRaw === null || oldRaw.startsWith('a/')) && (newRaw === null || newRaw.startsWith('b/')));
  const oldPath = oldRaw === null ? null : prefixed ? stripPrefix(oldRaw, 'a/') : oldRaw;
  const newPath = newRaw === null ? null : prefixed ? stripPrefix(newRaw, 'b/') : newRaw;
  file.oldPath = oldPath;
  file.newPath = newPath;
  if (oldPath === null) file.status = 'added';
  else if (newPath === null) file.status = 'deleted';
  file.path = newPath ?? oldPath ?? '';
}

/** Returns true when the line was a git extended header line. */
function readExtendedHeader(builder: FileBuilder, line: string): boolean {
  const file = builder.file;
  const setStatus = (status: DiffFileStatus): void => {
    file.status = status;
  };
  if (line.startsWith('old mode ')) file.oldMode = line.slice(9).trim();
  else if (line.startsWith('new mode ')) file.newMode = line.slice(9).trim();
  else if (line.startsWith('new file mode ')) {
    file.newMode = line.slice(14).trim();
    file.oldPath = null;
    file.path = file.newPath ?? '';
    setStatus('added');
  } else if (line.startsWith('deleted file mode ')) {
    file.oldMode = line.slice(18).trim();
    file.path = file.oldPath ?? file.newPath ?? '';
    file.newPath = null;
    setStatus('deleted');
  } else if (line.startsWith('rename from ')) {
    file.oldPath = unquote(line.slice(12));
    setStatus('renamed');
  } else if (line.startsWith('rename to ')) {
    file.newPath = unquote(line.slice(10));
    file.path = file.newPath;
    setStatus('renamed');
  } else if (line.startsWith('copy from ')) {
    file.oldPath = unquote(line.slice(10));
    setStatus('copied');
  } else if (line.startsWith('copy to ')) {
    file.newPath = unquote(line.slice(8));
    file.path = file.newPath;
    setStatus('copied');
  } else if (
    line.startsWith('index ') ||
    line.startsWith('similarity index ') ||
    line.startsWith('dissimilarity index ')
  ) {
    // Blob ids and similarity: nothing the evaluation needs.
  } else if (line.startsWith('Binary files ')) {
    file.binary = true;
    builder.headersDone = true;
  } else if (line === 'GIT binary patch') {
    file.binary = true;
    builder.headersDone = true;
    builder.skippingBinaryPatch = true;
  } else {
    return false;
  }
  return true;
}

function parseHeaderPath(raw: string): string | null {
  let value = raw;
  if (value.startsWith('"')) {
    value = unquote(value);
  } else {
    const tab = value.indexOf('\t');
    if (tab >= 0) value = value.slice(0, tab);
    value = value.replace(/\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? [+-]\d{4}$/, '');
    value = value.trimEnd();
  }
  return value === '/dev/null' ? null : value;
}

function splitGitHeaderPaths(rest: string): [string, string] {
  if (rest.startsWith('"')) {
    const end = closingQuote(rest);
    const oldPath = unquote(rest.slice(0, end + 1));
    return [oldPath, unquote(rest.slice(end + 1).trim())];
  }
  const quotedNew = rest.indexOf(' "');
  if (quotedNew >= 0) return [rest.slice(0, quotedNew), unquote(rest.slice(quotedNew + 1))];
  // "a/x y b/x y": prefer the split whose two sides name the same path.
  const candidates: number[] = [];
  for (let at = rest.indexOf(' b/'); at >= 0; at = rest.indexOf(' b/', at + 1)) candidates.push(at);
  for (const at of candidates) {
    if (stripPrefix(rest.slice(0, at), 'a/') === rest.slice(at + 3)) return [rest.slice(0, at), rest.slice(at + 1)];
  }
  const at = candidates[0] ?? rest.indexOf(' ');
  return at >= 0 ? [rest.slice(0, at), rest.slice(at + 1)] : [rest, rest];
}

function stripPrefix(path: string, prefix: string): string {
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

function closingQuote(text: string): number {
  for (let index = 1; index < text.length; index += 1) {
    if (text[index] === '\\') index += 1;
    else if (text[index] === '"') return index;
  }
  return text.length - 1;
}

/** Decodes git's C-style quoted paths ("a/caf\303\251.ts"); returns other text unchanged. */
function unquote(raw: string): string {
  const text = raw.trim();
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, '\\': 92, '"': 34 };
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index];
    if (char !== '\\') {
      for (const byte of new TextEncoder().encode(char)) bytes.push(byte);
      continue;
    }
    const next = body[index + 1] ?? '';
    if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(index + 1))![0];
      bytes.push(parseInt(octal, 8));
      index += octal.length;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      index += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
