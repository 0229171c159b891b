import { RandomSource } from '../random/seeded-random';

/** Test double: returns the given values in order and counts how many were drawn. */
export class ScriptedRandom implements RandomSource {
  draws = 0;

  constructor(private readonly values: number[]) {}

  next(): number {
    if (this.draws >= this.values.length) throw new Error(`scripted random exhausted after ${this.draws} draws`);
    return this.values[this.draws++];
  }
}
