/**
 * The time data is judged by: hot-tier bucket lifetimes, retention cutoffs, feedback windows,
 * `storedAt`. Injectable so a test can move time forward; operational timers (leases, grace
 * periods) use the real clock on purpose, so that moving data time never breaks coordination.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock a test sets and advances by hand. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | number = Date.now()) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | number): void {
    this.current = typeof at === 'number' ? at : at.getTime();
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}
