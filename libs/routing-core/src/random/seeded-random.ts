import { randomInt } from 'node:crypto';

/**
 * Every random choice in routing goes through a RandomSource so that a decision, a simulation or
 * a bootstrap is reproducible from its seed. Production passes a source seeded from crypto.
 */
export interface RandomSource {
  /** uniform in [0, 1). */
  next(): number;
}

/** mulberry32: a 32-bit state PRNG, fast and good enough for sampling (not for secrets). */
export class Mulberry32Random implements RandomSource {
  // a typed array, not a number field: a 32-bit value in an object field is a heap-allocated
  // number in V8, and a decision draws thousands of uniforms
  private readonly state = new Uint32Array(1);

  constructor(seed: number) {
    this.state[0] = seed >>> 0;
  }

  next(): number {
    this.state[0] = this.state[0] + 0x6d2b79f5;
    let value = this.state[0];
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  }
}

export function createSeededRandom(seed: number | string): RandomSource {
  return new Mulberry32Random(typeof seed === 'number' ? seed : hashSeed(seed));
}

/** An independent stream derived from a parent, so sub-computations do not shift each other's draws. */
export function forkRandom(parent: RandomSource): RandomSource {
  return new Mulberry32Random(Math.floor(parent.next() * 4294967296));
}

/** A source seeded from the OS entropy pool, for production decisions. */
export function createEntropyRandom(): RandomSource {
  return new Mulberry32Random(randomInt(0, 2 ** 32));
}

/** FNV-1a of a string: turns a textual seed (a run id, a test name) into a 32-bit seed. */
export function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function randomIndex(random: RandomSource, length: number): number {
  return Math.min(length - 1, Math.floor(random.next() * length));
}
