import * as ts from 'typescript';

/** Multiset of features: feature → count, plus the total count. */
export interface FeatureBag {
  counts: Map<string, number>;
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
  const source = ts.createSourceFile(path || 'file.ts', text, ts.ScriptTarget.Latest, false, scriptKind);
  const counts = new Map<string, number>();
  const labels: string[] = [];
  const add = (feature: string): void => {
    counts.set(feature, (counts.get(feature) ?? 0) + 1);
  };
  const visit = (node: ts.Node, parentKind: number): void => {
    const label = labelOf(node);
    labels.push(label);
    add(`${parentKind}>${label}`);
    ts.forEachChild(node, (child) => visit(child, node.kind));
  };
  ts.forEachChild(source, (child) => visit(child, source.kind));
  addNgrams(labels, ngramSize, add);
  return { counts, size: totalOf(counts) };
}

function labelOf(node: ts.Node): string {
  switch (node.kind) {
    case ts.SyntaxKind.Identifier:
    case ts.SyntaxKind.PrivateIdentifier:
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.RegularExpressionLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateHead:
    case ts.SyntaxKind.TemplateMiddle:
    case ts.SyntaxKind.TemplateTail:
    case ts.SyntaxKind.JsxText:
      return `${node.kind}:${(node as ts.Identifier | ts.LiteralLikeNode).text}`;
    default:
      return `${node.kind}`;
  }
}

const TOKEN = /[A-Za-z_$][\w$]*|\d+(?:\.\d+)?|[^\s\w]/g;

/** Unigram and bigram multiset of a text's tokens (words, numbers, single punctuation marks). */
export function tokenFeatureBag(text: string): FeatureBag {
  const counts = new Map<string, number>();
  const add = (feature: string): void => {
    counts.set(feature, (counts.get(feature) ?? 0) + 1);
  };
  const tokens = text.match(TOKEN) ?? [];
  for (const token of tokens) add(token);
  addNgrams(tokens, 2, add);
  return { counts, size: totalOf(counts) };
}

function addNgrams(items: string[], size: number, add: (feature: string) => void): void {
  if (size < 2) return;
  for (let start = 0; start + size <= items.length; start += 1) {
    let gram = items[start];
    for (let offset = 1; offset < size; offset += 1) gram += `|${items[start + offset]}`;
    add(`#${gram}`);
  }
}

function totalOf(counts: Map<string, number>): number {
  let total = 0;
  for (const count of counts.values()) total += count;
  return total;
}

/** Dice coefficient of two multisets: 2·|A∩B| / (|A|+|B|); 1 when both are empty. */
export function diceSimilarity(left: FeatureBag, right: FeatureBag): number {
  if (left.size === 0 && right.size === 0) return 1;
  const [small, large] = left.counts.size <= right.counts.size ? [left, right] : [right, left];
  let shared = 0;
  for (const [feature, count] of small.counts) {
    const other = large.counts.get(feature);
    if (other !== undefined) shared += Math.min(count, other);
  }
  return (2 * shared) / (left.size + right.size);
}

/** Feature bag for either kind of file: AST for TS/JS, tokens otherwise. */
export function featureBagFor(text: string, path: string, ngramSize: number): FeatureBag {
  return isAstComparable(path) ? astFeatureBag(text, path, ngramSize) : tokenFeatureBag(text);
}
