import { backoffDelay, clamp01, percentile, stableStringify, summarize } from './index';

describe('utils', () => {
  it('computes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(summarize([3, 1, 2]).max).toBe(3);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });

  it('serialises objects with sorted keys and drops undefined', () => {
    expect(stableStringify({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('grows backoff exponentially up to the ceiling', () => {
    const options = { initialMs: 100, maxMs: 1000, factor: 2 };
    expect(backoffDelay(1, options, () => 1)).toBe(100);
    expect(backoffDelay(3, options, () => 1)).toBe(400);
    expect(backoffDelay(10, options, () => 0)).toBe(500);
  });

  it('clamps non-finite values to 0', () => {
    expect(clamp01(Number.NaN)).toBe(0);
    expect(clamp01(1.5)).toBe(1);
  });
});
