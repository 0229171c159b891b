import { PHASE_DEFAULTS, resolveCriteria } from './export-criteria';

const now = new Date('2026-11-21T12:00:00.000Z');

describe('resolveCriteria', () => {
  it.each([
    ['sft', 0.8, 1_000, 90, 3, 0],
    ['turn-level', 0.7, 5_000, 60, 5, 0],
    ['grpo', 0.7, 10_000, 90, 0, 10],
    ['curriculum', 0.6, 20_000, 180, 0, 0],
  ] as const)('fills %s from the seeds table', (phase, minQuality, minCount, maxAgeDays, minTaskTypes, minAgents) => {
    const criteria = resolveCriteria({ requestId: 'r-1', phase }, now);
    expect(criteria).toMatchObject({ phase, minQuality, minCount, maxAgeDays, minTaskTypes, minAgents });
    expect(criteria.to).toBe(now.toISOString());
    expect(new Date(criteria.to).getTime() - new Date(criteria.from).getTime()).toBe(maxAgeDays * 86_400_000);
  });

  it('requires the whole task distribution for curriculum only', () => {
    expect(resolveCriteria({ requestId: 'r', phase: 'curriculum' }, now).fullTaskDistribution).toBe(true);
    expect(resolveCriteria({ requestId: 'r', phase: 'grpo' }, now).fullTaskDistribution).toBe(false);
  });

  it('keeps what the request gives and defaults the rest', () => {
    const criteria = resolveCriteria({ requestId: 'r', phase: 'grpo', minQuality: 0.5, minCount: 20, taskTypes: ['research', 'code-editing'], includeFailures: true }, now);
    expect(criteria).toMatchObject({ minQuality: 0.5, minCount: 20, minAgents: PHASE_DEFAULTS.grpo.minAgents, includeFailures: true, taskTypes: ['code-editing', 'research'] });
  });

  it('never reaches past the maximum age, even when `from` asks to', () => {
    const criteria = resolveCriteria({ requestId: 'r', phase: 'turn-level', from: '2020-01-01T00:00:00.000Z' }, now);
    expect(criteria.from).toBe(new Date(now.getTime() - 60 * 86_400_000).toISOString());
    const narrow = resolveCriteria({ requestId: 'r', phase: 'turn-level', from: '2026-11-20T00:00:00.000Z' }, now);
    expect(narrow.from).toBe('2026-11-20T00:00:00.000Z');
  });
});
