import { InProcessKeyLock } from './key-lock';

describe('InProcessKeyLock', () => {
  it('runs work on one key strictly one at a time, in arrival order, and different keys in parallel', async () => {
    const lock = new InProcessKeyLock();
    const events: string[] = [];
    let active = 0;
    let maxActive = 0;
    const work = (name: string, ms: number) => async () => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      events.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      events.push(`end ${name}`);
      active -= 1;
      return name;
    };
    const results = await Promise.all([lock.run('a', work('a1', 30)), lock.run('a', work('a2', 5)), lock.run('a', work('a3', 1))]);
    expect(results).toEqual(['a1', 'a2', 'a3']);
    expect(events).toEqual(['start a1', 'end a1', 'start a2', 'end a2', 'start a3', 'end a3']);
    expect(maxActive).toBe(1);

    maxActive = 0;
    await Promise.all([lock.run('x', work('x', 20)), lock.run('y', work('y', 20))]);
    expect(maxActive).toBe(2);
  });

  it('keeps going after a failed holder', async () => {
    const lock = new InProcessKeyLock();
    await expect(lock.run('k', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(lock.run('k', async () => 'next')).resolves.toBe('next');
  });
});
