import { batchIdFor } from '@benchpool/export-core';
import { requestBatch } from './batch-request.client';
import { writeBatchFiles } from './batch-files.writer';
import { parseCliArguments, USAGE, UsageError } from './cli-arguments';
import { ProgressReporter } from './progress-bar';

/** `npm run export -- --phase grpo --out dir/ …`: one batch from rl-export, written as JSONL and Parquet. */
async function main(): Promise<number> {
  let options;
  try {
    options = parseCliArguments(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      return 64;
    }
    throw error;
  }
  const progress = new ProgressReporter();
  process.stderr.write(`requesting ${options.request.phase} batch ${batchIdFor(options.request.requestId)} (request ${options.request.requestId})\n`);
  const batch = await requestBatch(options, (received, expected) => progress.update(received, expected, 'records'));
  const files = await writeBatchFiles(options.outDir, batch);
  if (batch.manifest.status !== 'ready') {
    progress.finish(`batch ${batch.manifest.batchId} was rejected:\n${batch.manifest.shortfalls.map((shortfall) => `  - ${shortfall.message}`).join('\n')}`);
    process.stdout.write(`${JSON.stringify({ batchId: batch.manifest.batchId, status: 'rejected', files })}\n`);
    return 2;
  }
  progress.finish(`batch ${batch.manifest.batchId}: ${batch.count} records, checksum verified (${batch.checksum})`);
  process.stdout.write(`${JSON.stringify({ batchId: batch.manifest.batchId, status: 'ready', records: batch.count, checksum: batch.checksum, files })}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`export failed: ${error.message}\n`);
    process.exit(1);
  },
);
