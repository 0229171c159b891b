import { IsIn, IsInt, IsObject, IsOptional, IsString, Min } from '../shared/validators';

export type ExportBatchRecordKind = 'manifest' | 'record' | 'end';

/**
 * rl.export.batch.v1 — key: batchId. One batch = one manifest, N records, one end marker, in order
 * on one partition. The end marker carries the count and a sha256 over the records' `data` lines
 * (stable JSON, joined with '\n'), so a consumer knows the batch is whole.
 */
export class ExportBatchRecordV1 {
  @IsString() batchId: string;
  @IsIn(['manifest', 'record', 'end']) kind: ExportBatchRecordKind;
  @IsInt() @Min(0) sequence: number;
  /** manifest: criteria, counts, distributions, quality stats, format, schema version, status. */
  @IsOptional() @IsObject() manifest?: Record<string, unknown>;
  /** record: one TRL-loadable row for the batch's phase. */
  @IsOptional() @IsObject() record?: Record<string, unknown>;
  @IsOptional() @IsInt() @Min(0) count?: number;
  @IsOptional() @IsString() checksum?: string;
}

export const exportBatchExample: ExportBatchRecordV1 = {
  batchId: 'batch-1f2e3d4c5b6a',
  kind: 'end',
  sequence: 1001,
  count: 1000,
  checksum: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
};
