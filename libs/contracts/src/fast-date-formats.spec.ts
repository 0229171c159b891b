import Ajv from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats';
import { addFastDateFormats } from './fast-date-formats';

const ajv = new Ajv({ strict: false });
addFastDateFormats(ajv);
const fastDate = ajv.compile({ type: 'string', format: 'date' });
const fastDateTime = ajv.compile({ type: 'string', format: 'date-time' });
const fullDate = (fullFormats.date as { validate: (value: string) => boolean }).validate;
const fullDateTime = (fullFormats['date-time'] as { validate: (value: string) => boolean }).validate;

/** deterministic pseudo-random numbers, so a failure reproduces */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const MUTATIONS = '0123456789-:.TtZz+ x';

describe('fast date / date-time formats', () => {
  const samples: string[] = [
    '2026-11-22T12:30:58.000Z', '2026-11-22T12:30:58Z', '2024-02-29T00:00:00Z', '2023-02-29T00:00:00Z', '1900-02-29T00:00:00Z',
    '2000-02-29T23:59:59.123456789Z', '2026-13-01T00:00:00Z', '2026-00-10T00:00:00Z', '2026-04-31T00:00:00Z', '2026-11-22T24:00:00Z',
    '2026-11-22T23:60:00Z', '2026-11-22T23:59:60Z', '2026-11-22T12:30:60Z', '2026-11-22T12:30:60.250Z', '2026-11-22T12:30:61Z', '2026-12-31T23:59:60Z', '2026-11-22T12:30:58.Z', '2026-11-22t12:30:58z',
    '2026-11-22 12:30:58+01:00', '2026-11-22T12:30:58', '2026-11-22T12:30:58.5+05:30', '2026-11-22', '2024-02-29', '2023-02-29',
    '2026-1-22', '20261122', '', 'Z', '2026-11-22T12:30:58.000Zx', '２０２６-11-22T12:30:58Z', '2026-11-22T1a:30:58Z',
  ];
  const next = random(20261122);
  for (let index = 0; index < 20_000; index++) {
    const base = new Date(Math.floor(next() * 8e12) - 2e12).toISOString();
    const chars = [...(next() < 0.5 ? base : base.slice(0, 10))];
    const edits = Math.floor(next() * 3);
    for (let edit = 0; edit < edits; edit++) chars[Math.floor(next() * chars.length)] = MUTATIONS[Math.floor(next() * MUTATIONS.length)];
    samples.push(chars.join(''));
  }

  it('accept exactly the strings ajv-formats\' full formats accept', () => {
    expect(samples.filter((value) => fastDateTime(value) !== fullDateTime(value))).toEqual([]);
    expect(samples.filter((value) => fastDate(value) !== fullDate(value))).toEqual([]);
  });

  it('sees both valid and invalid strings among the samples (the comparison is not vacuous)', () => {
    const validDateTimes = samples.filter((value) => fullDateTime(value)).length;
    expect(validDateTimes).toBeGreaterThan(3_000);
    expect(samples.length - validDateTimes).toBeGreaterThan(3_000);
  });

  it('rejects impossible calendar dates on the fast path', () => {
    expect(fastDateTime('2023-02-29T00:00:00Z')).toBe(false);
    expect(fastDateTime('2026-04-31T10:00:00.000Z')).toBe(false);
    expect(fastDate('2026-06-31')).toBe(false);
    expect(fastDateTime('2024-02-29T00:00:00.000Z')).toBe(true);
  });
});
