import { EvaluationMetricsV1 } from '../datapoint/datapoint.classes';
import { benchmarkDataPointExample } from '../datapoint/datapoint.example';
import { IsString, IsObject, Type, ValidateNested } from '../shared/validators';

/** caws.evaluation.completed.v1 — key: taskId. */
export class EvaluationCompletedV1 {
  @IsString() taskId: string;
  @IsObject() @ValidateNested() @Type(() => EvaluationMetricsV1) evaluation: EvaluationMetricsV1;
}

export const evaluationCompletedExample: EvaluationCompletedV1 = {
  taskId: 'task-0001',
  evaluation: benchmarkDataPointExample.evaluation as EvaluationMetricsV1,
};
