import { createSeededRandom } from '../random/seeded-random';
import { createRoutingConfig } from '../routing/routing-config.model';
import { LoggedDecision, evaluatePolicyOffline } from './off-policy-evaluation';
import { createOfflinePolicy, createStaticPolicy } from './offline-policies';

const successRate: Record<string, number> = { a: 0.8, b: 0.5, c: 0.2 };

/** Uniform random logging over three agents with Bernoulli rewards: every value is known exactly. */
function uniformLog(size: number, seed: string): LoggedDecision[] {
  const random = createSeededRandom(seed);
  const agents = ['a', 'b', 'c'];
  return Array.from({ length: size }, (_, index) => {
    const chosenAgentId = agents[Math.floor(random.next() * 3)];
    return {
      context: { taskId: `task-${index}`, type: 'code-editing', complexity: 'standard' },
      candidates: agents.map((agentId, position) => ({
        agentId,
        capabilityScore: [0.95, 0.92, 0.9][position],
        performanceScore: 0.5,
        loadScore: [0.5, 1, 1][position],
      })),
      chosenAgentId,
      propensity: 1 / 3,
      reward: random.next() < successRate[chosenAgentId] ? 1 : 0,
    };
  });
}

describe('evaluatePolicyOffline', () => {
  const logs = uniformLog(3000, 'ope-synthetic');
  const config = createRoutingConfig({ discountFactor: 1 });

  it('recovers a deterministic policy’s known value (capability match always picks a: 0.8) within the CI', () => {
    const result = evaluatePolicyOffline(logs, createOfflinePolicy('capability-match', config), { seed: 1 });
    for (const estimate of [result.ips, result.snips]) {
      expect(estimate.lower).toBeLessThanOrEqual(0.8);
      expect(estimate.upper).toBeGreaterThanOrEqual(0.8);
      expect(estimate.upper - estimate.lower).toBeLessThan(0.12);
    }
    // weight 3 on the third of decisions where a was logged: ESS ≈ n/3
    expect(result.effectiveSampleSize).toBeGreaterThan(900);
    expect(result.effectiveSampleSize).toBeLessThan(1100);
    expect(result.maxWeight).toBeCloseTo(3, 12);
    expect(result.loggingPolicyValue.estimate).toBeCloseTo(0.5, 1);
  });

  it('recovers a stochastic policy’s known value (0.5·0.8 + 0.3·0.5 + 0.2·0.2 = 0.59) within the CI', () => {
    const policy = createStaticPolicy('fixed-mix', () => ({ a: 0.5, b: 0.3, c: 0.2 }));
    const result = evaluatePolicyOffline(logs, policy, { seed: 2 });
    expect(result.ips.lower).toBeLessThanOrEqual(0.59);
    expect(result.ips.upper).toBeGreaterThanOrEqual(0.59);
    expect(result.snips.lower).toBeLessThanOrEqual(0.59);
    expect(result.snips.upper).toBeGreaterThanOrEqual(0.59);
    expect(result.supportRate).toBe(1);
  });

  it('gives an unsupported policy zero weight and says so', () => {
    const never = createStaticPolicy('agent-d-only', () => ({ d: 1 }));
    const result = evaluatePolicyOffline(logs.slice(0, 100), never, { seed: 3, bootstrapSamples: 50 });
    expect(result.supportRate).toBe(0);
    expect(result.ips.estimate).toBe(0);
    expect(Number.isNaN(result.snips.estimate)).toBe(true);
  });

  it('replays learning policies: bandits learn from the log to beat the uniform logger', () => {
    for (const strategy of ['ucb1', 'thompson-sampling', 'epsilon-greedy'] as const) {
      const result = evaluatePolicyOffline(logs.slice(0, 1500), createOfflinePolicy(strategy, config, { thompsonDraws: 200 }), { seed: 4, bootstrapSamples: 200 });
      expect(result.snips.estimate).toBeGreaterThan(0.7);
      expect(result.snips.lower).toBeGreaterThan(result.loggingPolicyValue.upper);
    }
  });

  it('is reproducible for a seed and rejects impossible logs', () => {
    const policy = () => createStaticPolicy('fixed-mix', () => ({ a: 0.5, b: 0.3, c: 0.2 }));
    expect(evaluatePolicyOffline(logs, policy(), { seed: 9 })).toEqual(evaluatePolicyOffline(logs, policy(), { seed: 9 }));
    expect(() => evaluatePolicyOffline([{ ...logs[0], propensity: 0 }], policy())).toThrow(/propensity/);
    expect(() => evaluatePolicyOffline([{ ...logs[0], chosenAgentId: 'zz' }], policy())).toThrow(/not among the candidates/);
  });
});
