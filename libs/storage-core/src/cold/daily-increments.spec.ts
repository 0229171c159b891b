import type { TierFacts } from '../warm/datapoint-document';
import type { AgentStatsDailyDocument } from './agent-stats-daily.schema';
import { aggregateKeyOf, buildDailyIncrements, cellSumsOfDocument, complexityCountsOf } from './daily-increments';
import { latencyBucketIndex } from '../hot/latency-histogram';

const facts = (overrides: Partial<TierFacts>): TierFacts => ({
  id: 'p', agentId: 'agent-a', taskType: 'code-editing', complexity: 'standard', timestampMs: Date.parse('2026-11-21T10:00:00Z'),
  success: true, complete: true, rlReady: true, cawsCompliant: true, quality: 0.8, reward: 0.7, tokens: 100, latencyMs: 1000, ...overrides,
});

/** What MongoDB would hold after applying the increments to an empty document. */
function applied(inc: Record<string, number>): AgentStatsDailyDocument {
  const document: Record<string, unknown> = {};
  for (const [path, amount] of Object.entries(inc)) {
    const parts = path.split('.');
    let target = document;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    const last = parts[parts.length - 1];
    target[last] = ((target[last] as number) ?? 0) + amount;
  }
  return document as unknown as AgentStatsDailyDocument;
}

describe('cold daily increments', () => {
  it('groups points by (UTC day, agent, task type)', () => {
    const increments = buildDailyIncrements([
      facts({ id: '1' }),
      facts({ id: '2', timestampMs: Date.parse('2026-11-21T23:59:59Z') }),
      facts({ id: '3', timestampMs: Date.parse('2026-11-22T00:00:00Z') }),
      facts({ id: '4', agentId: 'agent-b' }),
      facts({ id: '5', taskType: 'research' }),
    ]);
    expect(increments.map((increment) => [increment.key, increment.points])).toEqual([
      [aggregateKeyOf('2026-11-21', 'agent-a', 'code-editing'), 2],
      [aggregateKeyOf('2026-11-22', 'agent-a', 'code-editing'), 1],
      [aggregateKeyOf('2026-11-21', 'agent-b', 'code-editing'), 1],
      [aggregateKeyOf('2026-11-21', 'agent-a', 'research'), 1],
    ]);
  });

  it('sums counts, quality and latency (with squares and histogram) overall and per complexity', () => {
    const [increment] = buildDailyIncrements([
      facts({ id: '1', quality: 0.5, latencyMs: 100 }),
      facts({ id: '2', quality: 0.9, latencyMs: 4000, success: false, complexity: 'complex' }),
      facts({ id: '3', quality: undefined, reward: undefined, latencyMs: undefined, complete: false, tokens: 0 }),
    ]);
    const document = applied(increment.inc);
    const all = cellSumsOfDocument(document);
    expect(all).toMatchObject({
      count: 3, successes: 2, complete: 2, qualityCount: 2, qualitySum: 1.4, latencyCount: 2, latencySum: 4100, latencySumOfSquares: 100 * 100 + 4000 * 4000,
      rewardCount: 2, tokensSum: 200,
    });
    expect(all.qualitySumOfSquares).toBeCloseTo(0.25 + 0.81, 10);
    expect(all.latencyHistogram).toEqual({ [latencyBucketIndex(100)]: 1, [latencyBucketIndex(4000)]: 1 });
    expect(cellSumsOfDocument(document, 'complex')).toMatchObject({ count: 1, successes: 0, qualitySum: 0.9 });
    expect(complexityCountsOf(document)).toEqual({ trivial: 0, standard: 2, complex: 1 });
  });
});
