import type { Redis } from 'ioredis';
import type { Complexity } from '@benchpool/contracts';
import type { TierFacts } from '../warm/datapoint-document';
import { latencyBucketIndex, LatencyHistogram } from './latency-histogram';
import { LuaScript } from '../lua-script';
import { APPLY_POINTS_SCRIPT, READ_BUCKETS_SCRIPT } from './hot-stats.scripts';
import { HOUR_MS, hourBucketStart, hourBucketsOfWindow, hourBucketTtlSeconds } from './time-buckets';

export const ANY = '*';
const MICROS = 1_000_000;
const applyPointsScript = new LuaScript(APPLY_POINTS_SCRIPT);
const readBucketsScript = new LuaScript(READ_BUCKETS_SCRIPT);

/** Sums the hot tier keeps per bucket; averages are sum / count. */
export interface HotSums {
  count: number;
  successes: number;
  qualityCount: number;
  qualitySum: number;
  rewardCount: number;
  rewardSum: number;
  tokensSum: number;
  latencyCount: number;
  latencySum: number;
  latencyHistogram: LatencyHistogram;
}

export interface HotStatsOptions {
  /** e.g. 'hot:'; tests use a unique one per run. */
  keyPrefix: string;
  /** the longest window a hot query may ask for; buckets live that long (default 168 = 7 days). */
  windowHours: number;
}

/**
 * Redis hot tier: per agent × task type × complexity, hourly buckets (hash per bucket, expiring
 * once no window of `windowHours` can read it), with roll-ups over all task types and/or all
 * complexities so that any query reads at most `windowHours` keys in one script call.
 * Key: `<prefix>s|<agent>|<taskType or *>|<complexity or *>|<hours since epoch>`; the per-point
 * marker `<prefix>applied:<id>` makes applying a point idempotent.
 */
export class HotStatsRepository {
  constructor(
    private readonly redis: Redis,
    private readonly options: HotStatsOptions,
  ) {}

  bucketKey(agentId: string, taskType: string, complexity: string, bucketStartMs: number): string {
    return `${this.options.keyPrefix}s|${agentId}|${taskType}|${complexity}|${bucketStartMs / HOUR_MS}`;
  }

  markerKey(id: string): string {
    return `${this.options.keyPrefix}applied:${id}`;
  }

  /**
   * Counts each point once in its hour bucket (and roll-ups). Points too old for any hot window
   * are skipped. Returns how many were applied now. `nowMs` comes from the data clock.
   */
  async apply(points: readonly TierFacts[], nowMs: number): Promise<number> {
    const keys: string[] = [];
    const args: Array<string | number> = [];
    for (const point of points) {
      const bucket = hourBucketStart(point.timestampMs);
      const ttl = hourBucketTtlSeconds(bucket, nowMs, this.options.windowHours);
      if (ttl <= 0) continue;
      keys.push(
        this.markerKey(point.id),
        this.bucketKey(point.agentId, point.taskType, point.complexity, bucket),
        this.bucketKey(point.agentId, point.taskType, ANY, bucket),
        this.bucketKey(point.agentId, ANY, point.complexity, bucket),
        this.bucketKey(point.agentId, ANY, ANY, bucket),
      );
      args.push(
        ttl,
        point.success ? 1 : 0,
        typeof point.quality === 'number' ? Math.round(point.quality * MICROS) : -1,
        typeof point.reward === 'number' ? Math.round(point.reward * MICROS) : -1,
        Math.max(0, Math.round(point.tokens)),
        typeof point.latencyMs === 'number' ? Math.max(0, Math.round(point.latencyMs)) : -1,
        `h${latencyBucketIndex(point.latencyMs ?? 0)}`,
      );
    }
    if (keys.length === 0) return 0;
    return (await applyPointsScript.run(this.redis, keys, args)) as number;
  }

  /** Sums over the last `windowHours` hour buckets ending at `endMs`. */
  async read(query: { agentId: string; taskType?: string; complexity?: Complexity; endMs: number; windowHours: number }): Promise<HotSums> {
    const keys = hourBucketsOfWindow(query.endMs, query.windowHours).map((bucket) =>
      this.bucketKey(query.agentId, query.taskType ?? ANY, query.complexity ?? ANY, bucket),
    );
    const flat = (await readBucketsScript.run(this.redis, keys, [])) as string[];
    const fields: Record<string, number> = {};
    for (let index = 0; index < flat.length; index += 2) fields[flat[index]] = Number(flat[index + 1]);
    return hotSumsFromFields(fields);
  }
}

export function hotSumsFromFields(fields: Record<string, number>): HotSums {
  const histogram: LatencyHistogram = {};
  for (const [field, value] of Object.entries(fields)) if (/^h\d+$/.test(field)) histogram[Number(field.slice(1))] = value;
  return {
    count: fields.n ?? 0,
    successes: fields.s ?? 0,
    qualityCount: fields.qn ?? 0,
    qualitySum: (fields.q ?? 0) / MICROS,
    rewardCount: fields.rn ?? 0,
    rewardSum: (fields.r ?? 0) / MICROS,
    tokensSum: fields.t ?? 0,
    latencyCount: Object.values(histogram).reduce((total, count) => total + count, 0),
    latencySum: fields.l ?? 0,
    latencyHistogram: histogram,
  };
}
