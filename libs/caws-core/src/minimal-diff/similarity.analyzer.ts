import * as ts from 'typescript';

/**
 * Multiset of features, each a 32-bit hash, kept sorted so two bags intersect in one merge pass.
 * Hashing (instead of string keys) keeps the cost linear with no per-feature allocation; a collision
 * merely merges two features, which shifts a similarity by at most one feature's weight.
 */
export interface FeatureBag {
  features: Uint32Array;
  size: number;
}

const SCRIPT_KIND_BY_EXTENSION: Record<string, ts.ScriptKind> = {
  ts: ts.ScriptKind.TS,
  mts: ts.ScriptKind.TS,
  cts: ts.ScriptKind.TS,
  tsx: ts.ScriptKind.TSX,
  js: ts.ScriptKind.JS,
  mjs: ts.ScriptKind.JS,
  cjs: ts.ScriptKind.JS,
  jsx: ts.ScriptKind.JSX,
};

export function scriptKindFor(path: string): ts.ScriptKind | undefined {
  const name = path.toLowerCase();
  if (name.endsWith('.d.ts')) return ts.ScriptKind.TS;
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '';
  return SCRIPT_KIND_BY_EXTENSION[extension];
}

export function isAstComparable(path: string): boolean {
  return scriptKindFor(path) !== undefined;
}

/**
 * Structural features of a TS/JS source, from one parse with the TypeScript compiler API:
 *   - every node's label paired with its parent's kind ("parent>label"), and
 *   - every n-gram (default 3) of consecutive labels in pre-order.
 * A label is the node's SyntaxKind, plus the text for identifiers and literals, so renaming a
 * variable or changing a constant counts as a change, while comments and formatting (which are
 * trivia, not nodes) do not. Parent pairs capture nesting; pre-order n-grams capture sibling
 * order. The Dice coefficient of two such multisets approximates a normalised tree-edit
 * similarity at linear cost.
 */
export function astFeatureBag(text: string, path: string, ngramSize: number): FeatureBag {
  const walker = new FeatureWalker(text.length);
  walker.walk(parseSource(text, path));
  return toBag(walker.parentPairs.view(), walker.labels.view(), ngramSize);
}

/** One parse with the compiler API, without parent pointers; JSDoc is trivia here (forEachChild never visits it). */
export function parseSource(text: string, path: string): ts.SourceFile {
  return createSourceFile(path || 'file.ts', text, PARSE_OPTIONS, false, scriptKindFor(path) ?? ts.ScriptKind.TS);
}

// Hoisted once: reading `ts.SyntaxKind.X` per node goes through the large namespace object.
const { createSourceFile, forEachChild } = ts;
const PARSE_OPTIONS: ts.CreateSourceFileOptions = {
  languageVersion: ts.ScriptTarget.Latest,
  jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
};
const PARENT_SALT = 0x2545f491;
const NGRAM_SALT = 0x6c8e9cf5;
const UNIGRAM_SALT = 0x1b873593;

/** Kinds whose label includes their text: identifiers and literals. */
const TEXT_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PrivateIdentifier,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.JsxText,
]);
const HAS_TEXT = new Uint8Array(ts.SyntaxKind.Count + 1);
for (const kind of TEXT_KINDS) HAS_TEXT[kind] = 1;

/** Append-only Uint32Array that doubles when full (no boxed numbers, no per-push allocation). */
export class GrowableUint32 {
  private buffer: Uint32Array;
  length = 0;

  constructor(capacity: number) {
    this.buffer = new Uint32Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.buffer.length) this.grow(this.length + 1);
    this.buffer[this.length++] = value;
  }

  /** Appends a run of values at once. */
  append(values: Uint32Array): void {
    if (this.length + values.length > this.buffer.length) this.grow(this.length + values.length);
    this.buffer.set(values, this.length);
    this.length += values.length;
  }

  view(): Uint32Array {
    return this.buffer.subarray(0, this.length);
  }

  private grow(needed: number): void {
    const larger = new Uint32Array(Math.max(needed, this.buffer.length * 2));
    larger.set(this.buffer.subarray(0, this.length));
    this.buffer = larger;
  }
}

/**
 * Parse context of the statements or members of a list, as far as it changes how they parse:
 * top level, or the body of a plain / async / generator / async generator function.
 */
export type ListContext = 'top' | 'function' | 'async' | 'generator' | 'asyncGenerator';

/**
 * One element of a statement or member list: its text range [pos, end) (with leading trivia), its
 * subtree's range in the pre-order label sequence, and what the edit analysis needs to know of it.
 * No reference to the node: the tree can be collected as soon as the walk is done, which keeps it
 * out of the old generation.
 */
export interface ListElement {
  /** start of its first token (after leading trivia). */
  tokenStart: number;
  /** no following text can continue it (it ends with `;`, or `}` of a declaration or block). */
  definitive: boolean;
  /** it makes its file a module (import / export); only looked at in the source file's list. */
  moduleIndicator: boolean;
  pos: number;
  end: number;
  /** index of the element's own label in the pre-order sequence. */
  start: number;
  /** labels in the element's subtree (itself included): its pre-order range is [start, start + size). */
  size: number;
}

/** The statements of a source file or block, or the members of a class declaration. */
export interface StatementList {
  owner: ts.SyntaxKind.SourceFile | ts.SyntaxKind.Block | ts.SyntaxKind.ClassDeclaration;
  /** end of the source file, or of the block / class (just after its closing brace). */
  ownerEnd: number;
  context: ListContext;
  /** nesting depth among lists (the source file is 0). */
  depth: number;
  elements: ListElement[];
}

/** Node kinds a recording walk handles specially (everything else costs it one table lookup). */
const FUNCTION_SCOPE = 1;
const STATIC_BLOCK = 2;
const BLOCK = 3;
const CLASS = 4;
const RECORDING_ROLE = new Uint8Array(ts.SyntaxKind.Count + 1);
for (const kind of [
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
]) {
  RECORDING_ROLE[kind] = FUNCTION_SCOPE;
}
RECORDING_ROLE[ts.SyntaxKind.ClassStaticBlockDeclaration] = STATIC_BLOCK;
RECORDING_ROLE[ts.SyntaxKind.Block] = BLOCK;
RECORDING_ROLE[ts.SyntaxKind.ClassDeclaration] = CLASS;

function functionContextOf(node: ts.Node): ListContext {
  const isAsync = ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword) === true;
  const isGenerator = (node as ts.FunctionLikeDeclarationBase).asteriskToken !== undefined;
  if (isAsync) return isGenerator ? 'asyncGenerator' : 'async';
  return isGenerator ? 'generator' : 'function';
}

/** Describes one list element (its tree must not be referenced from the result). */
export type ElementDescriber = (node: ts.Node, owner: StatementList['owner'], start: number, size: number) => ListElement;

/**
 * Pre-order walk collecting labels and parent pairs, with one callback for the whole tree.
 * With an element describer, it also records every statement list (source file, blocks, members
 * of classes in a top-level context) with each element's pre-order range, so that an edited
 * version of the file can reuse the features of the elements the edit left alone
 * (ast-edit-similarity.analyzer).
 */
export class FeatureWalker {
  readonly labels: GrowableUint32;
  readonly parentPairs: GrowableUint32;
  readonly lists: StatementList[] = [];
  private parentKind = 0;
  /** the list whose direct elements are being visited. */
  private currentList: StatementList | null = null;
  /** null: inside a context whose lists are not recorded (class static blocks). */
  private context: ListContext | null = 'top';
  private listDepth = 0;
  /** set only during a recording walk, so that no reference to the tree outlives it. */
  private describe: ElementDescriber | undefined;

  constructor(textLength: number) {
    // Typical code has one node per 5-10 characters: room for one per 4 rarely needs to grow.
    this.labels = new GrowableUint32(textLength >> 2);
    this.parentPairs = new GrowableUint32(textLength >> 2);
  }

  /** With `describe`, also records the statement lists, with a description of each element. */
  walk(source: ts.SourceFile, describe?: ElementDescriber): void {
    this.parentKind = source.kind;
    this.describe = describe;
    if (describe) {
      this.currentList = { owner: ts.SyntaxKind.SourceFile, ownerEnd: source.end, context: 'top', depth: 0, elements: [] };
      this.lists.push(this.currentList);
      forEachChild(source, this.visitElement);
    } else {
      forEachChild(source, this.visit);
    }
    this.currentList = null;
    this.describe = undefined;
  }

  /** Walks sibling nodes as children of a node of `parentKind` (a reparsed run of list elements). */
  walkNodes(nodes: readonly ts.Node[], parentKind: ts.SyntaxKind): void {
    this.parentKind = parentKind;
    for (const node of nodes) this.visit(node);
  }

  private readonly visit = (node: ts.Node): undefined => {
    const kind = node.kind;
    const label = HAS_TEXT[kind] === 1 ? combine(kind, hashString((node as ts.Identifier | ts.LiteralLikeNode).text)) : kind;
    this.labels.push(label);
    this.parentPairs.push(combine(combine(PARENT_SALT, this.parentKind), label));
    const saved = this.parentKind;
    this.parentKind = kind;
    if (this.describe !== undefined && RECORDING_ROLE[kind] !== 0) this.visitRecorded(node, RECORDING_ROLE[kind]);
    else forEachChild(node, this.visit);
    this.parentKind = saved;
    return undefined;
  };

  /** A direct child of a recorded list's owner: visited, then described if it is an element. */
  private readonly visitElement = (node: ts.Node): undefined => {
    const list = this.currentList!;
    const start = this.labels.length;
    this.visit(node);
    const isElement =
      list.owner === ts.SyntaxKind.ClassDeclaration ? ts.isClassElement(node) : node.kind !== ts.SyntaxKind.EndOfFileToken;
    if (isElement) list.elements.push(this.describe!(node, list.owner, start, this.labels.length - start));
    return undefined;
  };

  private visitRecorded(node: ts.Node, role: number): void {
    const savedContext = this.context;
    const savedList = this.currentList;
    const savedDepth = this.listDepth;
    let list: StatementList | null = null;
    if (role === FUNCTION_SCOPE) this.context = functionContextOf(node);
    else if (role === STATIC_BLOCK) this.context = null;
    else if (role === BLOCK && this.context !== null) {
      list = { owner: ts.SyntaxKind.Block, ownerEnd: node.end, context: this.context, depth: this.listDepth + 1, elements: [] };
    } else if (role === CLASS && this.context === 'top') {
      list = { owner: ts.SyntaxKind.ClassDeclaration, ownerEnd: node.end, context: 'top', depth: this.listDepth + 1, elements: [] };
    }
    if (list) {
      this.lists.push(list);
      this.listDepth = list.depth;
      this.currentList = list;
      forEachChild(node, this.visitElement);
    } else {
      forEachChild(node, this.visit);
    }
    this.context = savedContext;
    this.currentList = savedList;
    this.listDepth = savedDepth;
  }
}

const TOKEN = /[A-Za-z_$][\w$]*|\d+(?:\.\d+)?|[^\s\w]/g;

/** Unigram and bigram multiset of a text's tokens (words, numbers, single punctuation marks). */
export function tokenFeatureBag(text: string): FeatureBag {
  const words = text.match(TOKEN) ?? [];
  const tokens = new Uint32Array(words.length);
  const unigrams = new Uint32Array(words.length);
  for (let index = 0; index < words.length; index += 1) {
    tokens[index] = hashString(words[index]);
    unigrams[index] = combine(UNIGRAM_SALT, tokens[index]);
  }
  return toBag(unigrams, tokens, 2);
}

/** The bag of `plain` features plus every `ngramSize`-gram of `sequence`, sorted. */
export function toBag(plain: Uint32Array, sequence: Uint32Array, ngramSize: number): FeatureBag {
  const gramCount = ngramSize >= 2 ? Math.max(0, sequence.length - ngramSize + 1) : 0;
  const features = new Uint32Array(plain.length + gramCount);
  features.set(plain);
  for (let start = 0; start < gramCount; start += 1) features[plain.length + start] = ngramAt(sequence, start, ngramSize);
  radixSort(features);
  return { features, size: features.length };
}

/** The feature of the n-gram of `sequence` that starts at `start`. */
export function ngramAt(sequence: Uint32Array, start: number, ngramSize: number): number {
  let gram = NGRAM_SALT;
  for (let offset = 0; offset < ngramSize; offset += 1) gram = combine(gram, sequence[start + offset]);
  return gram;
}

/** Features in a bag of `plainCount` plain features and the n-grams of a `sequenceLength` sequence. */
export function bagSize(plainCount: number, sequenceLength: number, ngramSize: number): number {
  return plainCount + (ngramSize >= 2 ? Math.max(0, sequenceLength - ngramSize + 1) : 0);
}

/** In-place ascending sort of 32-bit values: four 8-bit LSD passes, linear time (the bags get large). */
export function radixSort(values: Uint32Array): void {
  if (values.length < 64) {
    values.sort();
    return;
  }
  let source: Uint32Array = values;
  let target: Uint32Array = new Uint32Array(values.length);
  const counts = new Uint32Array(256);
  for (let shift = 0; shift < 32; shift += 8) {
    counts.fill(0);
    for (let index = 0; index < source.length; index += 1) counts[(source[index] >>> shift) & 0xff] += 1;
    let offset = 0;
    for (let bucket = 0; bucket < 256; bucket += 1) {
      const count = counts[bucket];
      counts[bucket] = offset;
      offset += count;
    }
    for (let index = 0; index < source.length; index += 1) {
      const value = source[index];
      target[counts[(value >>> shift) & 0xff]++] = value;
    }
    const swap = source;
    source = target;
    target = swap;
  }
  // Four passes: the sorted data is back in `values`.
}

/** FNV-1a over UTF-16 code units. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Order-sensitive 32-bit mix of two values (murmur3 finaliser). */
function combine(left: number, right: number): number {
  let hash = Math.imul(left ^ 0x9e3779b9, 0x85ebca6b) ^ right;
  hash = Math.imul(hash ^ (hash >>> 16), 0x7feb352d);
  hash = Math.imul(hash ^ (hash >>> 15), 0x846ca68b);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** Dice coefficient of two multisets: 2·|A∩B| / (|A|+|B|); 1 when both are empty. */
export function diceSimilarity(left: FeatureBag, right: FeatureBag): number {
  if (left.size === 0 && right.size === 0) return 1;
  return (2 * sharedCount(left.features, right.features)) / (left.size + right.size);
}

/** Size of the multiset intersection of two sorted feature arrays (one merge pass). */
export function sharedCount(a: Uint32Array, b: Uint32Array): number {
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (a[i] < b[j]) {
      i += 1;
    } else {
      j += 1;
    }
  }
  return shared;
}

/** Feature bag for either kind of file: AST for TS/JS, tokens otherwise. */
export function featureBagFor(text: string, path: string, ngramSize: number): FeatureBag {
  return isAstComparable(path) ? astFeatureBag(text, path, ngramSize) : tokenFeatureBag(text);
}
