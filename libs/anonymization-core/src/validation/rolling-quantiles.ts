export interface RollingQuantilesOptions {
  /** Most recent observations kept per key. */
  windowSize?: number;
  /** Below this many observations a key has no quantile yet (too little to call anything an outlier). */
  minSamples?: number;
  /** Bound on distinct keys (task type × metric); the least recently updated key is dropped first. */
  maxKeys?: number;
}

interface Window {
  ring: Float64Array;
  sorted: Float64Array;
  size: number;
  next: number;
}

/**
 * Exact quantiles over a sliding window of the last N observations per key, kept in memory by
 * one service replica. A sorted copy of the window is maintained by binary insertion, so a
 * quantile is a lookup and an observation costs one memmove of at most N doubles.
 */
export class RollingQuantiles {
  readonly windowSize: number;
  readonly minSamples: number;
  readonly maxKeys: number;
  private readonly windows = new Map<string, Window>();

  constructor(options: RollingQuantilesOptions = {}) {
    this.windowSize = options.windowSize ?? 1024;
    this.minSamples = options.minSamples ?? 50;
    this.maxKeys = options.maxKeys ?? 5000;
    if (!Number.isInteger(this.windowSize) || this.windowSize < 1) throw new RangeError('windowSize must be a positive integer');
    if (!Number.isInteger(this.minSamples) || this.minSamples < 1) throw new RangeError('minSamples must be a positive integer');
  }

  /** Key for one metric of one task type. */
  static key(taskType: string, metric: string): string {
    return `${taskType}\u0000${metric}`;
  }

  observe(key: string, value: number): void {
    if (!Number.isFinite(value)) return;
    let window = this.windows.get(key);
    if (window === undefined) {
      if (this.windows.size >= this.maxKeys) {
        const oldest = this.windows.keys().next().value;
        if (oldest !== undefined) this.windows.delete(oldest);
      }
      window = { ring: new Float64Array(this.windowSize), sorted: new Float64Array(this.windowSize), size: 0, next: 0 };
    } else {
      // Re-insert so Map order tracks recency for the key bound.
      this.windows.delete(key);
    }
    this.windows.set(key, window);
    if (window.size === this.windowSize) {
      const evicted = window.ring[window.next];
      const index = lowerBound(window.sorted, window.size, evicted);
      window.sorted.copyWithin(index, index + 1, window.size);
      window.size--;
    }
    window.ring[window.next] = value;
    window.next = (window.next + 1) % this.windowSize;
    const position = lowerBound(window.sorted, window.size, value);
    window.sorted.copyWithin(position + 1, position, window.size);
    window.sorted[position] = value;
    window.size++;
  }

  count(key: string): number {
    return this.windows.get(key)?.size ?? 0;
  }

  /** Linear-interpolated quantile q ∈ [0, 1], or undefined before minSamples observations. */
  quantile(key: string, q: number): number | undefined {
    const window = this.windows.get(key);
    if (window === undefined || window.size < this.minSamples) return undefined;
    const rank = Math.min(Math.max(q, 0), 1) * (window.size - 1);
    const below = Math.floor(rank);
    const above = Math.min(below + 1, window.size - 1);
    return window.sorted[below] + (window.sorted[above] - window.sorted[below]) * (rank - below);
  }
}

function lowerBound(sorted: Float64Array, size: number, value: number): number {
  let low = 0;
  let high = size;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
