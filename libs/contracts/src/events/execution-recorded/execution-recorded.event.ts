import { ExecutionMetricsV1, TaskContextV1 } from '../datapoint/datapoint.classes';
import { benchmarkDataPointExample } from '../datapoint/datapoint.example';
import { IsOptional, IsString, IsObject, Type, ValidateNested } from '../shared/validators';

/** telemetry.execution.recorded.v1 — key: taskId. The execution metrics, for caws-evaluation. */
export class ExecutionRecordedV1 {
  @IsString() taskId: string;
  /** the task when telemetry already saw it (it carries type, risk tier and budget for the gates). */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => TaskContextV1) task?: TaskContextV1;
  @IsObject() @ValidateNested() @Type(() => ExecutionMetricsV1) execution: ExecutionMetricsV1;
}

export const executionRecordedExample: ExecutionRecordedV1 = {
  taskId: 'task-0001',
  task: benchmarkDataPointExample.task as TaskContextV1,
  execution: benchmarkDataPointExample.execution as ExecutionMetricsV1,
};
