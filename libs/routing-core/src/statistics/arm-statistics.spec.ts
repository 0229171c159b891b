import {
  ArmStats,
  StoredArmStats,
  applyRewardToArm,
  discountArmStats,
  effectiveSamples,
  warmStartFromParent,
} from './arm-statistics.model';
import { resolveArmStats } from './arm-statistics.resolver';
import { InMemoryArmStatisticsStore } from './in-memory-arm-statistics.store';

const stats = (entries: Record<string, ArmStats>) => new Map(Object.entries(entries));
const arm = (successes: number, failures: number, count = successes + failures): ArmStats => ({
  alpha: 1 + successes,
  beta: 1 + failures,
  count,
  rewardSum: successes,
});

describe('resolveArmStats back-off', () => {
  it('uses the segment once it has the minimum number of samples', () => {
    const resolved = resolveArmStats(
      stats({ 'a:code-editing:standard': arm(4, 1), 'a:code-editing': arm(40, 40), a: arm(100, 10) }),
      'a',
      'code-editing',
      'standard',
      { minSamples: 5 },
    );
    expect(resolved).toMatchObject({ level: 'segment', alpha: 5, beta: 2, count: 5, segmentCount: 5 });
  });

  it('backs off to the task type, then the agent, with their evidence capped at the minimum', () => {
    const toTaskType = resolveArmStats(
      stats({ 'a:code-editing:standard': arm(2, 1), 'a:code-editing': arm(30, 10), a: arm(100, 10) }),
      'a',
      'code-editing',
      'standard',
      { minSamples: 5 },
    );
    expect(toTaskType.level).toBe('task-type');
    expect(toTaskType.segmentCount).toBe(3);
    expect(toTaskType.effectiveSamples).toBeCloseTo(5, 10);
    expect(toTaskType.mean).toBeCloseTo((1 + 5 * 0.75) / 7, 10); // same direction as 30:10, worth 5 samples
    const toAgent = resolveArmStats(stats({ 'a:code-editing': arm(1, 1), a: arm(8, 2) }), 'a', 'code-editing', 'standard', { minSamples: 5 });
    expect(toAgent).toMatchObject({ level: 'agent', alpha: 5, beta: 2 });
  });

  it('uses the level with the most evidence when none has enough, and the Beta(1,1) prior for a new agent', () => {
    const thin = resolveArmStats(stats({ 'a:research:complex': arm(1, 0), 'a:research': arm(1, 1), a: arm(2, 1) }), 'a', 'research', 'complex', {
      minSamples: 5,
    });
    expect(thin.level).toBe('agent');
    const fresh = resolveArmStats(stats({}), 'new', 'research', 'complex');
    expect(fresh).toMatchObject({ level: 'prior', alpha: 1, beta: 1, mean: 0.5, count: 0 });
  });

  it('keeps a segment whose evidence was discounted away (raw count still counts)', () => {
    const decayed = resolveArmStats(stats({ 'a:t:c': { alpha: 1.2, beta: 1.9, count: 50, rewardSum: 10 }, a: arm(80, 5) }), 'a', 't', 'c');
    expect(decayed.level).toBe('segment');
    expect(decayed.effectiveSamples).toBeCloseTo(1.1, 10);
  });
});

describe('discounted updates', () => {
  it('discounts the evidence once per tick before adding the fractional reward', () => {
    const stored: StoredArmStats = { alpha: 11, beta: 6, count: 15, rewardSum: 10, tick: 3 };
    const updated = applyRewardToArm(stored, 5, 0.25, 0.9);
    expect(updated.alpha).toBeCloseTo(1 + 10 * 0.81 + 0.25, 12);
    expect(updated.beta).toBeCloseTo(1 + 5 * 0.81 + 0.75, 12);
    expect(updated).toMatchObject({ count: 16, rewardSum: 10.25, tick: 5 });
    const read = discountArmStats(updated, 7, 0.9);
    expect(effectiveSamples(read)).toBeCloseTo(effectiveSamples(updated) * 0.81, 12);
    expect(read.alpha).toBeGreaterThanOrEqual(1);
  });

  it('never discounts below the prior', () => {
    const read = discountArmStats({ alpha: 3, beta: 2, count: 3, rewardSum: 2, tick: 0 }, 10_000, 0.5);
    expect(read.alpha).toBeCloseTo(1, 12);
    expect(read.beta).toBeCloseTo(1, 12);
  });
});

describe('InMemoryArmStatisticsStore', () => {
  it('applies a task once and updates all three levels', () => {
    const store = new InMemoryArmStatisticsStore({ discountFactor: 1 });
    expect(store.applyReward('a', 'design', 'trivial', 0.7, 'task-1')).toBe(true);
    expect(store.applyReward('a', 'design', 'trivial', 0.7, 'task-1')).toBe(false);
    for (const key of ['a:design:trivial', 'a:design', 'a']) expect(store.get(key)).toMatchObject({ alpha: 1.7, beta: 1.3, count: 1 });
  });

  it("decays an unchosen agent's segment evidence as its segment is served (level clock)", () => {
    const store = new InMemoryArmStatisticsStore({ discountFactor: 0.9 });
    for (let index = 0; index < 10; index += 1) store.applyReward('slow', 'design', 'trivial', 0);
    const before = effectiveSamples(store.get('slow:design:trivial') as ArmStats);
    for (let index = 0; index < 5; index += 1) store.applyReward('other', 'design', 'trivial', 1);
    expect(effectiveSamples(store.get('slow:design:trivial') as ArmStats)).toBeCloseTo(before * 0.9 ** 5, 10);
    // another segment's traffic does not age this segment, but it ages the coarser levels
    store.applyReward('other', 'design', 'complex', 1);
    store.applyReward('other', 'research', 'complex', 1);
    expect(effectiveSamples(store.get('slow:design:trivial') as ArmStats)).toBeCloseTo(before * 0.9 ** 5, 10);
    expect(effectiveSamples(store.get('slow:design') as ArmStats)).toBeCloseTo(before * 0.9 ** 6, 10);
    expect(effectiveSamples(store.get('slow') as ArmStats)).toBeCloseTo(before * 0.9 ** 7, 10);
  });

  it("with the 'global' clock every reward ages every arm once", () => {
    const store = new InMemoryArmStatisticsStore({ discountFactor: 0.5, discountClock: 'global' });
    store.applyReward('slow', 'design', 'trivial', 1);
    store.applyReward('other', 'research', 'complex', 1);
    for (const key of ['slow:design:trivial', 'slow:design', 'slow']) expect(store.get(key)).toMatchObject({ alpha: 1.5, beta: 1 });
  });

  it("with the 'arm' clock only an arm's own rewards age it", () => {
    const store = new InMemoryArmStatisticsStore({ discountFactor: 0.9, discountClock: 'arm' });
    store.applyReward('slow', 'design', 'trivial', 0);
    for (let index = 0; index < 5; index += 1) store.applyReward('other', 'design', 'trivial', 1);
    expect(store.get('slow:design:trivial')).toMatchObject({ alpha: 1, beta: 2 });
  });

  it('warm-starts a child from its parent, shrunk towards the prior, once', () => {
    const store = new InMemoryArmStatisticsStore({ discountFactor: 1 });
    for (let index = 0; index < 10; index += 1) store.applyReward('parent', 'design', 'trivial', index < 6 ? 1 : 0);
    expect(store.warmStart('child', 'parent', 0.5)).toBe(3);
    expect(store.get('child:design:trivial')).toMatchObject({ alpha: 4, beta: 3, count: 0 });
    expect(store.warmStart('child', 'parent', 0.5)).toBe(0);
    expect(store.get('parent-2')).toBeUndefined();
  });
});

describe('warmStartFromParent', () => {
  it('shrinks α − 1 and β − 1 by the retained fraction', () => {
    expect(warmStartFromParent({ alpha: 21, beta: 11 }, 0.25)).toEqual({ alpha: 6, beta: 3.5 });
    expect(warmStartFromParent({ alpha: 21, beta: 11 }, 0)).toEqual({ alpha: 1, beta: 1 });
    expect(warmStartFromParent({ alpha: 21, beta: 11 }, 2)).toEqual({ alpha: 21, beta: 11 });
  });
});
