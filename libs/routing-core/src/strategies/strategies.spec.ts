import { createSeededRandom } from '../random/seeded-random';
import { UNIFORM_PRIOR, posteriorMean } from '../statistics/arm-statistics.model';
import { ResolvedArmStats } from '../statistics/arm-statistics.resolver';
import { ScriptedRandom } from '../testing/scripted-random';
import { CapabilityMatchStrategy } from './capability-match.strategy';
import { EpsilonGreedyStrategy, epsilonAt } from './epsilon-greedy.strategy';
import { LoadBalanceStrategy } from './load-balance.strategy';
import { ArmCandidate, RoutingStrategy, StrategyContext } from './strategy.model';
import { ThompsonSamplingStrategy, clampMonteCarloPropensity, thompsonWinProbabilities, weightedPosterior } from './thompson-sampling.strategy';
import { Ucb1Strategy } from './ucb1.strategy';

function posterior(alpha: number, beta: number, level: ResolvedArmStats['level'] = 'segment'): ResolvedArmStats {
  return {
    alpha,
    beta,
    level,
    key: 'k',
    count: Math.round(alpha + beta - 2),
    effectiveSamples: alpha + beta - 2,
    mean: posteriorMean({ alpha, beta }),
    segmentCount: Math.round(alpha + beta - 2),
  };
}

function candidate(agentId: string, alpha: number, beta: number, overrides: Partial<ArmCandidate> = {}): ArmCandidate {
  return { agentId, capabilityScore: 0.95, loadScore: 1, utilisation: 0, posterior: posterior(alpha, beta), ...overrides };
}

const context = (seed: number | string, decisionsInSegment = 0): StrategyContext => ({
  random: createSeededRandom(seed),
  prior: UNIFORM_PRIOR,
  decisionsInSegment,
});

const arms = [candidate('a', 30, 10), candidate('b', 12, 10), candidate('c', 3, 2), candidate('d', 8, 30)];

/** P(X > Y) for X ~ Beta(a1, b1), Y ~ Beta(a2, b2) by fine numerical integration of f_X · F_Y. */
function exactProbabilityGreater(a1: number, b1: number, a2: number, b2: number): number {
  const steps = 20_000;
  const logBeta = (a: number, b: number) => logGamma(a) + logGamma(b) - logGamma(a + b);
  const density = (x: number, a: number, b: number) => Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x) - logBeta(a, b));
  let cumulativeY = 0;
  let probability = 0;
  for (let step = 0; step < steps; step += 1) {
    const x = (step + 0.5) / steps;
    cumulativeY += density(x, a2, b2) / steps;
    probability += (density(x, a1, b1) * (cumulativeY - density(x, a2, b2) / (2 * steps))) / steps;
  }
  return probability;
}

function logGamma(value: number): number {
  // Lanczos approximation
  const coefficients = [676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (value < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * value)) - logGamma(1 - value);
  const shifted = value - 1;
  let sum = 0.99999999999980993;
  coefficients.forEach((coefficient, index) => (sum += coefficient / (shifted + index + 1)));
  const t = shifted + coefficients.length - 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}

describe.each<[string, () => RoutingStrategy]>([
  ['ucb1', () => new Ucb1Strategy()],
  ['epsilon-greedy', () => new EpsilonGreedyStrategy()],
  ['capability-match', () => new CapabilityMatchStrategy()],
  ['load-balance', () => new LoadBalanceStrategy()],
])('%s exact propensities', (_name, create) => {
  it.each([1, 2, 3, 4, 5])('sum to 1 over the candidates and match the chosen one (seed %p)', (seed) => {
    const candidates = arms.map((arm, index) => ({ ...arm, utilisation: [0, 0, 0.5, 0.2][(index + seed) % 4], loadScore: 1 - [0, 0, 0.5, 0.2][(index + seed) % 4] }));
    const result = create().select(candidates, context(seed, seed * 10));
    const probabilities = result.actionProbabilities as number[];
    expect(probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 12);
    expect(result.propensity).toBeCloseTo(probabilities[result.selectedIndex], 12);
    expect(result.propensity).toBeGreaterThan(0);
    expect(result.propensity).toBeLessThanOrEqual(1);
    expect(result.finalScores).toHaveLength(candidates.length);
    expect(result.selectionReasons).toHaveLength(candidates.length);
  });
});

describe('ThompsonSamplingStrategy', () => {
  it('estimates the 2-arm propensity close to the exact P(chosen arm is best)', () => {
    const pair = [candidate('a', 12, 8), candidate('b', 9, 9)];
    const exactA = exactProbabilityGreater(12, 8, 9, 9);
    const strategy = new ThompsonSamplingStrategy({ propensityDraws: 4000, evidenceWeight: 1 });
    for (const seed of [1, 2, 3]) {
      const result = strategy.select(pair, context(seed));
      const exact = result.selectedIndex === 0 ? exactA : 1 - exactA;
      expect(result.propensityDraws).toBe(4000);
      expect(Math.abs(result.propensity - exact)).toBeLessThan(0.03);
      expect(result.confidence).toBe(result.propensity);
    }
    const estimated = thompsonWinProbabilities([pair[0].posterior, pair[1].posterior], 20_000, createSeededRandom('win'));
    expect(estimated[0]).toBeCloseTo(exactA, 2);
  });

  it('clamps the Monte-Carlo propensity into [1/(K+1), 1]', () => {
    expect(clampMonteCarloPropensity(0, 200)).toBeCloseTo(1 / 201, 12);
    expect(clampMonteCarloPropensity(50, 200)).toBe(0.25);
    expect(clampMonteCarloPropensity(200, 200)).toBe(1);
  });

  it('calls a pick "exploit" only when the chosen arm also has the highest posterior mean', () => {
    const strategy = new ThompsonSamplingStrategy({ propensityDraws: 50, evidenceWeight: 1 });
    let explorations = 0;
    for (let seed = 0; seed < 200; seed += 1) {
      const result = strategy.select([candidate('leader', 8, 4), candidate('challenger', 5, 4)], context(seed));
      const chosen = result.selectedIndex === 0 ? 'leader' : 'challenger';
      expect(result.explored).toBe(chosen === 'challenger');
      expect(result.primaryReason).toContain(result.explored ? 'explored' : 'exploited');
      expect(result.primaryReason).toContain(`θ=${result.finalScores[result.selectedIndex].toFixed(3)}`);
      if (result.explored) explorations += 1;
    }
    expect(explorations).toBeGreaterThan(10);
    expect(explorations).toBeLessThan(100);
  });

  it('samples from the posterior with its segment evidence weighted, exploring less as the weight grows', () => {
    const explorations = (evidenceWeight: number) => {
      const strategy = new ThompsonSamplingStrategy({ propensityDraws: 1, evidenceWeight });
      let count = 0;
      for (let seed = 0; seed < 300; seed += 1) {
        if (strategy.select([candidate('leader', 14, 6), candidate('challenger', 11, 8)], context(`w-${seed}`)).explored) count += 1;
      }
      return count;
    };
    expect(explorations(5)).toBeLessThan(explorations(1) * 0.7);
    expect(weightedPosterior({ alpha: 3, beta: 2 }, 4, UNIFORM_PRIOR)).toEqual({ alpha: 9, beta: 5 });
    // a backed-off posterior is an informed prior, not sharpened
    expect(weightedPosterior(posterior(3, 2, 'task-type'), 4, UNIFORM_PRIOR)).toMatchObject({ alpha: 3, beta: 2 });
    // the premium fades while the arm sits idle: after 10 idle ticks at γ = 0.5 it is ~gone
    const idle = weightedPosterior({ ...posterior(3, 2), idleTicks: 1 }, 4, UNIFORM_PRIOR, 0.5);
    expect(idle.alpha).toBeCloseTo(1 + 2 * 2.5, 12);
    const stale = weightedPosterior({ ...posterior(3, 2), idleTicks: 10 }, 4, UNIFORM_PRIOR, 0.5);
    expect(stale.alpha).toBeCloseTo(1 + 2 * (1 + 3 * 0.5 ** 10), 12);
  });

  it('gives a lone candidate propensity 1 without drawing', () => {
    const result = new ThompsonSamplingStrategy().select([candidate('only', 3, 3)], context(1));
    expect(result).toMatchObject({ selectedIndex: 0, propensity: 1 });
    expect(result.propensityDraws).toBeUndefined();
  });
});

describe('Ucb1Strategy', () => {
  it('tries untried arms first, lowest id first, deterministically', () => {
    const untried = [candidate('z', 1, 1), candidate('m', 5, 2), candidate('b', 1, 1)];
    const result = new Ucb1Strategy().select(untried, context(1));
    expect(untried[result.selectedIndex].agentId).toBe('b');
    expect(result).toMatchObject({ propensity: 1, confidence: 0, explored: true });
  });

  it('picks the highest mean + √(2 ln N / n) and reports 1 − interval width as confidence', () => {
    const candidates = [candidate('a', 31, 11), candidate('b', 3, 3)];
    const result = new Ucb1Strategy().select(candidates, context(1));
    const total = 40 + 4;
    const scoreA = 30 / 40 + Math.sqrt((2 * Math.log(total)) / 40);
    const scoreB = 2 / 4 + Math.sqrt((2 * Math.log(total)) / 4);
    expect(result.finalScores[0]).toBeCloseTo(scoreA, 12);
    expect(result.finalScores[1]).toBeCloseTo(scoreB, 12);
    expect(result.selectedIndex).toBe(scoreB > scoreA ? 1 : 0);
    const bonus = Math.sqrt((2 * Math.log(total)) / 4);
    expect(result.confidence).toBeCloseTo(1 - (Math.min(1, 0.5 + bonus) - Math.max(0, 0.5 - bonus)), 12);
  });

  it('splits exact ties evenly', () => {
    const result = new Ucb1Strategy().select([candidate('a', 6, 6), candidate('b', 6, 6)], context(3));
    expect(result.propensity).toBe(0.5);
    expect(result.actionProbabilities).toEqual([0.5, 0.5]);
  });
});

describe('EpsilonGreedyStrategy', () => {
  it('decays ε per decision in the segment down to the floor', () => {
    expect(epsilonAt({ initialEpsilon: 0.1, decay: 0.995, floor: 0.01 }, 0)).toBe(0.1);
    expect(epsilonAt({ initialEpsilon: 0.1, decay: 0.995, floor: 0.01 }, 100)).toBeCloseTo(0.1 * 0.995 ** 100, 12);
    expect(epsilonAt({ initialEpsilon: 0.1, decay: 0.995, floor: 0.01 }, 10_000)).toBe(0.01);
  });

  it('uses the single draw that decided explore/exploit for the choice and reports that draw', () => {
    const strategy = new EpsilonGreedyStrategy({ initialEpsilon: 0.2, decay: 1, floor: 0.01 });
    const exploring = new ScriptedRandom([0.15]);
    const explored = strategy.select(arms, { random: exploring, prior: UNIFORM_PRIOR, decisionsInSegment: 0 });
    expect(exploring.draws).toBe(1);
    expect(explored.explored).toBe(true);
    expect(explored.selectedIndex).toBe(Math.floor((0.15 / 0.2) * arms.length));
    expect(explored.primaryReason).toContain('u=0.1500 < ε=0.2000');
    expect(explored.propensity).toBeCloseTo(0.2 / 4, 12);

    const exploiting = new ScriptedRandom([0.7]);
    const exploited = strategy.select(arms, { random: exploiting, prior: UNIFORM_PRIOR, decisionsInSegment: 0 });
    expect(exploiting.draws).toBe(1);
    expect(exploited.explored).toBe(false);
    expect(arms[exploited.selectedIndex].agentId).toBe('a');
    expect(exploited.primaryReason).toContain('u=0.7000 ≥ ε=0.2000');
    expect(exploited.propensity).toBeCloseTo(0.8 + 0.2 / 4, 12);
  });

  it('gives a confidence that follows the posteriors', () => {
    const strategy = new EpsilonGreedyStrategy();
    const close = strategy.select([candidate('a', 11, 10), candidate('b', 10, 11)], { random: new ScriptedRandom([0.9]), prior: UNIFORM_PRIOR, decisionsInSegment: 0 });
    const clear = strategy.select([candidate('a', 90, 10), candidate('b', 10, 90)], { random: new ScriptedRandom([0.9]), prior: UNIFORM_PRIOR, decisionsInSegment: 0 });
    expect(close.confidence).toBeGreaterThan(0.5);
    expect(close.confidence).toBeLessThan(0.7);
    expect(clear.confidence).toBeGreaterThan(0.99);
  });
});

describe('CapabilityMatchStrategy and LoadBalanceStrategy', () => {
  it('capability match: best fit, then lower load, then id', () => {
    const candidates = [
      candidate('c', 2, 2, { capabilityScore: 0.95, utilisation: 0.3 }),
      candidate('b', 2, 2, { capabilityScore: 0.95, utilisation: 0.1 }),
      candidate('a', 2, 2, { capabilityScore: 0.95, utilisation: 0.1 }),
      candidate('z', 2, 2, { capabilityScore: 0.92, utilisation: 0 }),
    ];
    const result = new CapabilityMatchStrategy().select(candidates, context(1));
    expect(candidates[result.selectedIndex].agentId).toBe('a');
    expect(result.propensity).toBe(1);
  });

  it('load balance: the least utilised agent, ties drawn with propensity 1/#tied', () => {
    const candidates = [
      candidate('a', 2, 2, { utilisation: 0.2 }),
      candidate('b', 2, 2, { utilisation: 0.1 }),
      candidate('c', 2, 2, { utilisation: 0.1 }),
      candidate('d', 2, 2, { utilisation: 0.1 }),
    ];
    const chosen = new Set<string>();
    for (let seed = 0; seed < 30; seed += 1) {
      const result = new LoadBalanceStrategy().select(candidates, context(seed));
      expect(result.propensity).toBeCloseTo(1 / 3, 12);
      chosen.add(candidates[result.selectedIndex].agentId);
    }
    expect([...chosen].sort()).toEqual(['b', 'c', 'd']);
  });
});
