import type { Redis } from 'ioredis';
import type { Complexity } from '@benchpool/contracts';
import type { TierFacts } from '../warm/datapoint-document';
import { latencyBucketIndex, LatencyHistogram } from './latency-histogram';
import { LuaScript } from '../lua-script';
import { APPLY_POINTS_SCRIPT, READ_BUCKETS_SCRIPT } from './hot-stats.scripts';
import { DAY_MS, dayBucketStart, HOUR_MS, hourBucketStart, hourBucketTtlSeconds, windowBuckets } from './time-buckets';

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
 * Redis hot tier: per agent × task type × complexity, hourly buckets and daily buckets (hashes,
 * each expiring once no window of `windowHours` can read it), with roll-ups over all task types
 * and/or all complexities. A query reads whole days from day buckets and the partial days at the
 * window's ends from hour buckets — at most 30 keys for 7 days — in one script call.
 * Keys: `<prefix>s|<agent>|<taskType or *>|<complexity or *>|h<hours since epoch>` (or `d<days>`);
 * the per-point marker `<prefix>applied:<id>` makes applying a point idempotent.
 */
export class HotStatsRepository {
  constructor(
    private readonly redis: Redis,
    private readonly options: HotStatsOptions,
  ) {}

  bucketKey(agentId: string, taskType: string, complexity: string, bucket: { hourStartMs: number } | { dayStartMs: number }): string {
    const suffix = 'hourStartMs' in bucket ? `h${bucket.hourStartMs / HOUR_MS}` : `d${bucket.dayStartMs / DAY_MS}`;
    return `${this.options.keyPrefix}s|${agentId}|${taskType}|${complexity}|${suffix}`;
  }

  markerKey(id: string): string {
    return `${this.options.keyPrefix}applied:${id}`;
  }

  /**
   * Counts each point once in its hour and day buckets (and roll-ups). Points too old for any hot
   * window are skipped. Returns how many were applied now. `nowMs` comes from the data clock.
   */
  async apply(points: readonly TierFacts[], nowMs: number): Promise<number> {
    const markers: string[] = [];
    const bucketIndex = new Map<string, number>();
    const bucketTtls: number[] = [];
    const pointArgs: Array<string | number> = [];
    const indexOf = (key: string, ttl: number): number => {
      let index = bucketIndex.get(key);
      if (index === undefined) {
        index = bucketIndex.size + 1;
        bucketIndex.set(key, index);
        bucketTtls.push(ttl);
      }
      return index;
    };
    for (const point of points) {
      const hour = hourBucketStart(point.timestampMs);
      const hourTtl = hourBucketTtlSeconds(hour, nowMs, this.options.windowHours);
      if (hourTtl <= 0) continue;
      const day = dayBucketStart(point.timestampMs);
      // a day bucket is read only by windows that contain the whole day
      const dayTtl = this.options.windowHours >= 24 ? hourBucketTtlSeconds(day, nowMs, this.options.windowHours) : 0;
      const indexes: number[] = [];
      for (const [taskType, complexity] of [[point.taskType, point.complexity], [point.taskType, ANY], [ANY, point.complexity], [ANY, ANY]]) {
        indexes.push(indexOf(this.bucketKey(point.agentId, taskType, complexity, { hourStartMs: hour }), hourTtl));
        if (dayTtl > 0) indexes.push(indexOf(this.bucketKey(point.agentId, taskType, complexity, { dayStartMs: day }), dayTtl));
      }
      markers.push(this.markerKey(point.id));
      pointArgs.push(
        hourTtl,
        point.success ? 1 : 0,
        typeof point.quality === 'number' ? Math.round(point.quality * MICROS) : -1,
        typeof point.reward === 'number' ? Math.round(point.reward * MICROS) : -1,
        Math.max(0, Math.round(point.tokens)),
        typeof point.latencyMs === 'number' ? Math.max(0, Math.round(point.latencyMs)) : -1,
        `h${latencyBucketIndex(point.latencyMs ?? 0)}`,
        indexes.length,
        ...indexes,
      );
    }
    if (markers.length === 0) return 0;
    const keys = [...markers, ...bucketIndex.keys()];
    return (await applyPointsScript.run(this.redis, keys, [markers.length, bucketIndex.size, ...bucketTtls, ...pointArgs])) as number;
  }

  /** Sums over the last `windowHours` hours ending at `endMs` (whole hours, see hourBucketsOfWindow). */
  async read(query: { agentId: string; taskType?: string; complexity?: Complexity; endMs: number; windowHours: number }): Promise<HotSums> {
    const { hours, days } = windowBuckets(query.endMs, query.windowHours);
    const taskType = query.taskType ?? ANY;
    const complexity = query.complexity ?? ANY;
    const keys = [
      ...days.map((dayStartMs) => this.bucketKey(query.agentId, taskType, complexity, { dayStartMs })),
      ...hours.map((hourStartMs) => this.bucketKey(query.agentId, taskType, complexity, { hourStartMs })),
    ];
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
