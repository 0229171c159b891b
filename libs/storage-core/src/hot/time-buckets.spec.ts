import { DAY_MS, dayBucketStart, dayKey, daysBetween, daysEndingAt, HOUR_MS, hourBucketStart, hourBucketsOfWindow, hourBucketTtlSeconds, windowBuckets } from './time-buckets';

describe('hot-tier time buckets', () => {
  const at = Date.parse('2026-11-21T10:37:12.345Z');

  it('puts a time in the hour bucket that starts at or before it', () => {
    expect(new Date(hourBucketStart(at)).toISOString()).toBe('2026-11-21T10:00:00.000Z');
    expect(hourBucketStart(Date.parse('2026-11-21T11:00:00.000Z'))).toBe(Date.parse('2026-11-21T11:00:00.000Z'));
  });

  it('reads the last N hour buckets of a window, oldest first, ending with the current hour', () => {
    const buckets = hourBucketsOfWindow(at, 3);
    expect(buckets.map((bucket) => new Date(bucket).toISOString())).toEqual([
      '2026-11-21T08:00:00.000Z', '2026-11-21T09:00:00.000Z', '2026-11-21T10:00:00.000Z',
    ]);
    expect(hourBucketsOfWindow(at, 168)).toHaveLength(168);
    expect(hourBucketsOfWindow(at, 168)[0]).toBe(hourBucketStart(at) - 167 * HOUR_MS);
  });

  it('keeps a bucket exactly as long as a window of the hot length can still read it', () => {
    const bucket = hourBucketStart(at);
    // the oldest bucket a 168-hour window ending at t reads starts at hourBucketStart(t) - 167 h
    const lastReaderEnd = bucket + 168 * HOUR_MS - 1;
    expect(hourBucketsOfWindow(lastReaderEnd, 168)[0]).toBe(bucket);
    expect(hourBucketsOfWindow(lastReaderEnd + 1, 168)[0]).toBe(bucket + HOUR_MS);
    expect(hourBucketTtlSeconds(bucket, bucket, 168)).toBe(168 * 3600);
    expect(hourBucketTtlSeconds(bucket, lastReaderEnd, 168)).toBe(1);
    expect(hourBucketTtlSeconds(bucket, lastReaderEnd + 1, 168)).toBe(0);
    expect(hourBucketTtlSeconds(bucket - 200 * HOUR_MS, at, 168)).toBe(0);
  });

  it.each([1, 5, 23, 24, 25, 48, 100, 167, 168])('covers a %i-hour window exactly with whole days plus partial-day hours', (windowHours) => {
    for (const end of [at, Date.parse('2026-11-21T00:00:00.000Z'), Date.parse('2026-11-21T23:59:59.999Z')]) {
      const { hours, days } = windowBuckets(end, windowHours);
      const covered = [...hours, ...days.flatMap((day) => Array.from({ length: 24 }, (_, index) => day + index * HOUR_MS))].sort((a, b) => a - b);
      expect(covered).toEqual(hourBucketsOfWindow(end, windowHours));
      expect(days.every((day) => day === dayBucketStart(day))).toBe(true);
    }
  });

  it('reads a 7-day window with at most 30 keys', () => {
    for (let hour = 0; hour < 24; hour++) {
      const { hours, days } = windowBuckets(Date.parse('2026-11-21T00:30:00.000Z') + hour * HOUR_MS, 168);
      expect(hours.length + days.length).toBeLessThanOrEqual(30);
      expect(days.length).toBeGreaterThanOrEqual(6);
    }
    expect(dayBucketStart(at + DAY_MS)).toBe(Date.parse('2026-11-22T00:00:00.000Z'));
  });

  it('names UTC days and enumerates day ranges', () => {
    expect(dayKey(Date.parse('2026-11-21T23:59:59.999Z'))).toBe('2026-11-21');
    expect(dayKey(new Date('2026-11-22T00:00:00.000Z'))).toBe('2026-11-22');
    expect(daysEndingAt(at, 3)).toEqual(['2026-11-19', '2026-11-20', '2026-11-21']);
    expect(daysBetween('2026-02-27', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(daysBetween('2026-03-02', '2026-03-01')).toEqual([]);
  });
});
