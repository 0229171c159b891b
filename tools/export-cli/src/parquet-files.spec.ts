import { grpoRecord, IDENTITY_REWARDS, makeStoredDataPoint } from '@benchpool/export-core';
import { verlRows } from './parquet-files';
import { renderProgressBar } from './progress-bar';

describe('verl layout', () => {
  it('maps GRPO records to data_source, prompt, ability, reward_model and extra_info', () => {
    const record = grpoRecord({ point: makeStoredDataPoint({ id: 'p-1', taskType: 'research', agentId: 'agent-9' }), split: 'eval', rewards: IDENTITY_REWARDS });
    const [row] = verlRows([record]);
    expect(Object.keys(row)).toEqual(['data_source', 'prompt', 'ability', 'reward_model', 'extra_info']);
    expect(row.data_source).toBe('benchpool/research');
    expect(row.ability).toBe('research');
    expect(row.prompt.map((message) => message.role)).toEqual(['system', 'user']);
    expect(row.reward_model.style).toBe('rule');
    expect(JSON.parse(row.reward_model.ground_truth)).toMatchObject({ quality: 0.9, success: true, rubric_scores: { safety: 1 } });
    expect(row.extra_info).toMatchObject({ split: 'eval', index: 0, data_point_id: 'p-1', agent_id: 'agent-9', task_type: 'research' });
  });
});

describe('renderProgressBar', () => {
  it('fills in proportion and shows counts', () => {
    expect(renderProgressBar(5, 10, 'records', 10)).toBe('[#####-----] 5/10 records 50%');
    expect(renderProgressBar(0, 0, 'records', 4)).toBe('[----] 0/0 records 0%');
    expect(renderProgressBar(12_000, 10_000, 'records', 4)).toBe('[####] 12,000/10,000 records 100%');
  });
});
