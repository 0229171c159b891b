import type { mongo } from 'mongoose';
import { TRAINING_PHASES, TrainingPhase } from '@benchpool/contracts';

export interface ScheduleEntry {
  phase: TrainingPhase;
  intervalMs: number;
  /** as written, e.g. "24h": part of the request id. */
  label: string;
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses RL_EXPORT_SCHEDULE: comma-separated `<phase>@<interval>` with an interval in minutes,
 * hours or days, e.g. `grpo@24h,sft@7d`. Empty means no schedule (the default).
 */
export function parseSchedule(text: string | undefined): ScheduleEntry[] {
  if (!text || !text.trim()) return [];
  return text.split(',').map((part) => {
    const match = /^\s*([a-z-]+)@(\d+)([mhd])\s*$/.exec(part);
    if (!match || !TRAINING_PHASES.includes(match[1] as TrainingPhase)) {
      throw new Error(`RL_EXPORT_SCHEDULE entry '${part.trim()}' is not <phase>@<number><m|h|d> with phase one of ${TRAINING_PHASES.join(', ')}`);
    }
    const intervalMs = Number(match[2]) * UNIT_MS[match[3]];
    if (intervalMs < 60_000) throw new Error(`RL_EXPORT_SCHEDULE entry '${part.trim()}': the interval must be at least 1 minute`);
    return { phase: match[1] as TrainingPhase, intervalMs, label: `${match[2]}${match[3]}` };
  });
}

/** The request id of the period `now` falls in: every replica computes the same one. */
export function scheduledRequestId(entry: ScheduleEntry, now: Date): string {
  const periodStart = new Date(Math.floor(now.getTime() / entry.intervalMs) * entry.intervalMs);
  return `scheduled-${entry.phase}-${entry.label}-${periodStart.toISOString()}`;
}

interface ScheduleClaim {
  _id: string;
  claimedAt: Date;
  claimedBy: string;
}

/**
 * `export_schedule` (owned by rl-export): one document per scheduled request id. The replica whose
 * upsert inserts it issues the request; the others see it exists and stay quiet.
 */
export class ExportScheduleRepository {
  static readonly COLLECTION = 'export_schedule';
  private readonly collection: mongo.Collection<ScheduleClaim>;

  constructor(db: mongo.Db) {
    // only _id upserts: no secondary index needed
    this.collection = db.collection<ScheduleClaim>(ExportScheduleRepository.COLLECTION);
  }

  async claim(requestId: string, claimedBy: string, at: Date): Promise<boolean> {
    const result = await this.collection.updateOne({ _id: requestId }, { $setOnInsert: { claimedAt: at, claimedBy } }, { upsert: true });
    return result.upsertedCount === 1;
  }
}
