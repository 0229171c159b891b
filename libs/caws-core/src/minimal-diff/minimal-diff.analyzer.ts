import { snapshotFor, type ChangeSet } from '../diff/change-set.builder';
import { splitLines } from '../diff/line-diff.algorithm';
import type { DiffFile, DiffHunk } from '../diff/unified-diff.types';
import type { MinimalDiffConfig, MinimalDiffMetrics } from '../evaluation.types';
import { astEditSimilarity } from './ast-edit-similarity.analyzer';
import { classifyDiffFile, type ScaffoldingCounts } from './scaffolding.classifier';
import { diceSimilarity, featureBagFor, isAstComparable } from './similarity.analyzer';

export interface FileSimilarity {
  path: string;
  method: 'ast' | 'token';
  /** 'contents' when before/after were sent, 'hunks' when rebuilt from the diff's hunks. */
  basis: 'contents' | 'hunks';
  similarity: number;
  weight: number;
}

export interface MinimalDiffAnalysis {
  metrics: MinimalDiffMetrics;
  linesScore: number;
  scaffolding: ScaffoldingCounts;
  /** true when every changed line is scaffolding (comments, imports, whitespace, empty functions). */
  scaffoldOnly: boolean;
  files: FileSimilarity[];
}

/**
 * Minimal-diff analysis of a measurable change set:
 *
 * - astSimilarity = Σ_f w_f·dice_f / Σ_f w_f over touched files, where dice_f is the Dice
 *   coefficient of the files' feature multisets (AST features for .ts/.tsx/.js/.jsx/.mjs/.cjs,
 *   token unigrams+bigrams otherwise, see similarity.analyzer) and w_f the larger multiset size.
 *   Sides are the sent before/after contents, else the hunks' old side (context + removed) and
 *   new side (context + added). 1 when no file has content to compare (mode-only changes).
 * - lineChangeRatio = (linesAdded + linesRemoved) / max(baseLines, minimumBaseLines), where
 *   baseLines sums each touched file's before-side line count (or its hunks' old-side lines
 *   when the contents were not sent).
 * - linesScore = piecewise-linear interpolation of linesScorePoints at lineChangeRatio.
 * - scaffoldingPenalty = Σ_k factor_k · share_k over added lines of kind k ∈ {comment, import,
 *   whitespace, emptyFunction}; raised to scaffoldOnlyPenalty when no substantive line was added
 *   or removed; 0 for task types exempt from it.
 * - rewardMultiplier = clamp(clamp01(astWeight·astSimilarity + linesWeight·linesScore)
 *   · (1 − scaffoldingPenalty), minimumMultiplier, 1).
 */
export function analyzeMinimalDiff(
  changeSet: ChangeSet,
  config: MinimalDiffConfig,
  exemptFromScaffoldingPenalty = false,
): MinimalDiffAnalysis {
  const scaffolding: ScaffoldingCounts = {
    added: 0,
    removed: 0,
    comment: 0,
    import: 0,
    whitespace: 0,
    emptyFunction: 0,
    code: 0,
    substantiveRemoved: 0,
  };
  const files: FileSimilarity[] = [];
  let baseLines = 0;
  let linesAdded = 0;
  let linesRemoved = 0;
  for (const file of changeSet.files) {
    linesAdded += file.linesAdded;
    linesRemoved += file.linesRemoved;
    const counts = classifyDiffFile(file);
    for (const key of Object.keys(scaffolding) as Array<keyof ScaffoldingCounts>) scaffolding[key] += counts[key];

    const snapshot = snapshotFor(changeSet, file);
    const sides = snapshot
      ? { before: file.status === 'added' ? '' : snapshot.before, after: file.status === 'deleted' ? '' : snapshot.after }
      : hunkSides(file);
    baseLines += snapshot ? splitLines(sides.before).lines.length : hunkOldLineCount(file);
    if (file.binary) continue;
    const { similarity, weight } = fileSimilarity(sides.before, sides.after, file.oldPath ?? file.path, file.path, config.astNgramSize, snapshot ? file.hunks : undefined);
    if (weight === 0) continue;
    files.push({ path: file.path, method: isAstComparable(file.path) ? 'ast' : 'token', basis: snapshot ? 'contents' : 'hunks', similarity, weight });
  }

  const totalWeight = files.reduce((sum, file) => sum + file.weight, 0);
  const astSimilarity =
    totalWeight === 0 ? 1 : files.reduce((sum, file) => sum + file.weight * file.similarity, 0) / totalWeight;
  const changedLines = linesAdded + linesRemoved;
  const lineChangeRatio = changedLines / Math.max(baseLines, config.minimumBaseLines);
  const linesScore = piecewiseLinear(config.linesScorePoints, lineChangeRatio);

  const scaffoldOnly = changedLines > 0 && scaffolding.code === 0 && scaffolding.substantiveRemoved === 0;
  let scaffoldingPenalty = 0;
  if (!exemptFromScaffoldingPenalty) {
    if (scaffolding.added > 0) {
      const factors = config.scaffoldingFactors;
      scaffoldingPenalty =
        (factors.comment * scaffolding.comment +
          factors.import * scaffolding.import +
          factors.whitespace * scaffolding.whitespace +
          factors.emptyFunction * scaffolding.emptyFunction) /
        scaffolding.added;
    }
    if (scaffoldOnly) scaffoldingPenalty = Math.max(scaffoldingPenalty, config.scaffoldOnlyPenalty);
  }

  const blended = clamp(config.astWeight * astSimilarity + config.linesWeight * linesScore, 0, 1);
  const rewardMultiplier = clamp(blended * (1 - scaffoldingPenalty), config.minimumMultiplier, 1);
  return {
    metrics: {
      astSimilarity,
      fileTouchCount: changeSet.files.length,
      linesAdded,
      linesRemoved,
      lineChangeRatio,
      scaffoldingPenalty,
      rewardMultiplier,
    },
    linesScore,
    scaffolding,
    scaffoldOnly,
    files,
  };
}

/** Dice similarity of the two sides and its weight (the larger feature multiset). */
function fileSimilarity(
  before: string,
  after: string,
  beforePath: string,
  afterPath: string,
  ngramSize: number,
  hunks: readonly DiffHunk[] | undefined,
): { similarity: number; weight: number } {
  if (isAstComparable(beforePath) && isAstComparable(afterPath)) {
    const edit = astEditSimilarity(before, after, beforePath, afterPath, ngramSize, hunks);
    return { similarity: edit.similarity, weight: Math.max(edit.beforeSize, edit.afterSize) };
  }
  const beforeBag = featureBagFor(before, beforePath, ngramSize);
  const afterBag = featureBagFor(after, afterPath, ngramSize);
  return { similarity: diceSimilarity(beforeBag, afterBag), weight: Math.max(beforeBag.size, afterBag.size) };
}

/** Old and new text of a file rebuilt from its hunks (what a bare diff lets us see). */
export function hunkSides(file: DiffFile): { before: string; after: string } {
  const before: string[] = [];
  const after: string[] = [];
  for (const hunk of file.hunks) {
    for (const line of hunk.lines) {
      if (line.kind !== 'added') before.push(line.text);
      if (line.kind !== 'removed') after.push(line.text);
    }
  }
  return { before: before.join('\n'), after: after.join('\n') };
}

function hunkOldLineCount(file: DiffFile): number {
  let count = 0;
  for (const hunk of file.hunks) for (const line of hunk.lines) if (line.kind !== 'added') count += 1;
  return count;
}

/** Linear interpolation between [x, y] points (ascending x), flat beyond the first and last. */
export function piecewiseLinear(points: ReadonlyArray<readonly [number, number]>, x: number): number {
  if (points.length === 0) return 1;
  if (x <= points[0][0]) return points[0][1];
  for (let index = 1; index < points.length; index += 1) {
    const [x1, y1] = points[index];
    if (x === x1) return y1;
    if (x < x1) {
      const [x0, y0] = points[index - 1];
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return points[points.length - 1][1];
}

export function clamp(value: number, low: number, high: number): number {
  if (Number.isNaN(value)) return low;
  return Math.min(high, Math.max(low, value));
}
