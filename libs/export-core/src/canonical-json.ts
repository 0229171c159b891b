import { createHash, Hash } from 'node:crypto';
import { sha256Hex, stableStringify } from '@benchpool/utils';

/** Decimal places every non-integer number in a record is rounded to (see `canonicalRecord`). */
export const RECORD_DECIMALS = 4;
const SCALE = 10 ** RECORD_DECIMALS;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonRecord = { [key: string]: JsonValue };

/**
 * Makes a record reproducible byte for byte in any language: non-integers are rounded to 4
 * decimals (so neither JavaScript nor Python ever writes them in exponent notation: both print
 * the shortest round-trip decimal, and the two only disagree on when to switch to exponents,
 * which happens below 1e-4 in Python), -0 becomes 0, non-finite numbers and `undefined`
 * become null / disappear.
 */
export function canonicalRecord<T>(value: T): T {
  return normalise(value) as T;
}

function normalise(value: unknown): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    const rounded = Number.isInteger(value) ? value : Math.round(value * SCALE) / SCALE;
    return rounded === 0 ? 0 : rounded;
  }
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : normalise(item)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) if (item !== undefined) out[key] = normalise(item);
    return out;
  }
  return value;
}

/**
 * One record's canonical JSON line: keys sorted, no whitespace, non-ASCII written as is. Python
 * reproduces it with `json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`.
 */
export function canonicalLine(record: unknown): string {
  return stableStringify(record);
}

/**
 * The end marker's checksum: `sha256:` + hex sha256 of the records' canonical lines joined by
 * '\n' (no trailing newline), UTF-8 encoded, in sequence order. Fed one line at a time so a large
 * batch never has to be held as one string.
 */
export class BatchChecksum {
  private readonly hash: Hash = createHash('sha256');
  private lines = 0;

  addLine(line: string): void {
    if (this.lines > 0) this.hash.update('\n');
    this.hash.update(line, 'utf8');
    this.lines += 1;
  }

  get count(): number {
    return this.lines;
  }

  digest(): string {
    return `sha256:${this.hash.digest('hex')}`;
  }
}

/** The same checksum over records already in memory (tests, the CLI's verification). */
export function checksumOfRecords(records: unknown[]): string {
  return `sha256:${sha256Hex(records.map((record) => canonicalLine(record)).join('\n'))}`;
}

/** A number in [0, 1) from a string's sha256: drives the train/eval split and the deterministic order. */
export function hashFraction(input: string): number {
  return parseInt(sha256Hex(input).slice(0, 13), 16) / 2 ** 52;
}
