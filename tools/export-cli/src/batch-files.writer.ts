import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalLine } from '@benchpool/export-core';
import type { AssembledBatch } from './batch-assembler';
import { verlRows, writeRecordsParquet, writeVerlParquet } from './parquet-files';

/**
 * Writes a batch under `<out>/<batch id>/`:
 * - manifest.json;
 * - records.jsonl: the records' canonical lines, so sha256 of the file without its final newline
 *   is the end marker's checksum (`load_dataset("json", data_files=…)` loads it for TRL);
 * - GRPO: train.parquet and eval.parquet in verl's layout; other phases: records.parquet.
 */
export async function writeBatchFiles(outDir: string, batch: AssembledBatch): Promise<string[]> {
  const dir = join(outDir, batch.manifest.batchId);
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, content: string): void => {
    writeFileSync(join(dir, name), content);
    written.push(join(dir, name));
  };
  write('manifest.json', `${JSON.stringify(batch.manifest, null, 2)}\n`);
  if (batch.manifest.status !== 'ready') return written;
  write('records.jsonl', batch.records.length ? `${batch.records.map((record) => canonicalLine(record)).join('\n')}\n` : '');
  const metadata = { 'benchpool.batch_id': batch.manifest.batchId, 'benchpool.checksum': batch.checksum, 'benchpool.phase': batch.manifest.phase };
  if (batch.manifest.phase === 'grpo') {
    const rows = verlRows(batch.records);
    for (const split of ['train', 'eval'] as const) {
      const path = join(dir, `${split}.parquet`);
      await writeVerlParquet(path, rows.filter((row) => row.extra_info.split === split), metadata);
      written.push(path);
    }
  } else {
    const path = join(dir, 'records.parquet');
    await writeRecordsParquet(path, batch.records, batch.manifest.format.columns, metadata);
    written.push(path);
  }
  return written;
}
