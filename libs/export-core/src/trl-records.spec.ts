import { extractConversation, promptHash } from './conversation';
import { makeStoredDataPoint } from './stored-datapoint.fixture';
import { formatOf, grpoRecord, IDENTITY_REWARDS, preferenceRecord, sftRecord, turnLevelRecord } from './trl-records';

const common = (point = makeStoredDataPoint({ id: 'task-1' })) => ({ point, split: 'train' as const, rewards: IDENTITY_REWARDS });

describe('TRL record formats', () => {
  it('SFT messages: the whole conversation with OpenAI-style tool calls, the tools column and traceability columns', () => {
    const record = sftRecord(common(), 'messages');
    expect(Object.keys(record).sort()).toEqual([...formatOf('sft', 'messages').columns].sort());
    const messages = record.messages as Array<Record<string, unknown>>;
    expect(messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant']);
    expect(messages[2].tool_calls).toEqual([{ type: 'function', function: { name: 'read_file', arguments: '{"path":"[PATH]/[FILE].ts"}' } }]);
    expect(messages[3]).toEqual({ role: 'tool', content: 'export function helper() {}', name: 'read_file' });
    expect(record.tools).toEqual([
      { type: 'function', function: { name: 'read_file', description: 'The read_file tool.', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } } },
    ]);
    expect(record).toMatchObject({ data_point_id: 'task-1', task_type: 'code-editing', agent_id: 'agent-1', quality: 0.9, success: true, split: 'train', completion_source: 'messages' });
    expect(record.reward).toBeCloseTo(0.855, 4);
  });

  it('SFT prompt-completion: leading system/user messages as the prompt, the rest as the completion', () => {
    const record = sftRecord(common(), 'prompt-completion');
    expect((record.prompt as Array<{ role: string }>).map((message) => message.role)).toEqual(['system', 'user']);
    expect((record.completion as Array<{ role: string }>)[0].role).toBe('assistant');
    expect(record.messages).toBeUndefined();
  });

  it('falls back to a prompt written from the task and the final diff as the completion when no messages were logged', () => {
    const point = makeStoredDataPoint({ id: 'task-2', messages: null, description: 'Fix the off-by-one in paginate' });
    point.execution!.toolsUsed = [];
    point.execution!.turns = point.execution!.turns.map((turn) => ({ ...turn, toolCalls: [] }));
    const record = sftRecord(common(point), 'messages');
    const messages = record.messages as Array<{ role: string; content: string }>;
    expect(messages).toHaveLength(2);
    expect(messages[0].role).toBe('user');
    expect(messages[0].content).toContain('Fix the off-by-one in paginate');
    expect(messages[0].content).toContain('Task type: code-editing');
    expect(messages[1]).toEqual({ role: 'assistant', content: point.execution!.artifacts.diff });
    expect(record.tools).toBeNull();
    expect(record.completion_source).toBe('diff');
  });

  it('GRPO: prompt-only (a list of messages) with the reward inputs as extra columns', () => {
    const record = grpoRecord(common());
    expect(Object.keys(record).sort()).toEqual([...formatOf('grpo', 'messages').columns].sort());
    expect((record.prompt as Array<{ role: string }>).map((message) => message.role)).toEqual(['system', 'user']);
    expect(record.rubric_scores).toEqual({ format: 1, tool: 1, task: 0.95, minimal: 0.9, cost: 0.8, safety: 1 });
    expect(record).toMatchObject({ quality: 0.9, success: true, minimal_diff_multiplier: 0.95, turn_rewards: [0.82, 0.43] });
    expect(record.reference_completion).toBe('Done: renamed the helper for task-1.');
    expect(record.completion).toBeUndefined();
  });

  it('turn-level: stepwise supervision with one completion, one boolean label and one reward per turn', () => {
    const point = makeStoredDataPoint({ id: 'task-3' });
    const record = turnLevelRecord(common(point));
    expect(typeof record.prompt).toBe('string');
    const completions = record.completions as string[];
    expect(completions).toHaveLength(2);
    expect(completions[0]).toContain('call read_file');
    expect(record.turn_rewards).toEqual([0.82, 0.43]);
    expect(record.labels).toEqual([true, false]);
  });

  it('preference: the chosen and rejected completions under one prompt, both points traceable', () => {
    const chosen = makeStoredDataPoint({ id: 'good', agentId: 'agent-a', description: 'Same task' });
    const rejected = makeStoredDataPoint({ id: 'bad', agentId: 'agent-b', description: 'Same task', success: false, quality: 0.2, messages: [
      { role: 'system', content: 'You are a careful coding agent.' }, { role: 'user', content: 'Same task' }, { role: 'assistant', content: 'I give up.' },
    ] });
    const record = preferenceRecord(common(chosen), rejected);
    expect(Object.keys(record).sort()).toEqual([...formatOf('preference', 'messages').columns].sort());
    expect(record.rejected).toEqual([{ role: 'assistant', content: 'I give up.' }]);
    expect((record.chosen as Array<{ role: string }>)[0].role).toBe('assistant');
    expect(record).toMatchObject({ data_point_id: 'good', agent_id: 'agent-a', rejected_data_point_id: 'bad', rejected_agent_id: 'agent-b', rejected_success: false });
  });

  it('hashes prompts after normalising case and whitespace, per task type', () => {
    const a = extractConversation(makeStoredDataPoint({ id: 'a', description: 'Fix  the Bug' })).prompt;
    const b = extractConversation(makeStoredDataPoint({ id: 'b', description: 'fix the bug ' })).prompt;
    expect(promptHash('code-editing', a)).toBe(promptHash('code-editing', b));
    expect(promptHash('research', a)).not.toBe(promptHash('code-editing', a));
  });
});
