export type DiffLineKind = 'context' | 'added' | 'removed';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** the line was followed by "\ No newline at end of file". */
  noNewlineAtEnd?: boolean;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** text after the closing "@@" (usually the enclosing function). */
  section: string;
  lines: DiffLine[];
}

export type DiffFileStatus = 'added' | 'deleted' | 'modified' | 'renamed' | 'copied';

export interface DiffFile {
  /** path before the change; null for a new file. */
  oldPath: string | null;
  /** path after the change; null for a deleted file. */
  newPath: string | null;
  /** the path that names the file: newPath, or oldPath for a deletion. */
  path: string;
  status: DiffFileStatus;
  oldMode?: string;
  newMode?: string;
  binary: boolean;
  hunks: DiffHunk[];
  linesAdded: number;
  linesRemoved: number;
}

export interface ParsedDiff {
  files: DiffFile[];
}

export type DiffParseErrorCode =
  | 'NOT_A_DIFF'
  | 'BAD_HUNK_HEADER'
  | 'HUNK_WITHOUT_FILE'
  | 'TRUNCATED_HUNK'
  | 'UNEXPECTED_LINE'
  | 'MISSING_NEW_FILE_HEADER';

/** A unified diff that cannot be read; `lineNumber` is 1-based in the diff text. */
export class DiffParseError extends Error {
  override readonly name = 'DiffParseError';

  constructor(
    readonly code: DiffParseErrorCode,
    readonly lineNumber: number,
    message: string,
  ) {
    super(`${code} at diff line ${lineNumber}: ${message}`);
  }
}

export type DiffParseResult =
  | { ok: true; diff: ParsedDiff }
  | { ok: false; error: DiffParseError; /** files read completely before the error. */ partial: ParsedDiff };
