import { ScrubSession } from './scrub-session';

describe('ScrubSession', () => {
  it('gives one placeholder per distinct value and type, numbered in order', () => {
    const session = new ScrubSession();
    expect(session.placeholderFor('EMAIL', 'a@x.com')).toBe('<EMAIL_1>');
    expect(session.placeholderFor('EMAIL', 'b@x.com')).toBe('<EMAIL_2>');
    expect(session.placeholderFor('EMAIL', 'a@x.com')).toBe('<EMAIL_1>');
    expect(session.placeholderFor('PHONE', 'a@x.com')).toBe('<PHONE_1>');
  });

  it('counts occurrences per type', () => {
    const session = new ScrubSession();
    session.count('EMAIL');
    session.count('EMAIL');
    session.count('IP');
    expect(session.entityCounts()).toEqual({ EMAIL: 2, IP: 1 });
  });

  it('remembers only multi-word names for propagation', () => {
    const session = new ScrubSession();
    session.rememberName('Priya');
    session.rememberName('Jane Doe');
    expect(session.knownNames()).toEqual(['Jane Doe']);
  });

  it('runs detection once per distinct text and returns the same findings for a repeat', () => {
    const session = new ScrubSession();
    const detect = jest.fn((text: string) => [{ type: 'EMAIL' as const, start: 0, end: text.length, priority: 1 }]);
    const first = session.detectionsFor('a@x.com', detect);
    expect(session.detectionsFor('a@x.com', detect)).toBe(first);
    session.detectionsFor('b@x.com', detect);
    expect(detect).toHaveBeenCalledTimes(2);
  });
});
