import { BenchmarkDataPointV1 } from '../datapoint/datapoint.classes';
import { benchmarkDataPointExample } from '../datapoint/datapoint.example';

/** benchmark.datapoint.anonymized.v1 — key: taskId. Validated and scrubbed: the only input of storage. */
export class DatapointAnonymizedV1 extends BenchmarkDataPointV1 {}

export const datapointAnonymizedExample = {
  ...benchmarkDataPointExample,
  tenantId: '5c0f6f8e3b1d4a7f9e2c8b6a4d0e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c3d5e',
  rlReady: true,
  task: { ...benchmarkDataPointExample.task, description: 'Fix the off-by-one error in paginate() reported by <EMAIL_1>' },
  provenance: {
    ...benchmarkDataPointExample.provenance,
    redaction: { detectorVersion: 'anonymization-core/1.0.0', keyId: 'k1', entities: { EMAIL: 1 }, identityFieldsRemoved: [] },
    validation: { outcome: 'rlReady', issues: [], validatorVersion: 'anonymization-core/1.0.0' },
  },
} as DatapointAnonymizedV1;
