import { Schema } from 'mongoose';

export const QUARANTINED_POINTS_COLLECTION = 'quarantined_points';

/**
 * One marker per quarantined data point — counters only, never the payload: the id makes the
 * count exactly-once, the gates say why. Deleted with the warm window.
 */
export interface QuarantinedPointDocument {
  _id: string;
  timestamp: Date;
  day: string;
  /** gates with an error issue (anonymization-core: completeness, types, bounds, consistency, statistical, privacy). */
  gates: string[];
  privacyViolation: boolean;
  schemaFailure: boolean;
}

export const quarantinedPointSchema = new Schema<QuarantinedPointDocument>(
  {
    _id: String,
    timestamp: { type: Date, required: true },
    day: { type: String, required: true },
    gates: [String],
    privacyViolation: Boolean,
    schemaFailure: Boolean,
  },
  { collection: QUARANTINED_POINTS_COLLECTION, versionKey: false, autoIndex: false },
);

// GET /v1/collection/health (quarantines of a day range) and retention (timestamp < cutoff).
quarantinedPointSchema.index({ day: 1 }, { name: 'day' });
quarantinedPointSchema.index({ timestamp: 1 }, { name: 'timestamp' });
