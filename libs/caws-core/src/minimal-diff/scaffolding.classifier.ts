import type { DiffFile, DiffHunk } from '../diff/unified-diff.types';

export type AddedLineKind = 'code' | 'comment' | 'import' | 'whitespace' | 'emptyFunction';

export interface ScaffoldingCounts {
  added: number;
  removed: number;
  comment: number;
  import: number;
  whitespace: number;
  emptyFunction: number;
  code: number;
  /** removed lines that were code (not blank, not comments, not re-added with other whitespace). */
  substantiveRemoved: number;
}

interface LanguageSyntax {
  lineComments: string[];
  blockComment: [string, string] | null;
  /** "def f():" bodies by indentation instead of braces. */
  indentBlocks: boolean;
}

/** Lines longer than this are classified as code without running the line patterns on them. */
const LONG_LINE = 1_000;

const C_LIKE: LanguageSyntax = { lineComments: ['//'], blockComment: ['/*', '*/'], indentBlocks: false };
const HASH: LanguageSyntax = { lineComments: ['#'], blockComment: null, indentBlocks: false };
const PYTHON: LanguageSyntax = { lineComments: ['#'], blockComment: null, indentBlocks: true };
const DASH: LanguageSyntax = { lineComments: ['--'], blockComment: ['/*', '*/'], indentBlocks: false };
const MARKUP: LanguageSyntax = { lineComments: [], blockComment: ['<!--', '-->'], indentBlocks: false };
const CSS: LanguageSyntax = { lineComments: [], blockComment: ['/*', '*/'], indentBlocks: false };
const PROSE: LanguageSyntax = { lineComments: [], blockComment: null, indentBlocks: false };

const SYNTAX_BY_EXTENSION: Record<string, LanguageSyntax> = {
  py: PYTHON,
  pyi: PYTHON,
  rb: HASH,
  sh: HASH,
  bash: HASH,
  zsh: HASH,
  yml: HASH,
  yaml: HASH,
  toml: HASH,
  r: HASH,
  pl: HASH,
  ps1: HASH,
  conf: HASH,
  cfg: HASH,
  ini: HASH,
  env: HASH,
  tf: HASH,
  dockerfile: HASH,
  makefile: HASH,
  gitignore: HASH,
  sql: DASH,
  lua: DASH,
  hs: DASH,
  html: MARKUP,
  htm: MARKUP,
  xml: MARKUP,
  svg: MARKUP,
  vue: MARKUP,
  svelte: MARKUP,
  css: CSS,
  md: PROSE,
  markdown: PROSE,
  txt: PROSE,
  rst: PROSE,
  json: PROSE,
};

export function syntaxFor(path: string): LanguageSyntax {
  const name = path.split('/').pop()?.toLowerCase() ?? '';
  if (name === 'dockerfile' || name === 'makefile' || name.startsWith('.env')) return HASH;
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '';
  return SYNTAX_BY_EXTENSION[extension] ?? C_LIKE;
}

const IMPORT_PATTERNS: readonly RegExp[] = [
  /^import\s+(?:type\s+)?(?:[\w$*{},\s]+\s+from\s+)?['"][^'"]+['"]\s*;?$/, // ES modules
  /^import\s+[\w$]+\s*=\s*require\(\s*['"][^'"]+['"]\s*\)\s*;?$/, // TS import = require
  /^export\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s+from\s+['"][^'"]+['"]\s*;?$/, // re-exports
  /^(?:const|let|var)\s+[\w${}\s,:]+=\s*require\(\s*['"][^'"]+['"]\s*\)(?:\.[\w$]+)*\s*;?$/, // CommonJS
  /^(?:from\s+[\w.]+\s+import\s+.+|import\s+[\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)$/, // Python
  /^import\s+(?:static\s+)?[\w.]+(?:\.\*)?\s*;?$/, // Java, Kotlin, Scala, Go single
  /^import\s+(?:[\w.]+\s+)?"[^"]+"$/, // Go
  /^(?:pub\s+)?use\s+[\w:{},\s*]+;$/, // Rust
  /^extern\s+crate\s+\w+;$/,
  /^#\s*include\s*[<"][^>"]+[>"]$/, // C, C++
  /^using\s+(?:static\s+)?[\w.]+\s*;$/, // C#
  /^(?:require|require_relative|require_once|include_once)[\s(]+['"][^'"]+['"]\)?\s*;?$/, // Ruby, PHP
  /^@(?:import|use|forward)\s+['"][^'"]+['"].*;$/, // CSS, Sass
];

/** Every import pattern starts with one of these characters: other lines skip the patterns. */
const IMPORT_FIRST_CHARACTERS: ReadonlySet<string> = new Set(['i', 'e', 'c', 'l', 'v', 'f', 'p', 'u', '#', 'r', '@']);

/** Start of a multi-line import whose later lines only name bindings. */
const MULTILINE_IMPORT_FIRST_CHARACTERS: ReadonlySet<string> = new Set(['i', 'e', 'f']);
const MULTILINE_IMPORT_START = /^(?:import\s+(?:type\s+)?\{[^}]*$|export\s+\{[^}]*$|from\s+[\w.]+\s+import\s+\($|import\s+\($)/;
const MULTILINE_IMPORT_END = /(?:\}\s*from\s+['"][^'"]+['"]\s*;?|^\)|^\}\s*from\s+['"][^'"]+['"]\s*;?)$/;

const CONTROL_KEYWORDS = new Set([
  'if',
  'for',
  'while',
  'switch',
  'catch',
  'with',
  'else',
  'do',
  'try',
  'return',
  'new',
  'class',
  'interface',
  'enum',
  'namespace',
  'module',
  'struct',
  'impl',
  'match',
]);

const SIGNATURE =
  /^(?:[\w$<>[\],.?*@]+\s+)*[A-Za-z_$][\w$]*\s*(?:<[^()]*>)?\s*\([^()]*(?:\([^()]*\)[^()]*)*\)\s*(?:(?::|->)\s*[^{=;]+?)?\s*(?:throws\s+[\w.,\s]+)?$/;

/** The text before a function body's "{" is a function signature (not a control statement). */
export function isFunctionSignature(head: string): boolean {
  const text = head.trim();
  if (text.length === 0) return false;
  const firstWord = /^[A-Za-z_$][\w$]*/.exec(text)?.[0] ?? '';
  if (CONTROL_KEYWORDS.has(firstWord)) return false;
  if (/=>\s*$/.test(text)) return true;
  if (/\bfunction\b\*?\s*[\w$]*\s*(?:<[^()]*>)?\s*\(/.test(text)) return true;
  if (/^(?:pub\s+)?(?:async\s+)?fn\s+\w+/.test(text) || /^func\s+/.test(text)) return true;
  return SIGNATURE.test(text);
}

// A body that does nothing: empty, `return;`, `pass`, `...`, or a "not implemented" stub.
const STUB_STATEMENT =
  /^(?:return\s*;?|pass|\.\.\.|todo!\(\)|unimplemented!\(\)|raise\s+NotImplementedError(?:\(.*\))?|throw\s+new\s+\w*Error\(\s*(?:(['"`])[^'"`]*(?:implement|todo|stub)[^'"`]*\1)?\s*\)\s*;?|panic\(\s*"[^"]*(?:implement|todo)[^"]*"\s*\))$/i;

/**
 * Classifies every added line of a file diff as code, comment, import, whitespace (blank, or the
 * same text as a removed line up to whitespace) or part of an empty/stub function, and counts
 * removed lines that were substantive. Line-based and language-aware by extension, so it works
 * on a bare diff without the files.
 */
export function classifyDiffFile(file: DiffFile): ScaffoldingCounts {
  const counts: ScaffoldingCounts = {
    added: 0,
    removed: 0,
    comment: 0,
    import: 0,
    whitespace: 0,
    emptyFunction: 0,
    code: 0,
    substantiveRemoved: 0,
  };
  const syntax = syntaxFor(file.path);
  for (const hunk of file.hunks) {
    const kinds = classifyHunk(hunk, syntax, counts);
    hunk.lines.forEach((line, index) => {
      if (line.kind !== 'added') return;
      counts.added += 1;
      counts[kinds.get(index) ?? 'code'] += 1;
    });
  }
  return counts;
}

/** The kind of each added line of the hunk, by its index in `hunk.lines`. */
function classifyHunk(hunk: DiffHunk, syntax: LanguageSyntax, counts: ScaffoldingCounts): Map<number, AddedLineKind> {
  // Pair added and removed lines equal up to whitespace: re-indentation is not new content.
  const removedByShape = new Map<string, number>();
  // Each removed line's text without whitespace, in order (computed once, read twice).
  const removedShapes: string[] = [];
  for (const line of hunk.lines) {
    if (line.kind !== 'removed') continue;
    counts.removed += 1;
    const shape = line.text.replace(/\s+/g, '');
    removedShapes.push(shape);
    if (shape.length > 0) removedByShape.set(shape, (removedByShape.get(shape) ?? 0) + 1);
  }
  const reindented = new Set<number>();
  hunk.lines.forEach((line, index) => {
    // no removed line left to pair with (used-up shapes are deleted): the added line's shape is not needed
    if (line.kind !== 'added' || removedByShape.size === 0) return;
    const shape = line.text.replace(/\s+/g, '');
    const available = removedByShape.get(shape) ?? 0;
    if (shape.length > 0 && available > 0) {
      if (available === 1) removedByShape.delete(shape);
      else removedByShape.set(shape, available - 1);
      reindented.add(index);
    }
  });
  // Removed lines left unpaired and holding code are substantive.
  const pairedRemovals = new Map(removedByShape);
  let inRemovedBlock = false;
  let removedIndex = 0;
  for (const line of hunk.lines) {
    if (line.kind !== 'removed') continue;
    const shape = removedShapes[removedIndex++];
    const trimmed = line.text.trim();
    const wasComment = inRemovedBlock || isCommentLine(trimmed, syntax);
    inRemovedBlock = updateBlockState(inRemovedBlock, trimmed, syntax);
    if (trimmed.length === 0 || wasComment) continue;
    const unpaired = pairedRemovals.get(shape) ?? 0;
    if (unpaired > 0) {
      pairedRemovals.set(shape, unpaired - 1);
      counts.substantiveRemoved += 1;
    }
  }

  const kinds = new Map<number, AddedLineKind>();
  let inBlockComment = false;
  let inMultilineImport = false;
  hunk.lines.forEach((line, index) => {
    if (line.kind !== 'added') {
      inBlockComment = false;
      inMultilineImport = false;
      return;
    }
    const trimmed = line.text.trim();
    if (trimmed.length > LONG_LINE) {
      // Minified or generated text: not scaffolding, and too long for the line patterns.
      kinds.set(index, 'code');
      return;
    }
    if (reindented.has(index)) {
      kinds.set(index, 'whitespace');
      return;
    }
    if (inBlockComment || isCommentLine(trimmed, syntax)) {
      kinds.set(index, 'comment');
      inBlockComment = updateBlockState(inBlockComment, trimmed, syntax);
      return;
    }
    if (trimmed.length === 0) {
      kinds.set(index, 'whitespace');
      return;
    }
    if (inMultilineImport) {
      kinds.set(index, 'import');
      if (MULTILINE_IMPORT_END.test(trimmed)) inMultilineImport = false;
      return;
    }
    if (IMPORT_FIRST_CHARACTERS.has(trimmed[0]) && IMPORT_PATTERNS.some((pattern) => pattern.test(trimmed))) {
      kinds.set(index, 'import');
      return;
    }
    if (MULTILINE_IMPORT_FIRST_CHARACTERS.has(trimmed[0]) && MULTILINE_IMPORT_START.test(trimmed)) {
      kinds.set(index, 'import');
      inMultilineImport = true;
      return;
    }
    kinds.set(index, 'code');
  });

  markEmptyFunctions(hunk, syntax, kinds);
  return kinds;
}

function isCommentLine(trimmed: string, syntax: LanguageSyntax): boolean {
  if (trimmed.length === 0) return false;
  if (syntax.lineComments.some((marker) => trimmed.startsWith(marker))) return true;
  if (syntax.blockComment && trimmed.startsWith(syntax.blockComment[0])) return true;
  // JSDoc continuation lines, when the hunk starts inside a block comment.
  if (syntax.blockComment?.[0] === '/*' && (trimmed.startsWith('* ') || trimmed === '*' || trimmed.startsWith('*/'))) {
    return true;
  }
  return false;
}

/** Whether a block comment is still open after this line (only a line that starts one can open it). */
function updateBlockState(open: boolean, trimmed: string, syntax: LanguageSyntax): boolean {
  if (!syntax.blockComment) return false;
  if (!open && !trimmed.startsWith(syntax.blockComment[0])) return false;
  const [start, end] = syntax.blockComment;
  let state = open;
  let rest = trimmed;
  for (;;) {
    const at = rest.indexOf(state ? end : start);
    if (at < 0) return state;
    rest = rest.slice(at + (state ? end : start).length);
    state = !state;
  }
}

function stripTrailingComment(text: string, syntax: LanguageSyntax): string {
  let result = text;
  for (const marker of syntax.lineComments) {
    const at = result.indexOf(` ${marker}`);
    if (at >= 0) result = result.slice(0, at);
  }
  return result.trimEnd();
}

function markEmptyFunctions(hunk: DiffHunk, syntax: LanguageSyntax, kinds: Map<number, AddedLineKind>): void {
  const lines = hunk.lines;
  const isAdded = (index: number): boolean => index < lines.length && lines[index].kind === 'added';
  for (let index = 0; index < lines.length; index += 1) {
    if (!isAdded(index) || kinds.get(index) !== 'code' || lines[index].text.length > LONG_LINE) continue;
    const text = stripTrailingComment(lines[index].text, syntax).trim();

    if (syntax.indentBlocks) {
      const single = /^(?:async\s+)?def\s+\w+\s*\(.*\)\s*(?:->\s*[^:]+)?:\s*(.*)$/.exec(text);
      if (!single) continue;
      if (single[1] && STUB_STATEMENT.test(single[1].trim())) {
        kinds.set(index, 'emptyFunction');
        continue;
      }
      if (single[1]) continue;
      const indent = leadingWidth(lines[index].text);
      const body: number[] = [];
      let cursor = index + 1;
      let onlyStubs = true;
      let sawBodyLine = false;
      while (isAdded(cursor)) {
        const bodyText = lines[cursor].text;
        const trimmed = bodyText.trim();
        if (trimmed.length > 0 && leadingWidth(bodyText) <= indent) break;
        if (trimmed.length > 0) {
          sawBodyLine = true;
          const docOrComment = trimmed.startsWith('#') || /^(?:"""|''').*(?:"""|''')$/.test(trimmed);
          if (!docOrComment && !STUB_STATEMENT.test(trimmed)) onlyStubs = false;
        }
        body.push(cursor);
        cursor += 1;
      }
      // Blank lines after the body separate it from what follows; they are not part of it.
      while (body.length > 0 && lines[body[body.length - 1]].text.trim().length === 0) body.pop();
      // A body that goes on in unchanged lines is not empty.
      const continues =
        cursor < lines.length &&
        lines[cursor].kind !== 'added' &&
        lines[cursor].text.trim().length > 0 &&
        leadingWidth(lines[cursor].text) > indent;
      if (sawBodyLine && onlyStubs && !continues) {
        for (const at of [index, ...body]) kinds.set(at, 'emptyFunction');
      }
      continue;
    }

    // the pattern needs both braces; without them its lazy groups would only scan and backtrack
    const singleLine = text.includes('}') && text.includes('{') ? /^(.*?)\{\s*(.*?)\s*\}\s*[;,)]*$/.exec(text) : null;
    if (singleLine && isFunctionSignature(singleLine[1]) && (singleLine[2] === '' || STUB_STATEMENT.test(singleLine[2]))) {
      kinds.set(index, 'emptyFunction');
      continue;
    }
    if (!text.endsWith('{') || !isFunctionSignature(text.slice(0, -1))) continue;
    const body: number[] = [];
    let cursor = index + 1;
    let closed = false;
    while (isAdded(cursor)) {
      const trimmed = stripTrailingComment(lines[cursor].text, syntax).trim();
      const kind = kinds.get(cursor);
      if (/^\}\s*[;,)]*$/.test(trimmed)) {
        closed = true;
        body.push(cursor);
        break;
      }
      if (kind === 'whitespace' || kind === 'comment' || STUB_STATEMENT.test(trimmed)) {
        body.push(cursor);
        cursor += 1;
        continue;
      }
      break;
    }
    if (closed) {
      for (const at of [index, ...body]) kinds.set(at, 'emptyFunction');
      index = body[body.length - 1];
    }
  }
}

function leadingWidth(text: string): number {
  const match = /^[ \t]*/.exec(text)![0];
  return match.replace(/\t/g, '    ').length;
}
