import * as ts from 'typescript';
import { diffLines, splitLines, type LineEditKind } from '../diff/line-diff.algorithm';
import type { DiffHunk } from '../diff/unified-diff.types';
import {
  bagSize, diceSimilarity, FeatureWalker, GrowableUint32, ngramAt, parseSource, radixSort, scriptKindFor, sharedCount, toBag,
  type ListContext, type ListElement, type StatementList,
} from './similarity.analyzer';

export interface EditSimilarity {
  /** Dice coefficient of the two sides' AST feature multisets. */
  similarity: number;
  beforeSize: number;
  afterSize: number;
  /** 'regions': the after side reused the before side's unchanged statements; 'full': it was parsed whole. */
  afterParse: 'regions' | 'full';
}

/**
 * AST similarity of a file before and after an edit, without parsing what the edit left alone on
 * the after side. The result is the same as `diceSimilarity` of `astFeatureBag` of each side (and
 * the sizes those bags would have); only the cost differs.
 *
 * The before side is parsed and walked once, recording every statement list (the source file,
 * blocks, class members) with each element's range in the pre-order label sequence. The line diff
 * of the two texts (the diff's hunks when they match the texts) gives the edited line ranges; each is covered by the smallest run of
 * consecutive elements of the deepest list that encloses it and is bounded by unchanged lines.
 * Only those runs' new text is parsed (all in one synthetic source, each run inside a wrapper
 * that gives it its parse context: top level, a plain/async/generator function body, or a class
 * body), and the after side's label sequence is the before side's with those ranges replaced.
 *
 * Whenever the result could differ from a whole parse, the after side is parsed whole instead:
 * a parse error on either side, CR line endings, `import.meta`, a module/script switch, a run
 * whose predecessor or new last element does not end definitively (with `;`, or `}` of a
 * declaration or block — otherwise ASI could join it with its neighbour), or a wrapper that does
 * not hold exactly its run.
 */
export function astEditSimilarity(
  before: string,
  after: string,
  beforePath: string,
  afterPath: string,
  ngramSize: number,
  /** the diff's hunks for these two texts, if known: used (once checked) instead of diffing the lines again. */
  hunks?: readonly DiffHunk[],
): EditSimilarity {
  let source: ts.SourceFile | undefined = parseSource(before, beforePath);
  const walker = new FeatureWalker(before.length);
  walker.walk(source, (node, owner, start, size) => ({
    pos: node.pos,
    end: node.end,
    start,
    size,
    tokenStart: skipTrivia(before, node.pos),
    definitive: endsDefinitively(node, before),
    moduleIndicator: owner === ts.SyntaxKind.SourceFile && isModuleIndicator(node),
  }));
  const facts: BeforeFacts = { isModule: ts.isExternalModule(source), hasParseErrors: parseDiagnosticCount(source) > 0 };
  source = undefined; // from here on the tree is garbage: it must not survive into the old generation
  const beforeSize = bagSize(walker.parentPairs.length, walker.labels.length, ngramSize);
  const sameKind = scriptKindFor(beforePath) === scriptKindFor(afterPath);
  if (after === before && sameKind) return { similarity: 1, beforeSize, afterSize: beforeSize, afterParse: 'regions' };
  const reused = sameKind ? reusableAfter(facts, walker, before, after, afterPath, hunks) : null;
  if (!reused) {
    const full = new FeatureWalker(after.length);
    full.walk(parseSource(after, afterPath));
    const beforeBag = toBag(walker.parentPairs.view(), walker.labels.view(), ngramSize);
    const afterBag = toBag(full.parentPairs.view(), full.labels.view(), ngramSize);
    return { similarity: diceSimilarity(beforeBag, afterBag), beforeSize, afterSize: afterBag.size, afterParse: 'full' };
  }
  // before = unchanged U + removed R, after = U + added D (multisets): |before ∩ after| = |U| + |R ∩ D|
  const removed = changedFeatures(walker.parentPairs.view(), walker.labels.view(), reused.replaced, ngramSize);
  const added = changedFeatures(reused.addedPairs, reused.labels, reused.added, ngramSize);
  const unchanged = beforeSize - removed.length;
  const afterSize = unchanged + added.length;
  const similarity = beforeSize + afterSize === 0 ? 1 : (2 * (unchanged + sharedCount(removed, added))) / (beforeSize + afterSize);
  return { similarity, beforeSize, afterSize, afterParse: 'regions' };
}

/**
 * Sorted features of one side that involve its edited label ranges: the parent pairs of their
 * nodes and every n-gram that overlaps a range (or, for an empty range, crosses its position).
 * Every other feature lies wholly in unchanged code and is the same on both sides.
 */
function changedFeatures(pairs: Uint32Array, labels: Uint32Array, ranges: ReadonlyArray<readonly [number, number]>, ngramSize: number): Uint32Array {
  const features = new GrowableUint32(256);
  for (const [start, end] of ranges) features.append(pairs.subarray(start, end));
  if (ngramSize >= 2) {
    let next = 0;
    for (const [start, end] of ranges) {
      const from = Math.max(next, start - ngramSize + 1, 0);
      const to = Math.min(end - 1, labels.length - ngramSize);
      for (let window = from; window <= to; window += 1) features.push(ngramAt(labels, window, ngramSize));
      next = Math.max(next, to + 1);
    }
  }
  const sorted = features.view().slice();
  radixSort(sorted);
  return sorted;
}

/** A run of list elements [first, last] replaced by the edit (empty when last < first: statements inserted before `first`), with its text range on both sides. */
interface Region {
  list: StatementList;
  first: number;
  last: number;
  /** pre-order range [labelStart, labelEnd) of the run in the before sequence. */
  labelStart: number;
  labelEnd: number;
  afterStart: number;
  afterEnd: number;
}

/** The two texts and how their lines correspond. */
interface Sides {
  before: string;
  after: string;
  beforeStarts: readonly number[];
  afterStarts: readonly number[];
  /** before line → after line for unchanged lines, -1 for changed ones. */
  mapped: Int32Array;
  beforeLine: (offset: number) => number;
  /** the after offset of a before offset on an unchanged line. */
  afterOffset: (offset: number) => number;
}

interface EditBlock {
  /** changed before lines [beforeFrom, beforeTo); an insertion has beforeFrom === beforeTo. */
  beforeFrom: number;
  beforeTo: number;
}

const SEMICOLON = 0x3b;
const CLOSE_BRACE = 0x7d;
/** Statements and members whose closing `}` ends them whatever follows. */
const ENDED_BY_BRACE: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.Block,
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.InterfaceDeclaration,
  ts.SyntaxKind.EnumDeclaration,
  ts.SyntaxKind.ModuleDeclaration,
  ts.SyntaxKind.SwitchStatement,
  ts.SyntaxKind.TryStatement,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
]);

function endsDefinitively(node: ts.Node, text: string): boolean {
  const last = text.charCodeAt(node.end - 1);
  if (last === SEMICOLON) return true;
  if (last !== CLOSE_BRACE) return false;
  if (ENDED_BY_BRACE.has(node.kind)) return true;
  // a compound statement ends the way its last statement does (`if (a) x = {}` does not)
  const inner = lastStatementOf(node);
  return inner !== undefined && inner.end === node.end && endsDefinitively(inner, text);
}

function lastStatementOf(node: ts.Node): ts.Statement | undefined {
  switch (node.kind) {
    case ts.SyntaxKind.IfStatement:
      return (node as ts.IfStatement).elseStatement ?? (node as ts.IfStatement).thenStatement;
    case ts.SyntaxKind.ForStatement:
    case ts.SyntaxKind.ForOfStatement:
    case ts.SyntaxKind.ForInStatement:
    case ts.SyntaxKind.WhileStatement:
    case ts.SyntaxKind.LabeledStatement:
      return (node as ts.IterationStatement | ts.LabeledStatement).statement;
    default:
      return undefined;
  }
}

const WRAPPER_OPEN: Record<ListContext, string> = {
  top: '{',
  function: 'function __region() {',
  async: 'async function __region() {',
  generator: 'function* __region() {',
  asyncGenerator: 'async function* __region() {',
};

function parseDiagnosticCount(source: ts.SourceFile): number {
  // parseDiagnostics is internal API, but present on every parsed file; unknown → assume errors.
  const diagnostics = (source as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics;
  return diagnostics ? diagnostics.length : 1;
}

function isModuleIndicator(node: ts.Node): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.ImportDeclaration:
    case ts.SyntaxKind.ExportDeclaration:
    case ts.SyntaxKind.ExportAssignment:
      return true;
    case ts.SyntaxKind.ImportEqualsDeclaration:
      return (node as ts.ImportEqualsDeclaration).moduleReference.kind === ts.SyntaxKind.ExternalModuleReference;
    default:
      return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false);
  }
}

/**
 * Offset of the first token at or after `offset`, before `limit`: skips whitespace and comments
 * (stops early on anything unusual, and at a block comment that does not close before `limit`,
 * which only makes callers more careful).
 */
function skipTrivia(text: string, offset: number, limit = text.length): number {
  let at = offset;
  while (at < limit) {
    const code = text.charCodeAt(at);
    if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0b || code === 0x0c) {
      at += 1;
    } else if (code === 0x2f && text.charCodeAt(at + 1) === 0x2f) {
      const newline = text.indexOf('\n', at);
      at = newline < 0 || newline > limit ? limit : newline;
    } else if (code === 0x2f && text.charCodeAt(at + 1) === 0x2a) {
      const close = text.indexOf('*/', at + 2);
      if (close < 0 || close + 2 > limit) return at;
      at = close + 2;
    } else {
      return at;
    }
  }
  return at;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

function lineOf(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The after side as the before side with its edited runs replaced: label sequence, and the ranges involved. */
interface ReusedAfter {
  labels: Uint32Array;
  /** pre-order label ranges of the replaced runs, in the before sequence. */
  replaced: Array<[number, number]>;
  /** the new runs' label ranges in the after sequence, and their parent pairs at the same indices. */
  added: Array<[number, number]>;
  addedPairs: Uint32Array;
}

interface BeforeFacts {
  isModule: boolean;
  hasParseErrors: boolean;
}

/**
 * The line edit script the hunks of a unified diff describe, if they describe exactly these two
 * texts (every context, removed and added line, and every line between hunks, checked); null
 * otherwise. Cheaper than diffing the texts again.
 */
function operationsFromHunks(beforeLines: readonly string[], afterLines: readonly string[], hunks: readonly DiffHunk[]): LineEditKind[] | null {
  const operations: LineEditKind[] = [];
  let oldLine = 0;
  let newLine = 0;
  const unchangedUntil = (oldEnd: number, newEnd: number): boolean => {
    if (oldEnd - oldLine !== newEnd - newLine || oldEnd > beforeLines.length || newEnd > afterLines.length) return false;
    for (; oldLine < oldEnd; oldLine += 1, newLine += 1) {
      if (beforeLines[oldLine] !== afterLines[newLine]) return false;
      operations.push('equal');
    }
    return true;
  };
  for (const hunk of hunks) {
    // a side with no lines names the line before the hunk
    const oldAt = hunk.oldLines === 0 ? hunk.oldStart : hunk.oldStart - 1;
    const newAt = hunk.newLines === 0 ? hunk.newStart : hunk.newStart - 1;
    if (oldAt < oldLine || !unchangedUntil(oldAt, newAt)) return null;
    for (const line of hunk.lines) {
      if (line.kind !== 'added' && beforeLines[oldLine] !== line.text) return null;
      if (line.kind !== 'removed' && afterLines[newLine] !== line.text) return null;
      if (line.kind !== 'added') oldLine += 1;
      if (line.kind !== 'removed') newLine += 1;
      operations.push(line.kind === 'context' ? 'equal' : line.kind === 'added' ? 'insert' : 'delete');
    }
  }
  return unchangedUntil(beforeLines.length, afterLines.length) ? operations : null;
}

function reusableAfter(
  facts: BeforeFacts,
  walker: FeatureWalker,
  before: string,
  after: string,
  afterPath: string,
  hunks: readonly DiffHunk[] | undefined,
): ReusedAfter | null {
  if (before.includes('\r') || after.includes('\r') || after.includes('import.meta') || before.includes('import.meta')) return null;
  if (facts.hasParseErrors) return null;

  // before line → after line for unchanged lines, -1 for changed ones; and the edit blocks
  const beforeLines = splitLines(before);
  const afterLines = splitLines(after);
  const beforeStarts = lineStartsOf(before);
  const afterStarts = lineStartsOf(after);
  const mapped = new Int32Array(beforeStarts.length).fill(-1);
  const blocks: EditBlock[] = [];
  let oldLine = 0;
  let newLine = 0;
  let open: EditBlock | null = null;
  const operations =
    (hunks && operationsFromHunks(beforeLines.lines, afterLines.lines, hunks)) ??
    diffLines(beforeLines.lines, afterLines.lines).map((edit) => edit.kind);
  for (const operation of operations) {
    if (operation === 'equal') {
      if (open) {
        open.beforeTo = oldLine;
        blocks.push(open);
        open = null;
      }
      mapped[oldLine] = newLine;
      oldLine += 1;
      newLine += 1;
    } else {
      open ??= { beforeFrom: oldLine, beforeTo: oldLine };
      if (operation === 'delete') oldLine += 1;
      else newLine += 1;
    }
  }
  if (open) {
    open.beforeTo = oldLine;
    blocks.push(open);
  }
  // the empty line after a final newline (where the last node may end) maps when both texts have it
  if (beforeStarts.length > beforeLines.lines.length && afterStarts.length > afterLines.lines.length) {
    mapped[beforeStarts.length - 1] = afterStarts.length - 1;
  }
  if (blocks.length === 0) return null;

  // a binary search over the line starts (≈ 9 steps) costs less than a Map lookup caching it
  const beforeLine = (offset: number): number => lineOf(beforeStarts, offset);
  const afterOffset = (offset: number): number => {
    const line = beforeLine(offset);
    return afterStarts[mapped[line]] + (offset - beforeStarts[line]);
  };

  const sides: Sides = { before, after, beforeStarts, afterStarts, mapped, beforeLine, afterOffset };
  // the deepest list run that covers each block
  const regions: Region[] = [];
  // line span of each list's elements (to its closing brace), to skip lists far from a block
  const firstLines = new Int32Array(walker.lists.length);
  const closeLines = new Int32Array(walker.lists.length);
  walker.lists.forEach((list, index) => {
    const isFile = list.owner === ts.SyntaxKind.SourceFile;
    firstLines[index] = isFile || list.elements.length === 0 ? -1 : beforeLine(list.elements[0].pos);
    closeLines[index] = isFile ? beforeStarts.length : beforeLine(list.ownerEnd - 1);
  });
  for (const block of blocks) {
    let best: Region | null = null;
    for (let index = 0; index < walker.lists.length; index += 1) {
      const list = walker.lists[index];
      if (firstLines[index] >= block.beforeFrom || closeLines[index] < block.beforeTo) continue;
      if (best && list.depth <= best.list.depth) continue;
      const region = runCovering(list, block, sides);
      if (region) best = region;
    }
    if (!best) return null;
    regions.push(best);
  }
  const merged = mergeRegions(regions);

  // is the after side a module? (decides top-level await parsing, so the wrapper file must match)
  const isModule = facts.isModule;
  const fileRegions = merged.filter((region) => region.list.owner === ts.SyntaxKind.SourceFile);
  const keptIndicator = walker.lists[0].elements.some(
    (element, index) => element.moduleIndicator && !fileRegions.some((region) => region.first <= index && index <= region.last),
  );

  const reparsed = reparseRegions(merged, after, afterPath, isModule);
  if (!reparsed) return null;
  const addedIndicator = reparsed.topLevel.some(isModuleIndicator);
  if ((keptIndicator || addedIndicator) !== isModule) return null;

  const labels = new GrowableUint32(walker.labels.length + 1_024);
  // parent pairs only where they are new; indices match `labels`
  const addedPairs = new Uint32Array(walker.labels.length + reparsed.labels.reduce((total, run) => total + run.length, 0));
  const beforeLabels = walker.labels.view();
  const replaced: Array<[number, number]> = [];
  const added: Array<[number, number]> = [];
  let copied = 0;
  merged.forEach((region, index) => {
    labels.append(beforeLabels.subarray(copied, region.labelStart));
    const start = labels.length;
    labels.append(reparsed.labels[index]);
    addedPairs.set(reparsed.parentPairs[index], start);
    replaced.push([region.labelStart, region.labelEnd]);
    added.push([start, labels.length]);
    copied = region.labelEnd;
  });
  labels.append(beforeLabels.subarray(copied));
  return { labels: labels.view(), replaced, added, addedPairs };
}

/**
 * The smallest run of `list`'s elements whose text contains the block's lines and starts and
 * ends on unchanged lines (or at the file's start / end, for the source file's list), after a
 * predecessor that ends definitively. null when the list does not enclose the block that way.
 */
function runCovering(list: StatementList, block: EditBlock, sides: Sides): Region | null {
  const { after, beforeStarts, afterStarts, mapped, beforeLine, afterOffset } = sides;
  const elements = list.elements;
  if (elements.length === 0) return null;
  const isFile = list.owner === ts.SyntaxKind.SourceFile;
  const lastIndex = elements.length - 1;
  const startLine = (index: number): number => beforeLine(elements[index].pos);
  const tokenLine = (index: number): number => beforeLine(elements[index].tokenStart);
  const endLine = (index: number): number => beforeLine(elements[index].end);
  if (!isFile && (startLine(0) >= block.beforeFrom || beforeLine(list.ownerEnd - 1) < block.beforeTo)) return null;

  // new statements inserted into an element's leading trivia: an empty run, nothing replaced. The
  // candidate is the first element whose first token is on or after the block's end (elements are
  // in text order, so their start and token lines only grow), if it starts before the block.
  const candidate = block.beforeTo < beforeStarts.length ? firstAtOrAfter(elements, 'tokenStart', beforeStarts[block.beforeTo]) : elements.length;
  if (candidate <= lastIndex && startLine(candidate) < block.beforeFrom) {
    const index = candidate;
    const atFileStart = index === 0 && isFile;
    const reusable =
      (atFileStart || (mapped[startLine(index)] >= 0 && (index === 0 || elements[index - 1].definitive))) && mapped[tokenLine(index)] >= 0;
    if (reusable) {
      const at = elements[index].start;
      return {
        list, first: index, last: index - 1, labelStart: at, labelEnd: at,
        afterStart: atFileStart ? 0 : afterOffset(elements[index].pos), afterEnd: afterOffset(elements[index].tokenStart),
      };
    }
  }

  // the last element that starts before the block
  let first = (block.beforeFrom < beforeStarts.length ? firstAtOrAfter(elements, 'pos', beforeStarts[block.beforeFrom]) : elements.length) - 1;
  if (first < 0) {
    if (!isFile) return null;
    first = 0;
  }
  // extend to an unchanged start line after a definitively ended predecessor
  for (;;) {
    if (first === 0 && isFile) break;
    if (mapped[startLine(first)] >= 0 && (first === 0 || elements[first - 1].definitive)) break;
    if (first === 0) return null;
    first -= 1;
  }
  const startsFile = first === 0 && isFile;
  const afterStart = startsFile ? 0 : afterOffset(elements[first].pos);
  const region = (last: number, afterEnd: number): Region => ({
    list, first, last, labelStart: elements[first].start, labelEnd: elements[last].start + elements[last].size, afterStart, afterEnd,
  });

  // end at the line after the block when only trivia separates it from the run's last element
  // and the next token (the next element, or the list's closing brace): the usual in-place edit
  let last = first;
  while (last < lastIndex && tokenLine(last + 1) < block.beforeTo) last += 1;
  const nextLine = block.beforeTo;
  if (nextLine < mapped.length && mapped[nextLine] >= 0 && !(isFile && last === lastIndex)) {
    const lineStart = beforeStarts[nextLine];
    const nextToken = last < lastIndex ? elements[last + 1].tokenStart : list.ownerEnd - 1;
    if (elements[last].end <= lineStart && lineStart <= nextToken) {
      return region(last, afterStarts[mapped[nextLine]]);
    }
  }

  // else end with an element that ends on an unchanged line after the block
  last = -1;
  for (let index = first; index <= lastIndex; index += 1) {
    if (endLine(index) >= block.beforeTo) {
      last = index;
      break;
    }
  }
  if (last < 0) {
    if (!isFile) return null;
    last = lastIndex;
  }
  while (!(last === lastIndex && isFile) && mapped[endLine(last)] < 0) {
    if (last === lastIndex) return null;
    last += 1;
  }
  const endsFile = last === lastIndex && isFile;
  return region(last, endsFile ? after.length : afterOffset(elements[last].end));
}

/** Index of the first element whose `key` offset is at least `offset` (elements.length if none); offsets grow along the list. */
function firstAtOrAfter(elements: readonly ListElement[], key: 'pos' | 'tokenStart', offset: number): number {
  let low = 0;
  let high = elements.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (elements[middle][key] < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Sorted by position; a run inside another is dropped, overlapping runs (of one list) are joined. */
function mergeRegions(regions: Region[]): Region[] {
  const sorted = [...regions].sort((left, right) => left.labelStart - right.labelStart || right.labelEnd - left.labelEnd);
  const merged: Region[] = [];
  for (const region of sorted) {
    const previous = merged[merged.length - 1];
    // two blocks in one element's leading trivia give the same empty run
    if (previous && region.labelStart === previous.labelStart && region.labelEnd === previous.labelEnd && region.list === previous.list) continue;
    if (previous && region.labelStart < previous.labelEnd) {
      if (region.labelEnd <= previous.labelEnd) continue;
      merged[merged.length - 1] = { ...previous, last: region.last, labelEnd: region.labelEnd, afterEnd: region.afterEnd };
      continue;
    }
    merged.push(region);
  }
  return merged;
}

/**
 * Parses every region's new text in one synthetic source, each in a wrapper giving its parse
 * context, and walks the new elements. null when the parse has errors or a wrapper does not hold
 * exactly its region.
 */
function reparseRegions(
  regions: readonly Region[],
  after: string,
  afterPath: string,
  isModule: boolean,
): { labels: Uint32Array[]; parentPairs: Uint32Array[]; topLevel: ts.Node[] } | null {
  let text = isModule ? 'export {};\n' : '';
  const pieces: Array<{ wrapperStart: number; contentStart: number; contentEnd: number; wrapperEnd: number }> = [];
  for (const region of regions) {
    const open = region.list.owner === ts.SyntaxKind.SourceFile ? '' : region.list.owner === ts.SyntaxKind.ClassDeclaration ? 'class __region {' : WRAPPER_OPEN[region.list.context];
    const close = open === '' ? '' : '\n}';
    const wrapperStart = text.length;
    text += open;
    const contentStart = text.length;
    text += after.slice(region.afterStart, region.afterEnd);
    const contentEnd = text.length;
    text += close;
    pieces.push({ wrapperStart, contentStart, contentEnd, wrapperEnd: text.length });
    text += '\n';
  }
  const synthetic = parseSource(text, afterPath);
  if (parseDiagnosticCount(synthetic) > 0) return null;

  const statements = synthetic.statements;
  let cursor = isModule ? 1 : 0;
  // one walker for every run (its buffers only grow): run i is [runStarts[i], runStarts[i + 1]) of its sequences
  const walker = new FeatureWalker(text.length);
  const runStarts = [0];
  const topLevel: ts.Node[] = [];
  for (let index = 0; index < regions.length; index += 1) {
    const region = regions[index];
    const piece = pieces[index];
    let elements: readonly ts.Node[];
    if (region.list.owner === ts.SyntaxKind.SourceFile) {
      const own: ts.Statement[] = [];
      while (cursor < statements.length && statements[cursor].end <= piece.contentEnd) own.push(statements[cursor++]);
      elements = own;
      topLevel.push(...own);
    } else {
      const wrapper = statements[cursor++];
      if (!wrapper || wrapper.getStart(synthetic) !== piece.wrapperStart || wrapper.end !== piece.wrapperEnd) return null;
      const wrapped = elementsOf(wrapper, region.list.owner);
      if (!wrapped) return null;
      elements = wrapped;
    }
    // what follows the new elements must be closed trivia: an open comment would run into the next piece
    const tail = elements.length > 0 ? elements[elements.length - 1].end : piece.contentStart;
    if (tail > piece.contentEnd || skipTrivia(text, tail, piece.contentEnd) < piece.contentEnd) return null;
    if (elements.length > 0) {
      if (elements[0].getStart(synthetic) < piece.contentStart) return null;
      // the next (unchanged) element follows in the real text: the new run must not run into it
      const followed = region.last < region.list.elements.length - 1;
      if (followed && !endsDefinitively(elements[elements.length - 1], text)) return null;
    }
    walker.walkNodes(elements, region.list.owner);
    runStarts.push(walker.labels.length);
  }
  if (cursor !== statements.length) return null;
  const allLabels = walker.labels.view();
  const allPairs = walker.parentPairs.view();
  const labels: Uint32Array[] = [];
  const parentPairs: Uint32Array[] = [];
  for (let index = 0; index < regions.length; index += 1) {
    labels.push(allLabels.subarray(runStarts[index], runStarts[index + 1]));
    parentPairs.push(allPairs.subarray(runStarts[index], runStarts[index + 1]));
  }
  return { labels, parentPairs, topLevel };
}

function elementsOf(wrapper: ts.Statement, owner: StatementList['owner']): readonly ts.Node[] | null {
  if (owner === ts.SyntaxKind.ClassDeclaration) return ts.isClassDeclaration(wrapper) ? wrapper.members : null;
  if (ts.isBlock(wrapper)) return wrapper.statements;
  if (ts.isFunctionDeclaration(wrapper) && wrapper.body) return wrapper.body.statements;
  return null;
}
