import { loadFixture } from '../cases/fixture.loader';
import { buildChangeSet } from '../diff/change-set.builder';
import { DEFAULT_EVALUATION_CONFIG } from '../evaluation.config';
import type { MinimalDiffConfig } from '../evaluation.types';
import { analyzeMinimalDiff, piecewiseLinear } from './minimal-diff.analyzer';
import { astFeatureBag, diceSimilarity, tokenFeatureBag } from './similarity.analyzer';

const CONFIG = DEFAULT_EVALUATION_CONFIG.minimalDiff;
const SOURCE = loadFixture('one-line-bugfix').files[0].before;

const astSimilarity = (before: string, after: string, path = 'src/a.ts'): number =>
  diceSimilarity(astFeatureBag(before, path, 3), astFeatureBag(after, path, 3));

describe('AST similarity', () => {
  it('is 1 for identical code and for comment or formatting changes', () => {
    expect(astSimilarity(SOURCE, SOURCE)).toBe(1);
    const reformatted = SOURCE.replace(/\n {2}/g, '\n    ').replace('export function pageOf', '// helper\nexport function pageOf');
    expect(reformatted).not.toBe(SOURCE);
    expect(astSimilarity(SOURCE, reformatted)).toBe(1);
  });

  it('drops with the size of the change', () => {
    const oneToken = SOURCE.replace('totalItems - 1)', 'totalItems)');
    const renamed = SOURCE.replace(/pageSize/g, 'size');
    const rewritten = 'export const pageWindow = (page: number) => ({ start: page, end: page + 1 });\n';
    const small = astSimilarity(SOURCE, oneToken);
    const rename = astSimilarity(SOURCE, renamed);
    const total = astSimilarity(SOURCE, rewritten);
    expect(small).toBeGreaterThan(0.95);
    expect(small).toBeLessThan(1);
    expect(rename).toBeLessThan(small);
    expect(total).toBeLessThan(0.3);
  });

  it('reads TSX and JS', () => {
    const jsx = 'export const A = () => <div className="a">{label}</div>;';
    expect(astSimilarity(jsx, jsx.replace('"a"', '"b"'), 'src/a.tsx')).toBeLessThan(1);
    expect(astSimilarity('module.exports = { a: 1 };', 'module.exports = { a: 1 };', 'x.cjs')).toBe(1);
  });
});

describe('token similarity', () => {
  it('compares token unigrams and bigrams', () => {
    const yaml = 'name: app\nreplicas: 1\nimage: app:1.2\n';
    const bag = tokenFeatureBag(yaml);
    expect(diceSimilarity(bag, tokenFeatureBag(yaml))).toBe(1);
    const changed = diceSimilarity(bag, tokenFeatureBag(yaml.replace('replicas: 1', 'replicas: 3')));
    expect(changed).toBeGreaterThan(0.7);
    expect(changed).toBeLessThan(1);
    expect(diceSimilarity(bag, tokenFeatureBag('completely different words here'))).toBe(0);
  });
});

describe('piecewiseLinear', () => {
  const points = CONFIG.linesScorePoints;
  it('is flat outside the points and linear between them', () => {
    expect(piecewiseLinear(points, 0)).toBe(1);
    expect(piecewiseLinear(points, 0.1)).toBe(1);
    expect(piecewiseLinear(points, 0.2)).toBeCloseTo(0.85, 10);
    expect(piecewiseLinear(points, 0.45)).toBeCloseTo(0.55, 10);
    expect(piecewiseLinear(points, 1)).toBe(0.1);
    expect(piecewiseLinear(points, 7)).toBe(0.1);
  });
});

describe('analyzeMinimalDiff', () => {
  const analyze = (name: string, withFiles: boolean, config: MinimalDiffConfig = CONFIG, exempt = false) => {
    const fixture = loadFixture(name);
    return analyzeMinimalDiff(buildChangeSet({ diff: fixture.diff, files: withFiles ? fixture.files : undefined }), config, exempt);
  };

  it('ranks the one-line fix above the scaffolded fix above the comment-only change', () => {
    const fix = analyze('one-line-bugfix', true).metrics;
    const scaffolded = analyze('scaffolded-bugfix', true).metrics;
    const commentOnly = analyze('comment-only', true).metrics;
    expect(fix.rewardMultiplier).toBeGreaterThan(0.95);
    expect(fix.rewardMultiplier).toBeGreaterThan(scaffolded.rewardMultiplier);
    expect(scaffolded.rewardMultiplier).toBeGreaterThan(commentOnly.rewardMultiplier);
  });

  it('computes the scaffolding penalty as factor-weighted shares of the added lines', () => {
    const { metrics, scaffolding } = analyze('scaffolded-bugfix', true);
    expect(scaffolding).toMatchObject({ added: 18, comment: 7, import: 2, whitespace: 4, emptyFunction: 4, code: 1 });
    const factors = CONFIG.scaffoldingFactors;
    const expected = (7 * factors.comment + 2 * factors.import + 4 * factors.whitespace + 4 * factors.emptyFunction) / 18;
    expect(metrics.scaffoldingPenalty).toBeCloseTo(expected, 12);
    const blended = CONFIG.astWeight * metrics.astSimilarity + CONFIG.linesWeight * piecewiseLinear(CONFIG.linesScorePoints, metrics.lineChangeRatio);
    expect(metrics.rewardMultiplier).toBeCloseTo(blended * (1 - expected), 12);
  });

  it('penalises a change made only of scaffolding at least scaffoldOnlyPenalty', () => {
    // With the seeds' share-weighted penalty alone, 8 comment lines cost 0.3 and the comment-only
    // change (AST similarity 1: comments are not nodes) would outrank the scaffolded real fix.
    const { metrics, scaffoldOnly } = analyze('comment-only', true);
    expect(scaffoldOnly).toBe(true);
    expect(metrics.astSimilarity).toBe(1);
    expect(metrics.scaffoldingPenalty).toBe(CONFIG.scaffoldOnlyPenalty);
    const withoutRule = analyze('comment-only', true, { ...CONFIG, scaffoldOnlyPenalty: 0 }).metrics;
    expect(withoutRule.scaffoldingPenalty).toBeCloseTo(CONFIG.scaffoldingFactors.comment, 12);
    expect(withoutRule.rewardMultiplier).toBeGreaterThan(analyze('scaffolded-bugfix', true).metrics.rewardMultiplier);
  });

  it('waives the scaffolding penalty for exempt task types (documentation)', () => {
    expect(analyze('comment-only', true, CONFIG, true).metrics.scaffoldingPenalty).toBe(0);
  });

  it('measures line change ratio against the before-sides, with a floor for small files', () => {
    const refactor = analyze('budget-breaking-refactor', true).metrics;
    const baseLines = loadFixture('budget-breaking-refactor').files.reduce((sum, file) => sum + file.before.split('\n').length - 1, 0);
    expect(refactor).toMatchObject({ fileTouchCount: 4, linesAdded: 20, linesRemoved: 16 });
    expect(refactor.lineChangeRatio).toBeCloseTo(36 / Math.max(baseLines, CONFIG.minimumBaseLines), 12);
  });

  it('judges a bare diff close to the diff with contents (why minimumBaseLines exists)', () => {
    const withFiles = analyze('one-line-bugfix', true);
    const diffOnly = analyze('one-line-bugfix', false);
    expect(diffOnly.files[0].basis).toBe('hunks');
    expect(withFiles.files[0].basis).toBe('contents');
    // The hunk shows 7 old lines: without the floor, 2 changed lines would be a 29% change.
    expect(diffOnly.metrics.lineChangeRatio).toBeCloseTo(2 / CONFIG.minimumBaseLines, 12);
    expect(diffOnly.linesScore).toBe(1);
    expect(Math.abs(diffOnly.metrics.rewardMultiplier - withFiles.metrics.rewardMultiplier)).toBeLessThan(0.1);
    const withoutFloor = analyze('one-line-bugfix', false, { ...CONFIG, minimumBaseLines: 1 });
    expect(withoutFloor.linesScore).toBeLessThan(0.75);
  });

  it('keeps the multiplier within [minimumMultiplier, 1]', () => {
    const rewrite = analyzeMinimalDiff(
      buildChangeSet({ files: [{ path: 'src/a.ts', before: SOURCE, after: '// gone\n' }] }),
      CONFIG,
    ).metrics;
    expect(rewrite.rewardMultiplier).toBe(CONFIG.minimumMultiplier);
    expect(rewrite.linesRemoved).toBe(SOURCE.split('\n').length - 1);
  });
});
