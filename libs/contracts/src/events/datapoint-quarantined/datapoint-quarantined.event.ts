import { BenchmarkDataPointV1 } from '../datapoint/datapoint.classes';
import { datapointAnonymizedExample } from '../datapoint-anonymized/datapoint-anonymized.event';
import { IsArray, IsIn, IsObject, IsString, Type, ValidateNested } from '../shared/validators';
import type { ValidationIssue } from '../../model/benchmark-datapoint.model';

export class QuarantineReportV1 {
  @IsIn(['quarantined']) outcome: 'quarantined';
  @IsArray() @IsObject({ each: true }) issues: ValidationIssue[];
  @IsString() validatorVersion: string;
}

/** benchmark.datapoint.quarantined.v1 — key: taskId. Carries the report and the SCRUBBED point, never the raw one. */
export class DatapointQuarantinedV1 {
  @IsString() taskId: string;
  @IsObject() @ValidateNested() @Type(() => QuarantineReportV1) report: QuarantineReportV1;
  @IsObject() @ValidateNested() @Type(() => BenchmarkDataPointV1) point: BenchmarkDataPointV1;
}

export const datapointQuarantinedExample: DatapointQuarantinedV1 = {
  taskId: 'task-0001',
  report: {
    outcome: 'quarantined',
    issues: [{ gate: 'bounds', severity: 'error', blockRL: true, message: 'evaluation.overallScore outside [0, 1]' }],
    validatorVersion: 'anonymization-core/1.0.0',
  },
  point: datapointAnonymizedExample,
};
