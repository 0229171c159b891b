import { createSeededRandom } from '../random/seeded-random';
import { AgentRecord } from '../registry/agent-registry.model';
import { InMemoryArmStatisticsStore } from '../statistics/in-memory-arm-statistics.store';
import { ScriptedRandom } from '../testing/scripted-random';
import { RoutingConfig, createRoutingConfig, policyVersionFor } from './routing-config.model';
import { Topic, validateEventData } from '@benchpool/contracts';
import { RouteRequest, decideRoute } from './router';
import { toDecisionEvent } from './routing-decision.model';

const agent = (agentId: string, overrides: Partial<AgentRecord> = {}): AgentRecord => ({
  agentId,
  version: '1',
  capabilities: ['typescript'],
  maxConcurrency: 4,
  status: 'active',
  ...overrides,
});

function request(overrides: Partial<RouteRequest> = {}): RouteRequest {
  return {
    decisionId: 'decision-1',
    task: { taskId: 'task-1', type: 'code-editing', complexity: 'standard', requirements: ['typescript'] },
    agents: [agent('a'), agent('b'), agent('c')],
    inFlight: {},
    armStats: new InMemoryArmStatisticsStore({ discountFactor: 1 }),
    decidedAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function trainedStore(rewards: Record<string, number[]>): InMemoryArmStatisticsStore {
  const store = new InMemoryArmStatisticsStore({ discountFactor: 1 });
  for (const [agentId, values] of Object.entries(rewards)) {
    for (const value of values) store.applyReward(agentId, 'code-editing', 'standard', value);
  }
  return store;
}

describe('decideRoute', () => {
  const config = createRoutingConfig();

  it('returns a decision with selectedAgentId null that says which filter removed whom', () => {
    const decision = decideRoute(
      request({
        agents: [agent('busy', { maxConcurrency: 2 }), agent('python-only', { capabilities: ['python'] }), agent('old', { status: 'rolled-back' })],
        inFlight: { busy: 2 },
      }),
      config,
      createSeededRandom(1),
    );
    expect(decision.selectedAgentId).toBeNull();
    expect(decision.candidates).toEqual([]);
    expect(decision.propensity).toBe(1);
    expect(decision.rationale.primaryReason).toMatch(/^no eligible agent/);
    expect(decision.rationale.primaryReason).toContain('utilisation filter removed busy');
    expect(decision.rationale.primaryReason).toContain('capability filter removed python-only');
    expect(decision.rationale.primaryReason).toContain('status filter removed old');
    expect(decision.excluded).toHaveLength(3);
  });

  it('sends at most maxCandidates into the bandit, best first by posterior mean', () => {
    const agents = Array.from({ length: 14 }, (_, index) => agent(`agent-${String(index).padStart(2, '0')}`));
    const rewards = Object.fromEntries(agents.map((entry, index) => [entry.agentId, Array.from({ length: 10 }, (_, step) => (step < index % 10 ? 1 : 0))]));
    const decision = decideRoute(request({ agents, armStats: trainedStore(rewards) }), config, createSeededRandom(2));
    expect(decision.candidates).toHaveLength(10);
    const means = decision.candidates.map((candidate) => candidate.performanceScore);
    expect([...means].sort((left, right) => right - left)).toEqual(means);
    expect(decision.rationale.secondaryFactors.join(' ')).toContain('4 eligible agent(s) beyond the best 10');
  });

  it('fills every candidate score and keeps the propensity in (0, 1]', () => {
    const store = trainedStore({ a: [1, 1, 0.8, 0.9, 1, 0.7], b: [0.2, 0.4, 0, 0.3, 0.1, 0.5], c: [0.6, 0.5] });
    for (const strategy of ['thompson-sampling', 'ucb1', 'epsilon-greedy', 'capability-match', 'load-balance'] as const) {
      const decision = decideRoute(request({ armStats: store, inFlight: { b: 2 } }), createRoutingConfig({ policy: { strategy } }), createSeededRandom(strategy));
      expect(decision.strategy).toBe(strategy);
      expect(decision.propensity).toBeGreaterThan(0);
      expect(decision.propensity).toBeLessThanOrEqual(1);
      expect(decision.confidence).toBeGreaterThanOrEqual(0);
      expect(decision.confidence).toBeLessThanOrEqual(1);
      for (const candidate of decision.candidates) {
        expect(candidate.selectionReason.length).toBeGreaterThan(0);
        expect(Number.isFinite(candidate.finalScore)).toBe(true);
      }
      const b = decision.candidates.find((candidate) => candidate.agentId === 'b');
      expect(b?.loadScore).toBeCloseTo(0.5, 12);
      expect(decision.candidates.find((candidate) => candidate.agentId === 'a')?.performanceScore).toBeCloseTo((1 + 5.4) / (2 + 6), 12);
    }
  });

  it('records the Monte-Carlo draws for Thompson sampling and a confidence that varies with the evidence', () => {
    const store = new InMemoryArmStatisticsStore({ discountFactor: 1 });
    const random = createSeededRandom('varying');
    const confidences = new Set<string>();
    for (let index = 0; index < 30; index += 1) {
      const decision = decideRoute(request({ decisionId: `d-${index}`, armStats: store }), config, random);
      expect(decision.propensityDraws).toBe(config.policy.thompsonSampling.propensityDraws);
      confidences.add(decision.confidence.toFixed(3));
      const chosen = decision.selectedAgentId as string;
      store.applyReward(chosen, 'code-editing', 'standard', chosen === 'a' ? 0.9 : 0.3);
    }
    expect(confidences.size).toBeGreaterThan(5);
  });

  it('falls back to capability match, says so, and still routes when statistics are unavailable', () => {
    const decision = decideRoute(request({ armStats: null }), config, createSeededRandom(3));
    expect(decision).toMatchObject({ strategy: 'fallback', fallback: true, selectedAgentId: 'a', propensity: 1 });
    expect(decision.rationale.primaryReason).toContain('fallback (routing statistics are unavailable)');
    expect(decision.policyVersion).not.toBe(policyVersionFor(config, 'code-editing'));
    const forced = decideRoute(request({ fallbackReason: 'Redis read timed out' }), config, createSeededRandom(3));
    expect(forced.rationale.primaryReason).toContain('Redis read timed out');
  });

  it('chooses the strategy per task type', () => {
    const perType: RoutingConfig = createRoutingConfig({ perTaskType: { research: { strategy: 'ucb1' } } });
    const research = decideRoute(request({ task: { taskId: 't', type: 'research', complexity: 'trivial', requirements: [] } }), perType, createSeededRandom(4));
    const coding = decideRoute(request(), perType, createSeededRandom(4));
    expect(research.strategy).toBe('ucb1');
    expect(coding.strategy).toBe('thompson-sampling');
    expect(research.policyVersion).not.toBe(coding.policyVersion);
  });

  it('routes the canary share to a new version until it has enough segment samples, with the matching propensity', () => {
    const child = agent('a@2', { status: 'canary', lineage: { baseAgentId: 'a', parentAgentId: 'a', parentVersion: '1', trainingBatchIds: ['batch-1'] } });
    const canaryConfig = createRoutingConfig({ canary: { share: 0.1, minSamples: 3 }, policy: { strategy: 'epsilon-greedy' } });
    const agents = [agent('a'), agent('b'), child];
    const store = trainedStore({ a: [1, 1, 1, 1, 1, 1], b: [0, 0, 0, 0, 0, 0] });

    const toCanary = decideRoute(request({ agents, armStats: store }), canaryConfig, new ScriptedRandom([0.05]));
    expect(toCanary).toMatchObject({ selectedAgentId: 'a@2', canaryAgentId: 'a@2', propensity: 0.1, explored: true });
    expect(toCanary.rationale.primaryReason).toContain('u=0.0500 < canary share 0.1000');

    const notCanary = decideRoute(request({ agents, armStats: store }), canaryConfig, new ScriptedRandom([0.5, 0.9]));
    expect(notCanary.selectedAgentId).toBe('a');
    expect(notCanary.propensity).toBeCloseTo(0.9 * (0.9 + 0.1 / 2), 12);
    const probabilities = Object.values(notCanary.candidateProbabilities ?? {});
    expect(probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 12);

    for (let index = 0; index < 3; index += 1) store.applyReward('a@2', 'code-editing', 'standard', 1);
    const graduated = decideRoute(request({ agents, armStats: store }), canaryConfig, new ScriptedRandom([0.9]));
    expect(graduated.canaryAgentId).toBeUndefined();
    expect(graduated.candidates.map((candidate) => candidate.agentId).sort()).toEqual(['a', 'a@2', 'b']);
  });

  it('produces routing.decision.made.v1 payloads that pass the contract, whatever the outcome', () => {
    const store = trainedStore({ a: [1, 0.8], b: [0.2] });
    const decisions = [
      decideRoute(request({ armStats: store }), config, createSeededRandom(5)),
      decideRoute(request({ agents: [agent('a')], armStats: store }), config, createSeededRandom(5)),
      decideRoute(request({ agents: [agent('a', { capabilities: [] })] }), config, createSeededRandom(5)),
      decideRoute(request({ armStats: null }), config, createSeededRandom(5)),
      decideRoute(request({ armStats: store }), createRoutingConfig({ policy: { strategy: 'ucb1' } }), createSeededRandom(5)),
    ];
    for (const decision of decisions) {
      const event = toDecisionEvent(decision);
      const validation = validateEventData(Topic.DecisionMade, event);
      expect(validation).toEqual({ ok: true, value: event });
      expect(Object.keys(event)).not.toContain('excluded');
    }
    expect(decisions[1].propensityDraws).toBeUndefined();
    expect(decisions[0]).toMatchObject({ taskType: 'code-editing', complexity: 'standard', selectedAgentVersion: '1' });
  });

  it('is reproducible for a seed', () => {
    const store = trainedStore({ a: [1, 0, 1], b: [0, 1], c: [1] });
    const first = decideRoute(request({ armStats: store }), config, createSeededRandom('same'));
    const second = decideRoute(request({ armStats: store }), config, createSeededRandom('same'));
    expect(second).toEqual(first);
  });
});

describe('policyVersionFor', () => {
  it('is stable for equal configs and changes with any setting that shapes decisions', () => {
    const base = policyVersionFor(createRoutingConfig(), 'code-editing');
    expect(policyVersionFor(createRoutingConfig(), 'code-editing')).toBe(base);
    expect(base).toMatch(/^thompson-sampling-[0-9a-f]{8}$/);
    expect(policyVersionFor(createRoutingConfig({ discountFactor: 0.99 }), 'code-editing')).not.toBe(base);
    expect(policyVersionFor(createRoutingConfig({ policy: { thompsonSampling: { propensityDraws: 500, evidenceWeight: 5 } } }), 'code-editing')).not.toBe(base);
    // ε-greedy's knobs do not shape a Thompson-sampling decision
    expect(policyVersionFor(createRoutingConfig({ policy: { epsilonGreedy: { initialEpsilon: 0.3, decay: 0.9, floor: 0.05 } } }), 'code-editing')).toBe(base);
  });

  it('rejects an invalid config naming the setting', () => {
    expect(() => createRoutingConfig({ discountFactor: 0 })).toThrow(/discountFactor/);
    expect(() => createRoutingConfig({ policy: { strategy: 'greedy' as never } })).toThrow(/policy.strategy/);
  });
});
