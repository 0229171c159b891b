import { CleanTextCache } from './clean-text-cache';
import { loadCorpus } from './corpus/corpus-evaluator';
import { PrivacyScanner } from './privacy-scanner/privacy-scanner';
import { ScrubSession } from './scrub-session';
import { TextScrubber } from './text-scrubber';

describe('CleanTextCache', () => {
  it('keeps short texts only, and none when its capacity is 0', () => {
    const cache = new CleanTextCache(10, 8);
    cache.add('short');
    cache.add('longer than eight');
    expect(cache.has('short')).toBe(true);
    expect(cache.has('longer than eight')).toBe(false);
    const off = new CleanTextCache(0);
    off.add('short');
    expect(off.has('short')).toBe(false);
  });

  it('empties itself at capacity instead of growing', () => {
    const cache = new CleanTextCache(3);
    for (const text of ['one', 'two', 'three']) cache.add(text);
    cache.add('four');
    expect(['one', 'two', 'three'].some((text) => cache.has(text))).toBe(false);
    expect(cache.has('four')).toBe(true);
  });
});

describe('clean-text caches change no result', () => {
  // every corpus text and look-alike, and each once more: the second time the short clean ones are cache hits
  const texts = loadCorpus().flatMap((entry) => [entry.text, ...entry.lookalikes]);
  const twice = [...texts, ...texts];

  it('the scrubber gives what a scrubber without the cache gives', () => {
    const cached = new TextScrubber();
    const reference = new TextScrubber(undefined, { cleanTextCacheSize: 0 });
    const scrub = (scrubber: TextScrubber): string[] => twice.map((text) => scrubber.scrub(text, new ScrubSession()));
    const expected = scrub(reference);
    expect(scrub(cached)).toEqual(expected);
    expect(expected.filter((text, index) => text !== twice[index]).length).toBeGreaterThan(300);
  });

  it('the scanner gives what a scanner without the cache gives', () => {
    const cached = new PrivacyScanner();
    const reference = new PrivacyScanner({ cleanTextCacheSize: 0 });
    const scan = (scanner: PrivacyScanner): unknown[] => twice.map((text) => scanner.scan({ text }));
    const expected = scan(reference);
    expect(scan(cached)).toEqual(expected);
    expect(expected.filter((findings) => (findings as unknown[]).length > 0).length).toBeGreaterThan(300);
  });
});
