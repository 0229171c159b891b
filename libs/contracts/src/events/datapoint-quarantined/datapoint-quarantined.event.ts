import { datapointAnonymizedExample } from '../datapoint-anonymized/datapoint-anonymized.event';
import { IsArray, IsIn, IsObject, IsString, Type, ValidateNested } from '../shared/validators';
import type { BenchmarkDataPoint, ValidationIssue } from '../../model/benchmark-datapoint.model';

export class QuarantineReportV1 {
  @IsIn(['quarantined']) outcome: 'quarantined';
  @IsArray() @IsObject({ each: true }) issues: ValidationIssue[];
  @IsString() validatorVersion: string;
}

/**
 * A quarantined point as anonymization saw it, after scrubbing: usually a whole BenchmarkDataPoint,
 * but a point quarantined by the completeness or types gate may lack fields or hold wrong types —
 * that is why it is here — so consumers must not assume the contract's shape.
 */
export type QuarantinedPoint = Partial<BenchmarkDataPoint>;

/**
 * benchmark.datapoint.quarantined.v1 — key: taskId. Carries the report and the SCRUBBED point, never
 * the raw one. `point` is checked only for being an object: see QuarantinedPoint.
 */
export class DatapointQuarantinedV1 {
  @IsString() taskId: string;
  @IsObject() @ValidateNested() @Type(() => QuarantineReportV1) report: QuarantineReportV1;
  @IsObject() point: QuarantinedPoint;
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
