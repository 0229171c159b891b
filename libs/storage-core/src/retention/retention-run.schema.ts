import { Schema } from 'mongoose';

export const RETENTION_RUNS_COLLECTION = 'storage_retention_runs';

/** One retention run: its cutoffs and progress, so a run interrupted by a crash resumes with the same cutoffs. */
export interface RetentionRunDocument {
  _id: string;
  startedAt: Date;
  /** data time (the injectable clock) the run judges ages by. */
  asOf: Date;
  warmCutoff: Date;
  coldCutoffDay: string;
  phase: 'warm' | 'cold' | 'done';
  movedToCold: number;
  warmDeleted: number;
  quarantineMarkersDeleted: number;
  coldDeleted: number;
  finishedAt?: Date;
  owner: string;
}

export const retentionRunSchema = new Schema<RetentionRunDocument>(
  {
    _id: String,
    startedAt: Date,
    asOf: Date,
    warmCutoff: Date,
    coldCutoffDay: String,
    phase: String,
    movedToCold: Number,
    warmDeleted: Number,
    quarantineMarkersDeleted: Number,
    coldDeleted: Number,
    finishedAt: Date,
    owner: String,
  },
  { collection: RETENTION_RUNS_COLLECTION, versionKey: false, autoIndex: false },
);

// "Is there an unfinished run to resume?" and the run history, newest first.
retentionRunSchema.index({ finishedAt: 1, startedAt: -1 }, { name: 'finished_started' });
