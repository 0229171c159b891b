import { RandomSource } from './seeded-random';

/**
 * Standard normal deviates by the ziggurat method (Marsaglia & Tsang 2000, in Doornik's 2005
 * ZIGNOR form with 128 layers). About 98.8% of draws take one uniform, a table lookup and a
 * multiply — no logarithm or trigonometry — which is what makes the Monte-Carlo propensity of
 * Thompson sampling cheap. Exact, not an approximation: the wedges and the tail are sampled by
 * rejection.
 *
 * One 32-bit uniform feeds both the layer (low 7 bits) and the position within it (the other
 * 25 bits): disjoint bits, so the two are independent (the original's reuse of the same bits for
 * both is the known flaw Doornik corrects).
 */
const LAYERS = 128;
export const ZIGGURAT_LAYER_MASK = LAYERS - 1;
/** where the tail starts, and the common area of every layer, for 128 layers. */
const TAIL_START = 3.442619855899;
const LAYER_AREA = 9.91256303526217e-3;
export const TWO_POW_32 = 4294967296;
export const TWO_POW_24 = 16777216;

/** x-coordinate of each layer's right edge; [0] is the base layer's width, area / f(r). */
export const ZIGGURAT_EDGES = new Float64Array(LAYERS + 1);
/** ZIGGURAT_EDGES[i + 1] / ZIGGURAT_EDGES[i]: below this ratio a point lies inside the rectangle, always accepted. */
export const ZIGGURAT_INNER_RATIOS = new Float64Array(LAYERS);
{
  let density = Math.exp(-0.5 * TAIL_START * TAIL_START);
  ZIGGURAT_EDGES[0] = LAYER_AREA / density;
  ZIGGURAT_EDGES[1] = TAIL_START;
  ZIGGURAT_EDGES[LAYERS] = 0;
  for (let layer = 2; layer < LAYERS; layer += 1) {
    ZIGGURAT_EDGES[layer] = Math.sqrt(-2 * Math.log(LAYER_AREA / ZIGGURAT_EDGES[layer - 1] + density));
    density = Math.exp(-0.5 * ZIGGURAT_EDGES[layer] * ZIGGURAT_EDGES[layer]);
  }
  for (let layer = 0; layer < LAYERS; layer += 1) ZIGGURAT_INNER_RATIOS[layer] = ZIGGURAT_EDGES[layer + 1] / ZIGGURAT_EDGES[layer];
}

/** The slow path's result slot: a typed array, so passing a double back allocates nothing. */
const SLOW_PATH_SAMPLE = new Float64Array(1);

export function standardNormal(random: RandomSource): number {
  for (;;) {
    const bits = random.next() * TWO_POW_32;
    const layer = bits & ZIGGURAT_LAYER_MASK;
    const position = (bits >>> 7) / TWO_POW_24 - 1; // 25 bits → [-1, 1)
    if (Math.abs(position) < ZIGGURAT_INNER_RATIOS[layer]) return position * ZIGGURAT_EDGES[layer];
    if (zigguratOutsideRectangle(random, layer, position, SLOW_PATH_SAMPLE)) return SLOW_PATH_SAMPLE[0];
  }
}

/**
 * The rare slow path (about 1.2% of draws): a point outside its layer's inner rectangle, in the
 * wedge or (base layer) the tail. Writes the accepted value into `sample[0]` and returns true, or
 * returns false when the point is rejected and a new one must be drawn. A returned double would
 * be boxed by V8 and, merged with the fast path's value, box that one too.
 */
export function zigguratOutsideRectangle(random: RandomSource, layer: number, position: number, sample: Float64Array): boolean {
  if (layer === 0) {
    sample[0] = normalTail(random, position < 0);
    return true;
  }
  const x = position * ZIGGURAT_EDGES[layer];
  const upper = Math.exp(-0.5 * (ZIGGURAT_EDGES[layer] * ZIGGURAT_EDGES[layer] - x * x));
  const lower = Math.exp(-0.5 * (ZIGGURAT_EDGES[layer + 1] * ZIGGURAT_EDGES[layer + 1] - x * x));
  if (lower + random.next() * (upper - lower) >= 1) return false;
  sample[0] = x;
  return true;
}

/** Marsaglia's exact sampler of the normal tail beyond TAIL_START. */
function normalTail(random: RandomSource, negative: boolean): number {
  let x = 0;
  let y = 0;
  do {
    x = Math.log(positiveUniform(random)) / TAIL_START;
    y = Math.log(positiveUniform(random));
  } while (-2 * y < x * x);
  return negative ? x - TAIL_START : TAIL_START - x;
}

function positiveUniform(random: RandomSource): number {
  let value = random.next();
  while (value <= 0) value = random.next();
  return value;
}
