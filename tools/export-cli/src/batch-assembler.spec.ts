import type { ExportBatchRecordV1 } from '@benchpool/contracts';
import { checksumOfRecords } from '@benchpool/export-core';
import { BatchAssembler } from './batch-assembler';

const records = [{ prompt: 'a', x: 1 }, { prompt: 'b', x: 0.5 }];
const manifest = { batchId: 'b-1', counts: { records: 2 } };

function copy(checksum = checksumOfRecords(records), count = 2): ExportBatchRecordV1[] {
  return [
    { batchId: 'b-1', kind: 'manifest', sequence: 0, manifest },
    ...records.map((record, index) => ({ batchId: 'b-1', kind: 'record' as const, sequence: index + 1, record })),
    { batchId: 'b-1', kind: 'end', sequence: 3, count, checksum },
  ];
}

describe('BatchAssembler', () => {
  it('completes a batch on an end marker whose count and checksum match', () => {
    const assembler = new BatchAssembler('b-1');
    const results = copy().map((record) => assembler.accept(record));
    expect(results.slice(0, 3)).toEqual([null, null, null]);
    expect(results[3]).toMatchObject({ count: 2, records, checksum: checksumOfRecords(records) });
  });

  it('restarts on a new manifest (a re-published batch) and ignores other batches and orphan tails', () => {
    const assembler = new BatchAssembler('b-1');
    const [first, second] = copy();
    assembler.accept({ ...first, batchId: 'other' });
    expect(assembler.accept(second)).toBeNull(); // no manifest seen yet
    assembler.accept(first);
    assembler.accept(second);
    const completed = copy().map((record) => assembler.accept(record)).at(-1);
    expect(completed?.records).toEqual(records);
  });

  it('rejects an end marker with the wrong checksum or count, and records out of sequence', () => {
    const wrongChecksum = new BatchAssembler('b-1');
    expect(() => copy('sha256:00').forEach((record) => wrongChecksum.accept(record))).toThrow('checksum mismatch');
    const wrongCount = new BatchAssembler('b-1');
    expect(() => copy(undefined, 3).forEach((record) => wrongCount.accept(record))).toThrow('counts 3');
    const gap = new BatchAssembler('b-1');
    const [head, , second] = copy();
    gap.accept(head);
    expect(() => gap.accept(second)).toThrow('record 2 arrived where 1 was expected');
  });
});
