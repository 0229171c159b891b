import type { ExecutionArtifacts } from '../evaluation.types';
import { tryParseUnifiedDiff } from './unified-diff.parser';
import { DiffParseError, type DiffFile } from './unified-diff.types';
import { buildDiffFile } from './unified-diff.writer';

export interface FileSnapshot {
  before: string;
  after: string;
}

/**
 * What the agent changed, from the best evidence sent: the unified diff when it parses, else
 * the before/after contents. `source: 'none'` means nothing could be measured.
 */
export interface ChangeSet {
  source: 'diff' | 'files' | 'none';
  files: DiffFile[];
  /** contents by path (the new path, and the old one for renames), when the arbiter sent them. */
  contents: Map<string, FileSnapshot>;
  /** set when a diff was sent but could not be read. */
  parseError?: DiffParseError;
  /** the raw diff text when it was malformed, still worth scanning for secrets. */
  unreadableDiff?: string;
  /** why nothing could be measured, or what was worked around. */
  notes: string[];
}

export function buildChangeSet(artifacts: ExecutionArtifacts | undefined): ChangeSet {
  const notes: string[] = [];
  const contents = new Map<string, FileSnapshot>();
  const sentFiles = Array.isArray(artifacts?.files) ? artifacts!.files : [];
  let malformedFiles = 0;
  for (const file of sentFiles) {
    if (!file || typeof file.path !== 'string' || typeof file.before !== 'string' || typeof file.after !== 'string') {
      malformedFiles += 1;
      continue;
    }
    contents.set(file.path, { before: file.before, after: file.after });
  }
  if (malformedFiles > 0) notes.push(`${malformedFiles} file entries without string path/before/after were ignored`);

  const diffText = artifacts?.diff;
  let parseError: DiffParseError | undefined;
  let unreadableDiff: string | undefined;
  if (diffText !== undefined && diffText !== null) {
    const parsed =
      typeof diffText === 'string'
        ? tryParseUnifiedDiff(diffText)
        : ({ ok: false, error: new DiffParseError('NOT_A_DIFF', 0, 'diff is not text'), partial: { files: [] } } as const);
    if (parsed.ok) {
      return { source: 'diff', files: parsed.diff.files, contents, notes };
    }
    parseError = parsed.error;
    unreadableDiff = typeof diffText === 'string' ? diffText : undefined;
    notes.push(`malformed diff (${parsed.error.message})`);
  }

  if (contents.size > 0) {
    const files: DiffFile[] = [];
    for (const [path, snapshot] of contents) {
      if (snapshot.before === snapshot.after) continue;
      files.push(buildDiffFile({ path, before: snapshot.before, after: snapshot.after }));
    }
    if (parseError) notes.push('change measured from the file contents instead');
    return { source: 'files', files, contents, parseError, unreadableDiff, notes };
  }
  if (!parseError) notes.push('no diff and no file contents in the artifacts');
  return { source: 'none', files: [], contents, parseError, unreadableDiff, notes };
}

/** Contents for a diff entry, looked up by its new then old path. */
export function snapshotFor(changeSet: ChangeSet, file: DiffFile): FileSnapshot | undefined {
  return (
    (file.newPath !== null ? changeSet.contents.get(file.newPath) : undefined) ??
    (file.oldPath !== null ? changeSet.contents.get(file.oldPath) : undefined) ??
    changeSet.contents.get(file.path)
  );
}

/** Every line the change added, with where it came from (for secret and command scanning). */
export function addedLines(changeSet: ChangeSet): Array<{ path: string; lineNumber: number; text: string }> {
  const result: Array<{ path: string; lineNumber: number; text: string }> = [];
  for (const file of changeSet.files) {
    for (const hunk of file.hunks) {
      let newLine = hunk.newStart;
      for (const line of hunk.lines) {
        if (line.kind === 'added') result.push({ path: file.path, lineNumber: newLine, text: line.text });
        if (line.kind !== 'removed') newLine += 1;
      }
    }
  }
  return result;
}
