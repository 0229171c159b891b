/**
 * A small seedable PRNG (sfc32 seeded through a string hash) so every simulated run is
 * reproducible: the same seed gives the same agents, tasks, outcomes and artifacts.
 * `fork(label)` derives an independent stream, so one task's draws never depend on how many
 * draws another task made (concurrency and routing choices cannot shift the sequence).
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: string | number) {
    const [a, b, c, d] = hashToWords(String(seed));
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    // discard the first outputs: sfc32 needs a few rounds to mix a weak seed
    for (let index = 0; index < 12; index++) this.nextUint32();
  }

  /** An independent stream named by `label`, fully determined by this stream's seed and the label. */
  fork(...labels: Array<string | number>): SeededRandom {
    return new SeededRandom(`${String(this.seed)}/${labels.join('/')}`);
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** uniform in [0, 1) */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** uniform integer in [min, max] (both inclusive) */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  bernoulli(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  weightedPick<T>(items: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    if (items.length === 0 || total <= 0) throw new Error('weightedPick needs items with a positive total weight');
    let draw = this.next() * total;
    for (let index = 0; index < items.length; index++) {
      draw -= weights[index];
      if (draw < 0) return items[index];
    }
    return items[items.length - 1];
  }

  /** standard normal through Box–Muller */
  normal(mean = 0, deviation = 1): number {
    const u = Math.max(this.next(), Number.EPSILON);
    const v = this.next();
    return mean + deviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** log-normal around a median: latencies and token counts are skewed to the right */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let index = copy.length - 1; index > 0; index--) {
      const other = Math.floor(this.next() * (index + 1));
      [copy[index], copy[other]] = [copy[other], copy[index]];
    }
    return copy;
  }

  /** a lowercase hex string of the given length (fake ids, hashes, keys) */
  hex(length: number): string {
    let text = '';
    while (text.length < length) text += this.nextUint32().toString(16).padStart(8, '0');
    return text.slice(0, length);
  }

  /** characters drawn from an alphabet (fake API keys) */
  characters(alphabet: string, length: number): string {
    let text = '';
    for (let index = 0; index < length; index++) text += alphabet[Math.floor(this.next() * alphabet.length)];
    return text;
  }
}

/** cyrb128: four well-mixed 32-bit words from a string */
function hashToWords(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = h2 ^ Math.imul(h1 ^ code, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ code, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ code, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ code, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
