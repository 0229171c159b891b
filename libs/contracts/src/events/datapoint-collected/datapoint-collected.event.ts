import { BenchmarkDataPointV1 } from '../datapoint/datapoint.classes';
import { benchmarkDataPointExample } from '../datapoint/datapoint.example';

/** benchmark.datapoint.collected.v1 — key: taskId. The joined point, still raw: only anonymization reads it. */
export class DatapointCollectedV1 extends BenchmarkDataPointV1 {}

export const datapointCollectedExample = benchmarkDataPointExample as DatapointCollectedV1;
