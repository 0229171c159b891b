import { IsArray, IsIn, IsISO8601, IsString } from '../shared/validators';

/** rl.export.completed.v1 — key: batchId. Tells storage-tiering which points a batch exported. */
export class ExportCompletedV1 {
  @IsString() batchId: string;
  @IsString() requestId: string;
  @IsIn(['sft', 'turn-level', 'grpo', 'curriculum', 'preference']) phase: string;
  @IsArray() @IsString({ each: true }) dataPointIds: string[];
  @IsISO8601() exportedAt: string;
}

export const exportCompletedExample: ExportCompletedV1 = {
  batchId: 'batch-1f2e3d4c5b6a',
  requestId: 'req-2026-11-21-sft',
  phase: 'sft',
  dataPointIds: ['task-0001'],
  exportedAt: '2026-11-21T12:00:00.000Z',
};
