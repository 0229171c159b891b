import { ExportCandidate, rebalance, selectBatch, splitOf, waterFill } from './batch-selection';
import { resolveCriteria, ResolvedCriteria } from './export-criteria';

const now = new Date('2026-11-21T12:00:00.000Z');

function candidate(id: string, overrides: Partial<ExportCandidate> = {}): ExportCandidate {
  return {
    id, taskType: 'code-editing', complexity: 'standard', agentId: 'agent-1', tenantId: 'tenant-a', quality: 0.9, success: true,
    reward: 0.85, difficulty: 0.5, timestampMs: now.getTime() - 3_600_000, promptHash: `prompt-${id}`, hasCompletion: true, stepCount: 2,
    ...overrides,
  };
}

function criteria(overrides: Partial<ResolvedCriteria> & Pick<ResolvedCriteria, 'phase'>): ResolvedCriteria {
  return { ...resolveCriteria({ requestId: 'r', phase: overrides.phase }, now), minCount: 1, minTaskTypes: 0, minAgents: 0, ...overrides };
}

describe('selectBatch', () => {
  it('keeps quality points, excludes failures unless asked, and counts why each point was left out', () => {
    const pool = [candidate('a'), candidate('b', { quality: 0.5 }), candidate('c', { success: false, quality: 0.2, reward: 0 }), candidate('d', { hasCompletion: false })];
    const strict = selectBatch(pool, criteria({ phase: 'sft', minQuality: 0.8 }));
    expect(strict.items.map((item) => item.id)).toEqual(['a']);
    expect(strict.counts).toMatchObject({ candidates: 4, eligible: 1, belowQuality: 1, failuresExcluded: 1, missingCompletion: 1, selected: 1 });
    const withFailures = selectBatch(pool, criteria({ phase: 'sft', minQuality: 0.8, includeFailures: true }));
    expect(withFailures.items.map((item) => item.id).sort()).toEqual(['a', 'c']);
  });

  it('de-duplicates by normalised prompt hash, keeping the best then freshest answer', () => {
    const pool = [
      candidate('old-good', { promptHash: 'same', quality: 0.95, timestampMs: 1 }),
      candidate('new-worse', { promptHash: 'same', quality: 0.85, timestampMs: 2 }),
      candidate('other', { promptHash: 'different' }),
    ];
    const selection = selectBatch(pool, criteria({ phase: 'grpo' }));
    expect(selection.items.map((item) => item.id).sort()).toEqual(['old-good', 'other']);
    expect(selection.counts.duplicatesRemoved).toBe(1);
  });

  it('rebalances task type × complexity strata by water-filling, preferring fresh points inside a stratum', () => {
    const pool = [
      ...Array.from({ length: 60 }, (_, index) => candidate(`edit-${index}`, { timestampMs: index })),
      ...Array.from({ length: 10 }, (_, index) => candidate(`research-${index}`, { taskType: 'research' })),
      ...Array.from({ length: 30 }, (_, index) => candidate(`design-${index}`, { taskType: 'design', complexity: 'complex' })),
    ];
    const selection = selectBatch(pool, criteria({ phase: 'grpo', maxCount: 45, rebalance: true }));
    const byType = (type: string): number => selection.items.filter((item) => item.id.startsWith(type)).length;
    expect(selection.items).toHaveLength(45);
    expect(byType('research')).toBe(10);
    expect(byType('edit')).toBe(18);
    expect(byType('design')).toBe(17);
    // the freshest code-editing points (highest timestamps) won their stratum
    const edits = selection.items.filter((item) => item.id.startsWith('edit')).map((item) => Number(item.id.split('-')[1]));
    expect(Math.min(...edits)).toBe(60 - 18);
    expect(selection.counts.rebalancedAway).toBe(55);
  });

  it('caps a dominant stratum without maxCount but never drops below minCount', () => {
    const pool = [
      ...Array.from({ length: 100 }, (_, index) => candidate(`edit-${index}`)),
      ...Array.from({ length: 2 }, (_, index) => candidate(`research-${index}`, { taskType: 'research' })),
    ];
    const capped = rebalance(pool, criteria({ phase: 'grpo', rebalance: true, minCount: 1 }), (item) => item.taskType, () => 0);
    // cap = ceil(3 × 102 / 2) = 153 ≥ 100: nothing dropped; a smaller ratio case below
    expect(capped).toHaveLength(102);
    const many = [...pool, ...Array.from({ length: 4 }, (_, index) => candidate(`x-${index}`, { taskType: `t${index}` }))];
    const balanced = rebalance(many, criteria({ phase: 'grpo', rebalance: true, minCount: 1 }), (item) => item.taskType, () => 0);
    expect(balanced.filter((item) => item.taskType === 'code-editing')).toHaveLength(Math.ceil((3 * 106) / 6));
    const floor = rebalance(many, criteria({ phase: 'grpo', rebalance: true, minCount: 100 }), (item) => item.taskType, () => 0);
    expect(floor).toHaveLength(100);
  });

  it('shares a target evenly with water-filling', () => {
    const quotas = waterFill([{ key: 'a', size: 2 }, { key: 'b', size: 100 }, { key: 'c', size: 100 }], 50);
    expect([...quotas.values()]).toEqual([2, 24, 24]);
  });

  it('splits train/eval by the hash of the point id: deterministic and independent of the rest of the batch', () => {
    const pool = Array.from({ length: 2000 }, (_, index) => candidate(`p-${index}`));
    const first = selectBatch(pool, criteria({ phase: 'grpo' }));
    const again = selectBatch([...pool].reverse(), criteria({ phase: 'grpo' }));
    expect(again.items).toEqual(first.items);
    const alone = selectBatch([candidate('p-7')], criteria({ phase: 'grpo' }));
    expect(alone.items[0].split).toBe(first.items.find((item) => item.id === 'p-7')?.split);
    expect(first.counts.eval / 2000).toBeGreaterThan(0.07);
    expect(first.counts.eval / 2000).toBeLessThan(0.13);
    expect(first.counts.train + first.counts.eval).toBe(2000);
    expect(splitOf('p-1', 0)).toBe('train');
  });

  it('orders a curriculum by difficulty and requires every task type of the window', () => {
    const pool = [
      candidate('hard', { difficulty: 0.9, complexity: 'complex' }),
      candidate('easy', { difficulty: 0.1, complexity: 'trivial', taskType: 'research' }),
      candidate('mid', { difficulty: 0.5 }),
    ];
    const selection = selectBatch(pool, criteria({ phase: 'curriculum', minQuality: 0.6, fullTaskDistribution: true }), { windowTaskTypes: ['code-editing', 'design', 'research'] });
    expect(selection.items.map((item) => item.id)).toEqual(['easy', 'mid', 'hard']);
    expect(selection.shortfalls).toEqual([expect.objectContaining({ criterion: 'fullTaskDistribution', message: expect.stringContaining('design') })]);
  });

  it('states each shortfall: count, task types and agents', () => {
    const selection = selectBatch([candidate('a'), candidate('b')], criteria({ phase: 'grpo', minCount: 10, minTaskTypes: 2, minAgents: 3 }));
    expect(selection.shortfalls.map((shortfall) => shortfall.criterion)).toEqual(['minCount', 'minTaskTypes', 'minAgents']);
    expect(selection.shortfalls[0]).toMatchObject({ required: 10, actual: 2 });
    expect(selection.shortfalls[2]).toMatchObject({ required: 3, actual: 1 });
  });

  it('mines preference pairs from one prompt routed to different agents with different outcomes', () => {
    const pool = [
      candidate('good', { promptHash: 'p1', agentId: 'agent-a', quality: 0.95, reward: 0.9 }),
      candidate('bad', { promptHash: 'p1', agentId: 'agent-b', quality: 0.3, reward: 0.1, success: false }),
      candidate('same-agent-bad', { promptHash: 'p1', agentId: 'agent-a', quality: 0.2, reward: 0, success: false }),
      candidate('close', { promptHash: 'p2', agentId: 'agent-a', quality: 0.9, reward: 0.8 }),
      candidate('close-too', { promptHash: 'p2', agentId: 'agent-b', quality: 0.88, reward: 0.78 }),
      candidate('lonely', { promptHash: 'p3', agentId: 'agent-c' }),
    ];
    const selection = selectBatch(pool, criteria({ phase: 'preference', minQuality: 0.7 }));
    expect(selection.items).toEqual([{ id: 'good', rejectedId: 'bad', split: expect.stringMatching(/train|eval/) }]);
    expect(selection.counts.pairsMined).toBe(1);
    const noFailures = selectBatch(pool, criteria({ phase: 'preference', minQuality: 0.7, includeFailures: false }));
    expect(noFailures.items).toEqual([]);
  });
});
