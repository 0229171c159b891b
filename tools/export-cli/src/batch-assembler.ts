import type { ExportBatchRecordV1 } from '@benchpool/contracts';
import { BatchChecksum, BatchManifest, canonicalLine, JsonRecord } from '@benchpool/export-core';

export interface AssembledBatch {
  manifest: BatchManifest;
  records: JsonRecord[];
  count: number;
  checksum: string;
}

/**
 * Rebuilds one batch from rl.export.batch.v1 records of its key, in order. A manifest starts (or
 * restarts: a repeated request re-publishes the batch) the batch; the end marker completes it
 * only when the count and the checksum over the records received match.
 */
export class BatchAssembler {
  private manifest: BatchManifest | null = null;
  private records: JsonRecord[] = [];
  private checksum = new BatchChecksum();

  constructor(readonly batchId: string) {}

  /** Returns the batch when this record completed it, null otherwise; throws when the end marker does not match. */
  accept(data: ExportBatchRecordV1): AssembledBatch | null {
    if (data.batchId !== this.batchId) return null;
    if (data.kind === 'manifest') {
      this.manifest = data.manifest as unknown as BatchManifest;
      this.records = [];
      this.checksum = new BatchChecksum();
      return null;
    }
    if (!this.manifest) return null; // the tail of a copy whose manifest we did not see
    if (data.kind === 'record') {
      if (data.sequence !== this.records.length + 1) throw new Error(`batch ${this.batchId}: record ${data.sequence} arrived where ${this.records.length + 1} was expected`);
      const record = data.record as JsonRecord;
      this.records.push(record);
      this.checksum.addLine(canonicalLine(record));
      return null;
    }
    const digest = this.checksum.digest();
    if (data.count !== this.records.length) throw new Error(`batch ${this.batchId}: end marker counts ${data.count} records, received ${this.records.length}`);
    if (data.checksum !== digest) throw new Error(`batch ${this.batchId}: checksum mismatch: end marker ${data.checksum}, records ${digest}`);
    const batch = { manifest: this.manifest, records: this.records, count: this.records.length, checksum: digest };
    this.manifest = null;
    return batch;
  }

  /** Records received so far of the current copy, and how many the manifest announced. */
  progress(): { received: number; expected: number } {
    return { received: this.records.length, expected: this.manifest?.counts.records ?? 0 };
  }
}
