import { RollingQuantiles } from './rolling-quantiles';

describe('RollingQuantiles', () => {
  it('has no quantile before minSamples observations', () => {
    const quantiles = new RollingQuantiles({ minSamples: 10 });
    for (let value = 1; value <= 9; value++) quantiles.observe('k', value);
    expect(quantiles.quantile('k', 0.5)).toBeUndefined();
    quantiles.observe('k', 10);
    expect(quantiles.quantile('k', 0.5)).toBe(5.5);
  });

  it('computes interpolated quantiles over the window', () => {
    const quantiles = new RollingQuantiles({ windowSize: 1000, minSamples: 1 });
    const shuffled = Array.from({ length: 101 }, (_, index) => index).sort((a, b) => ((a * 37) % 101) - ((b * 37) % 101));
    for (const value of shuffled) quantiles.observe('k', value);
    expect(quantiles.quantile('k', 0)).toBe(0);
    expect(quantiles.quantile('k', 0.99)).toBeCloseTo(99, 10);
    expect(quantiles.quantile('k', 1)).toBe(100);
    expect(quantiles.quantile('k', 0.5)).toBe(50);
  });

  it('forgets observations that slide out of the window', () => {
    const quantiles = new RollingQuantiles({ windowSize: 100, minSamples: 1 });
    for (let index = 0; index < 100; index++) quantiles.observe('k', 1_000);
    for (let index = 0; index < 100; index++) quantiles.observe('k', 1);
    expect(quantiles.count('k')).toBe(100);
    expect(quantiles.quantile('k', 1)).toBe(1);
  });

  it('keeps keys apart and bounds their number', () => {
    const quantiles = new RollingQuantiles({ minSamples: 1, maxKeys: 2 });
    quantiles.observe(RollingQuantiles.key('research', 'latencyMs'), 10);
    quantiles.observe(RollingQuantiles.key('code-editing', 'latencyMs'), 20);
    expect(quantiles.quantile(RollingQuantiles.key('research', 'latencyMs'), 0.5)).toBe(10);
    quantiles.observe(RollingQuantiles.key('design', 'latencyMs'), 30);
    expect(quantiles.count(RollingQuantiles.key('research', 'latencyMs'))).toBe(0);
    expect(quantiles.count(RollingQuantiles.key('design', 'latencyMs'))).toBe(1);
  });

  it('ignores non-finite values and rejects bad options', () => {
    const quantiles = new RollingQuantiles({ minSamples: 1 });
    quantiles.observe('k', Number.NaN);
    quantiles.observe('k', Number.POSITIVE_INFINITY);
    expect(quantiles.count('k')).toBe(0);
    expect(() => new RollingQuantiles({ windowSize: 0 })).toThrow(RangeError);
  });
});
