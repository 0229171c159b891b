export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Start (ms since epoch, UTC) of the hour bucket holding `timeMs`. */
export function hourBucketStart(timeMs: number): number {
  return Math.floor(timeMs / HOUR_MS) * HOUR_MS;
}

/**
 * The hour buckets a window of `windowHours` ending at `endMs` reads: the bucket holding `endMs`
 * and the `windowHours - 1` before it, oldest first. The window is therefore rounded to whole
 * hours: it covers between `windowHours - 1` and `windowHours` hours of data.
 */
export function hourBucketsOfWindow(endMs: number, windowHours: number): number[] {
  const last = hourBucketStart(endMs);
  const buckets: number[] = [];
  for (let index = windowHours - 1; index >= 0; index--) buckets.push(last - index * HOUR_MS);
  return buckets;
}

/**
 * Seconds a bucket must live so that every window of up to `hotWindowHours` ending now or later
 * can still read it; 0 when no such window reads it any more (the point is too old for the hot tier).
 */
export function hourBucketTtlSeconds(bucketStartMs: number, nowMs: number, hotWindowHours: number): number {
  const lastReadableAt = bucketStartMs + hotWindowHours * HOUR_MS;
  return lastReadableAt <= nowMs ? 0 : Math.ceil((lastReadableAt - nowMs) / 1000);
}

/**
 * The same window as `hourBucketsOfWindow`, read with as few keys as possible: whole UTC days
 * inside it as day buckets, the hours of the partial days at its ends as hour buckets. A 7-day
 * window is at most 30 keys instead of 168. Both lists are bucket starts in ms, oldest first.
 */
export function windowBuckets(endMs: number, windowHours: number): { hours: number[]; days: number[] } {
  const hours = hourBucketsOfWindow(endMs, windowHours);
  const first = hours[0];
  const last = hours[hours.length - 1];
  const result = { hours: [] as number[], days: [] as number[] };
  for (let day = Math.floor(first / DAY_MS) * DAY_MS; day <= last; day += DAY_MS) {
    if (day >= first && day + DAY_MS - HOUR_MS <= last) result.days.push(day);
    else for (const hour of hours) if (hour >= day && hour < day + DAY_MS) result.hours.push(hour);
  }
  return result;
}

/** Start (ms, UTC) of the day bucket holding `timeMs`. */
export function dayBucketStart(timeMs: number): number {
  return Math.floor(timeMs / DAY_MS) * DAY_MS;
}

/** UTC calendar day `YYYY-MM-DD` of a time. */
export function dayKey(time: Date | number): string {
  return new Date(typeof time === 'number' ? time : time.getTime()).toISOString().slice(0, 10);
}

/** Start of a UTC day `YYYY-MM-DD`, in ms. */
export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

/** The `days` UTC days ending with the day of `end` (inclusive), oldest first. */
export function daysEndingAt(end: Date | number, days: number): string[] {
  const lastStart = dayStartMs(dayKey(end));
  const result: string[] = [];
  for (let index = days - 1; index >= 0; index--) result.push(dayKey(lastStart - index * DAY_MS));
  return result;
}

/** Every UTC day from `fromDay` to `toDay` inclusive (empty when from > to). */
export function daysBetween(fromDay: string, toDay: string): string[] {
  const result: string[] = [];
  for (let at = dayStartMs(fromDay); at <= dayStartMs(toDay); at += DAY_MS) result.push(dayKey(at));
  return result;
}
