import { randomBytes } from 'node:crypto';

/** Uniform doubles in [0, 1). Injected so tests can be deterministic; production uses crypto. */
export type RandomSource = () => number;

const TWO_POW_53 = 2 ** 53;
const BATCH_VALUES = 512;

/**
 * Cryptographically seeded uniform doubles with 53 random bits each, drawn from
 * `crypto.randomBytes` in batches so one release does not pay a system call.
 */
export function cryptoRandomSource(): RandomSource {
  let buffer = randomBytes(BATCH_VALUES * 8);
  let offset = 0;
  return () => {
    if (offset >= buffer.length) {
      buffer = randomBytes(BATCH_VALUES * 8);
      offset = 0;
    }
    const high = buffer.readUInt32BE(offset) >>> 5; // 27 bits
    const low = buffer.readUInt32BE(offset + 4) >>> 6; // 26 bits
    offset += 8;
    return (high * 67108864 + low) / TWO_POW_53;
  };
}

/**
 * Deterministic xoshiro128** generator for tests and reproducible simulations. Never use it
 * for a real release: its output is predictable, which voids the privacy guarantee.
 */
export function seededRandomSource(seed: number): RandomSource {
  // SplitMix32 expands the seed into the four state words.
  let state = seed >>> 0;
  const splitMix = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 16), 0x85ebca6b) >>> 0;
    value = Math.imul(value ^ (value >>> 13), 0xc2b2ae35) >>> 0;
    return (value ^ (value >>> 16)) >>> 0;
  };
  let a = splitMix();
  let b = splitMix();
  let c = splitMix();
  let d = splitMix();
  const next32 = (): number => {
    const result = Math.imul(rotateLeft(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const shifted = (b << 9) >>> 0;
    c = (c ^ a) >>> 0;
    d = (d ^ b) >>> 0;
    b = (b ^ c) >>> 0;
    a = (a ^ d) >>> 0;
    c = (c ^ shifted) >>> 0;
    d = rotateLeft(d, 11);
    return result;
  };
  return () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / TWO_POW_53;
}

function rotateLeft(value: number, bits: number): number {
  return ((value << bits) | (value >>> (32 - bits))) >>> 0;
}
