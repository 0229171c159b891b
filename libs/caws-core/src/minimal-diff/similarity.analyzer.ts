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
  const scriptKind = scriptKindFor(path) ?? ts.ScriptKind.TS;
  // JSDoc is trivia here (forEachChild never visits it): skip parsing it.
  const source = createSourceFile(path || 'file.ts', text, PARSE_OPTIONS, false, scriptKind);
  const walker = new FeatureWalker(text.length);
  walker.walk(source);
  return toBag(walker.parentPairs.view(), walker.labels.view(), ngramSize);
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
class GrowableUint32 {
  private buffer: Uint32Array;
  private length = 0;

  constructor(capacity: number) {
    this.buffer = new Uint32Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const larger = new Uint32Array(this.buffer.length * 2);
      larger.set(this.buffer);
      this.buffer = larger;
    }
    this.buffer[this.length++] = value;
  }

  view(): Uint32Array {
    return this.buffer.subarray(0, this.length);
  }
}

/** Pre-order walk collecting labels and parent pairs, with one callback for the whole tree. */
class FeatureWalker {
  readonly labels: GrowableUint32;
  readonly parentPairs: GrowableUint32;
  private parentKind = 0;

  constructor(textLength: number) {
    // Typical code has one node per 5-10 characters.
    this.labels = new GrowableUint32(textLength >> 3);
    this.parentPairs = new GrowableUint32(textLength >> 3);
  }

  walk(source: ts.SourceFile): void {
    this.parentKind = source.kind;
    forEachChild(source, this.visit);
  }

  private readonly visit = (node: ts.Node): undefined => {
    const kind = node.kind;
    const label = HAS_TEXT[kind] === 1 ? combine(kind, hashString((node as ts.Identifier | ts.LiteralLikeNode).text)) : kind;
    this.labels.push(label);
    this.parentPairs.push(combine(combine(PARENT_SALT, this.parentKind), label));
    const saved = this.parentKind;
    this.parentKind = kind;
    forEachChild(node, this.visit);
    this.parentKind = saved;
    return undefined;
  };
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
function toBag(plain: Uint32Array, sequence: Uint32Array, ngramSize: number): FeatureBag {
  const gramCount = ngramSize >= 2 ? Math.max(0, sequence.length - ngramSize + 1) : 0;
  const features = new Uint32Array(plain.length + gramCount);
  features.set(plain);
  for (let start = 0; start < gramCount; start += 1) {
    let gram = NGRAM_SALT;
    for (let offset = 0; offset < ngramSize; offset += 1) gram = combine(gram, sequence[start + offset]);
    features[plain.length + start] = gram;
  }
  radixSort(features);
  return { features, size: features.length };
}

/** In-place ascending sort of 32-bit values: four 8-bit LSD passes, linear time (the bags get large). */
function radixSort(values: Uint32Array): void {
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
  const a = left.features;
  const b = right.features;
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
  return (2 * shared) / (left.size + right.size);
}

/** Feature bag for either kind of file: AST for TS/JS, tokens otherwise. */
export function featureBagFor(text: string, path: string, ngramSize: number): FeatureBag {
  return isAstComparable(path) ? astFeatureBag(text, path, ngramSize) : tokenFeatureBag(text);
}
