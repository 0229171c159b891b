import { standardNormalCdf } from '../strategies/posterior-confidence';
import { createSeededRandom } from './seeded-random';
import { standardNormal } from './ziggurat-normal';

describe('standardNormal (ziggurat)', () => {
  const draws = 200_000;
  const values = (() => {
    const random = createSeededRandom('ziggurat');
    return Float64Array.from({ length: draws }, () => standardNormal(random));
  })();

  it('has mean 0, variance 1 and kurtosis 3', () => {
    let sum = 0;
    let squares = 0;
    let fourth = 0;
    for (const value of values) {
      sum += value;
      squares += value * value;
      fourth += value ** 4;
    }
    expect(Math.abs(sum / draws)).toBeLessThan(0.01);
    expect(Math.abs(squares / draws - 1)).toBeLessThan(0.01);
    expect(Math.abs(fourth / draws - 3)).toBeLessThan(0.06);
  });

  it('matches the normal CDF in the body, the wedges and both tails (beyond the base layer at 3.44)', () => {
    // 5 standard errors of a binomial proportion over 200,000 draws
    for (const point of [-3.6, -3.2, -2.5, -1.7, -1, -0.3, 0, 0.4, 1.2, 2.1, 2.9, 3.44, 3.9]) {
      const share = values.filter((value) => value < point).length / draws;
      const expected = standardNormalCdf(point);
      expect(Math.abs(share - expected)).toBeLessThan(5 * Math.sqrt((expected * (1 - expected)) / draws) + 1e-5);
    }
    expect(values.some((value) => value > 3.5)).toBe(true);
    expect(values.some((value) => value < -3.5)).toBe(true);
  });

  it('repeats for a seed', () => {
    const first = createSeededRandom(7);
    const again = createSeededRandom(7);
    const sequence = Array.from({ length: 20 }, () => standardNormal(first));
    expect(Array.from({ length: 20 }, () => standardNormal(again))).toEqual(sequence);
  });
});
