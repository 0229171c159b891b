import type { Model } from 'mongoose';
import type { ValidationIssue } from '@benchpool/contracts';
import { dayKey } from '../hot/time-buckets';
import type { QuarantinedPointDocument } from './quarantined-point.schema';

const DUPLICATE_KEY = 11000;
const PRIVACY_GATES = new Set(['privacy']);
const SCHEMA_GATES = new Set(['completeness', 'types']);

export interface QuarantineInput {
  taskId: string;
  timestamp: string;
  issues: readonly ValidationIssue[];
}

/** Builds the counter marker: gates with an error, and whether it is a privacy violation / schema failure. */
export function quarantineMarkerOf(input: QuarantineInput): QuarantinedPointDocument {
  const parsed = Date.parse(input.timestamp);
  const timestamp = new Date(Number.isFinite(parsed) ? parsed : Date.now());
  const gates = [...new Set(input.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.gate))].sort();
  return {
    _id: input.taskId,
    timestamp,
    day: dayKey(timestamp),
    gates,
    privacyViolation: gates.some((gate) => PRIVACY_GATES.has(gate)),
    schemaFailure: gates.some((gate) => SCHEMA_GATES.has(gate)),
  };
}

export interface QuarantineCounts {
  quarantined: number;
  privacyViolations: number;
  schemaFailures: number;
  byGate: Record<string, number>;
  byDay: Record<string, number>;
}

/** quarantined_points: insert-if-absent markers, so a redelivered quarantine is counted once. */
export class QuarantineRepository {
  constructor(private readonly model: Model<QuarantinedPointDocument>) {}

  /** Returns how many markers were new. */
  async record(markers: QuarantinedPointDocument[]): Promise<number> {
    if (markers.length === 0) return 0;
    try {
      const result = await this.model.collection.insertMany(markers as never[], { ordered: false });
      return result.insertedCount;
    } catch (error) {
      const raw = (error as { writeErrors?: unknown }).writeErrors;
      const writeErrors = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Array<{ code?: number }>;
      if (writeErrors.length === 0 || writeErrors.some((writeError) => writeError.code !== DUPLICATE_KEY)) throw error;
      return markers.length - writeErrors.length;
    }
  }

  async countRange(fromDay: string, toDay: string): Promise<QuarantineCounts> {
    const markers = (await this.model.collection
      .find({ day: { $gte: fromDay, $lte: toDay } }, { projection: { gates: 1, day: 1, privacyViolation: 1, schemaFailure: 1 } })
      .toArray()) as unknown as QuarantinedPointDocument[];
    const counts: QuarantineCounts = { quarantined: 0, privacyViolations: 0, schemaFailures: 0, byGate: {}, byDay: {} };
    for (const marker of markers) {
      counts.quarantined += 1;
      if (marker.privacyViolation) counts.privacyViolations += 1;
      if (marker.schemaFailure) counts.schemaFailures += 1;
      counts.byDay[marker.day] = (counts.byDay[marker.day] ?? 0) + 1;
      for (const gate of marker.gates ?? []) counts.byGate[gate] = (counts.byGate[gate] ?? 0) + 1;
    }
    return counts;
  }

  async deleteBefore(cutoff: Date): Promise<number> {
    return (await this.model.collection.deleteMany({ timestamp: { $lt: cutoff } })).deletedCount;
  }
}
