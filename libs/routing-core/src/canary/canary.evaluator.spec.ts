import { createSeededRandom } from '../random/seeded-random';
import { AgentRecord } from '../registry/agent-registry.model';
import { applyCanaryVerdict, evaluateCanary, probabilityBetaGreater } from './canary.evaluator';

describe('evaluateCanary', () => {
  const random = () => createSeededRandom('canary');

  it('promotes a child that is credibly better than its parent', () => {
    const evaluation = evaluateCanary({ alpha: 45, beta: 7, count: 50 }, { alpha: 60, beta: 42, count: 100 }, { random: random() });
    expect(evaluation.verdict).toBe('promote');
    expect(evaluation.probabilityChildBetter).toBeGreaterThanOrEqual(0.95);
  });

  it('rolls back a child that is credibly worse, with the reason', () => {
    const evaluation = evaluateCanary({ alpha: 10, beta: 32, count: 40 }, { alpha: 60, beta: 42, count: 100 }, { random: random() });
    expect(evaluation.verdict).toBe('rollback');
    expect(evaluation.reason).toContain('credibly worse');
  });

  it('continues while the evidence is mixed or the child has too few rewards of its own', () => {
    expect(evaluateCanary({ alpha: 13, beta: 9, count: 20 }, { alpha: 60, beta: 42, count: 100 }, { random: random() }).verdict).toBe('continue');
    const early = evaluateCanary({ alpha: 6, beta: 1, count: 5 }, { alpha: 20, beta: 80, count: 100 }, { random: random(), minChildSamples: 10 });
    expect(early.verdict).toBe('continue');
    expect(early.probabilityChildBetter).toBeGreaterThan(0.95);
  });

  it('estimates P(child > parent) like the closed form for Beta(1,1) vs Beta(2,1) (= 1/3)', () => {
    expect(probabilityBetaGreater({ alpha: 1, beta: 1 }, { alpha: 2, beta: 1 }, createSeededRandom(7), 40_000)).toBeCloseTo(1 / 3, 2);
  });
});

describe('applyCanaryVerdict', () => {
  const parent: AgentRecord = { agentId: 'a', version: '1', capabilities: ['x'], maxConcurrency: 2, status: 'active' };
  const child: AgentRecord = {
    ...parent,
    agentId: 'a@2',
    version: '2',
    status: 'canary',
    lineage: { baseAgentId: 'a', parentAgentId: 'a', parentVersion: '1', trainingBatchIds: ['batch-9'] },
  };

  it('promotion activates the child and retires the parent', () => {
    const { agents, change } = applyCanaryVerdict([parent, child], 'a@2', { verdict: 'promote', reason: 'P = 0.97' });
    expect(agents.map((agent) => agent.status)).toEqual(['retired', 'active']);
    expect(change).toEqual({ kind: 'promoted', agentId: 'a@2', parentAgentId: 'a', reason: 'P = 0.97' });
  });

  it('rollback stops routing to the child and records why', () => {
    const { agents, change } = applyCanaryVerdict([parent, child], 'a@2', { verdict: 'rollback', reason: 'P = 0.01' });
    expect(agents[1]).toMatchObject({ status: 'rolled-back', statusReason: 'rolled back: P = 0.01' });
    expect(agents[0].status).toBe('active');
    expect(change?.kind).toBe('rolled-back');
  });

  it('changes nothing for continue or for an agent that is not a canary', () => {
    expect(applyCanaryVerdict([parent, child], 'a@2', { verdict: 'continue', reason: '' }).change).toBeNull();
    expect(applyCanaryVerdict([parent, child], 'a', { verdict: 'promote', reason: '' }).change).toBeNull();
  });
});
