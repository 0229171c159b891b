import { createHash } from 'node:crypto';
import { BatchChecksum, canonicalLine, canonicalRecord, checksumOfRecords, hashFraction } from './canonical-json';

describe('canonical records and the batch checksum', () => {
  it('rounds non-integers to 4 decimals, keeps integers, drops undefined and turns -0 / NaN into 0 / null', () => {
    expect(canonicalRecord({ a: 0.123456, b: 12, c: -0.00001, d: Number.NaN, e: undefined, f: [1 / 3, undefined] })).toEqual({
      a: 0.1235, b: 12, c: 0, d: null, f: [0.3333, null],
    });
    expect(Object.is(canonicalRecord({ c: -0.00001 }).c, 0)).toBe(true);
  });

  it('writes keys sorted without whitespace and non-ASCII unescaped (what json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False) gives)', () => {
    expect(canonicalLine({ zeta: 'é', alpha: [{ y: 1, x: 'a"b' }], mid: null })).toBe('{"alpha":[{"x":"a\\"b","y":1}],"mid":null,"zeta":"é"}');
  });

  it('hashes the lines joined by newlines, the same incrementally and at once', () => {
    const records = [{ b: 1, a: 'x' }, { c: [0.5] }, { d: 'ünïcode' }];
    const incremental = new BatchChecksum();
    for (const record of records) incremental.addLine(canonicalLine(record));
    const expected = createHash('sha256').update('{"a":"x","b":1}\n{"c":[0.5]}\n{"d":"ünïcode"}', 'utf8').digest('hex');
    expect(incremental.digest()).toBe(`sha256:${expected}`);
    expect(checksumOfRecords(records)).toBe(`sha256:${expected}`);
    expect(incremental.count).toBe(3);
  });

  it('changes when a record changes or the order changes', () => {
    const a = checksumOfRecords([{ x: 1 }, { x: 2 }]);
    expect(checksumOfRecords([{ x: 2 }, { x: 1 }])).not.toBe(a);
    expect(checksumOfRecords([{ x: 1 }, { x: 3 }])).not.toBe(a);
  });

  it('maps hashes to [0, 1) roughly uniformly', () => {
    const values = Array.from({ length: 4000 }, (_, index) => hashFraction(`point-${index}`));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const belowTenth = values.filter((value) => value < 0.1).length / values.length;
    expect(belowTenth).toBeGreaterThan(0.08);
    expect(belowTenth).toBeLessThan(0.12);
  });
});
