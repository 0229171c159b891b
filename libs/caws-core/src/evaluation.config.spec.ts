import {
  canonicalJson,
  configFingerprint,
  createEvaluationConfig,
  DEFAULT_EVALUATION_CONFIG,
  validateEvaluationConfig,
} from './evaluation.config';

describe('evaluation config', () => {
  it('has valid defaults with the ARCHITECTURE.md tier thresholds', () => {
    expect(validateEvaluationConfig(DEFAULT_EVALUATION_CONFIG)).toEqual([]);
    const tiers = DEFAULT_EVALUATION_CONFIG.riskTiers;
    expect([tiers[1], tiers[2], tiers[3]].map((tier) => [tier.branchCoverage, tier.mutationScore])).toEqual([
      [0.9, 0.7],
      [0.8, 0.5],
      [0.7, 0.3],
    ]);
    expect(Object.isFrozen(DEFAULT_EVALUATION_CONFIG.minimalDiff.scaffoldingFactors)).toBe(true);
  });

  it('merges overrides deeply and replaces arrays', () => {
    const config = createEvaluationConfig({
      riskTiers: { 3: { mandatoryGates: ['tests-pass'] } },
      minimalDiff: { scaffoldingFactors: { comment: 0.5 } },
    });
    expect(config.riskTiers[3]).toEqual({ branchCoverage: 0.7, mutationScore: 0.3, mandatoryGates: ['tests-pass'] });
    expect(config.minimalDiff.scaffoldingFactors).toEqual({ comment: 0.5, import: 0.2, whitespace: 0.1, emptyFunction: 0.4 });
    expect(DEFAULT_EVALUATION_CONFIG.minimalDiff.scaffoldingFactors.comment).toBe(0.3);
  });

  it('refuses an invalid config and names what is wrong', () => {
    expect(() => createEvaluationConfig({ riskTiers: { 1: { branchCoverage: 1.5 } } })).toThrow(/riskTiers\.1\.branchCoverage/);
    expect(() => createEvaluationConfig({ turnWeights: { safety: 0.5 } })).toThrow(/turnWeights must sum to 1/);
    expect(() => createEvaluationConfig({ defaultProfile: { gates: ['tests-pass', 'vibes' as never] } })).toThrow(/defaultProfile\.gates/);
    expect(() => createEvaluationConfig({ minimalDiff: { linesScorePoints: [[0.5, 1], [0.2, 0.5]] } })).toThrow(/ascending/);
    expect(() => createEvaluationConfig({ stateChangingToolPattern: '(' })).toThrow(/stateChangingToolPattern/);
  });

  it('fingerprints configs by value, not by key order', () => {
    const same = createEvaluationConfig({});
    expect(configFingerprint(same)).toBe(configFingerprint(DEFAULT_EVALUATION_CONFIG));
    const changed = createEvaluationConfig({ failedTaskFactor: 0.3 });
    expect(configFingerprint(changed)).not.toBe(configFingerprint(DEFAULT_EVALUATION_CONFIG));
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe(canonicalJson({ a: [2, { c: 4, d: 3 }], b: 1 }));
  });

  it('remembers the fingerprint of a frozen config only: a mutable one is fingerprinted again', () => {
    const mutable = structuredClone(DEFAULT_EVALUATION_CONFIG);
    const first = configFingerprint(mutable);
    expect(first).toBe(configFingerprint(DEFAULT_EVALUATION_CONFIG));
    mutable.failedTaskFactor = 0.3;
    expect(configFingerprint(mutable)).toBe(configFingerprint(createEvaluationConfig({ failedTaskFactor: 0.3 })));
    expect(configFingerprint(mutable)).not.toBe(first);
  });
});
