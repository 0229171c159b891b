import { createHash } from 'node:crypto';
import { DEFAULT_ANONYMIZATION_POLICY } from '../anonymization-policy';
import { DataPointAnonymizer } from '../data-point-anonymizer';
import { buildSampleDataPoint } from '../fixtures/sample-data-point.fixture';
import { loadCorpus } from '../corpus/corpus-evaluator';
import { maskHexIdentifiers, PrivacyScanner, redactFindings } from './privacy-scanner';

describe('PrivacyScanner', () => {
  const scanner = new PrivacyScanner();

  it.each([
    ['EMAIL', 'ping jane.doe@example.com'],
    ['CREDIT_CARD', 'card 4111 1111 1111 1111'],
    ['IBAN', 'pay GB82 WEST 1234 5698 7654 32'],
    ['SSN', 'ssn 123-45-6789'],
    ['PHONE', 'call +44 20 7946 0958'],
    ['IP', 'from 203.0.113.42 port 22'],
    ['IP', 'addr 2001:db8:85a3::8a2e:370:7334'],
    ['MAC', 'hw 00:1a:2b:3c:4d:5e'],
    ['URL', 'postgres://admin:hunter2@db:5432/app'],
    ['SECRET', 'key AKIAIOSFODNN7EXAMPLE'],
    ['SECRET', 'token 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'],
    ['SECRET', '-----BEGIN OPENSSH PRIVATE KEY-----'],
    ['SECRET', 'DB_PASSWORD=Tr0ub4dor&3x'],
    ['PATH', 'at /home/alice/app/index.js:1:1'],
    ['NAME', 'Author: Maria Garcia <m@example.com>'],
  ])('finds %s in %j', (type, text) => {
    expect(scanner.scanText(text)).toContain(type);
  });

  it.each([
    'version 1.2.3.4, commit 9fceb02d0ae598e95dc970b74767f19372d61af8, uuid 550e8400-e29b-41d4-a716-446655440000',
    'alice@build-01.corp.example.com:~/src$ npm test',
    'listening on 127.0.0.1:9092 and 0.0.0.0:8080',
    'Author: <NAME_1> <<EMAIL_1>>, password=<SECRET_1>, /[PATH]/[FILE].ts:3:1, /home/[USER]/app',
    'token: string; password: process.env.DB_PASSWORD; secret: ${{ secrets.X }}',
    '2024-03-12T10:15:30.123Z 12:30:45 #ff00aa 500ms',
  ])('reports nothing in %j', (text) => {
    expect(scanner.scanText(text)).toEqual([]);
  });

  // ids the digit-run checks used to flag: a Luhn-valid run, a checksum-valid "IBAN", an "00" phone prefix
  it.each([
    'task-f65ccfbf-ec28-4565-c1d4-142759855477',
    'task-a3aaf5a0-e9ad-4901-ab35-ce73910be7fb',
    'task-4e27404e-0027-4566-317a-0c02ac5aff91',
    'commit 5d8f6cce532a7aeb57196be62344095936793400 fixed it',
  ])('reports nothing in the hex identifier %j', (text) => {
    expect(scanner.scanText(text)).toEqual([]);
  });

  it('reports nothing in 20,000 UUID task ids and commit hashes (one in 300 was flagged before)', () => {
    const flagged: string[] = [];
    for (let index = 0; index < 20_000; index++) {
      const hex = createHash('sha256').update(`id-${index}`).digest('hex');
      const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
      for (const text of [`task-${uuid}`, `dec-${uuid}`, `merged ${hex.slice(0, 40)}`]) if (scanner.scanText(text).length > 0) flagged.push(text);
    }
    expect(flagged).toEqual([]);
  });

  it.each([
    ['CREDIT_CARD', 'ref 550e8400-e29b-41d4-a716-446655440000 card 4111 1111 1111 1111'],
    ['CREDIT_CARD', 'card4111111111111111'],
    ['CREDIT_CARD', '4111111111111111'],
    ['IBAN', 'id 9fceb02d0ae598e95dc970b74767f19372d61af8 pay GB82WEST12345698765432'],
    ['PHONE', 'session 550e8400-e29b-41d4-a716-446655440000: call +44 20 7946 0958'],
    ['IBAN', 'Brasserie;BE68539007547034'], // an IBAN that is itself a run of hex digits
  ])('still finds %s beside or without a hex identifier: %j', (type, text) => {
    expect(scanner.scanText(text)).toContain(type);
  });

  it('masks only hex identifiers that mix letters and digits, keeping every offset', () => {
    const text = 'a 550e8400-e29b-41d4-a716-446655440000 b 4111111111111111 c deadbeefdeadbeef1';
    const masked = maskHexIdentifiers(text);
    expect(masked).toHaveLength(text.length);
    expect(masked).toBe(`a ${'_'.repeat(36)} b 4111111111111111 c ${'_'.repeat(17)}`);
    expect(maskHexIdentifiers(text, false)).toBe(`a ${'_'.repeat(36)} b 4111111111111111 c deadbeefdeadbeef1`);
  });

  it.each([
    ['::', 'peer ab::1234 joined'],
    ['three hex digits, a group, a colon', 'fe80:0:0:0:abc:12:3:4'],
  ])('runs the IPv6 check on %s', (_shape, text) => {
    expect(new PrivacyScanner({ types: ['IP'], keepNonIdentifyingAddresses: false }).scanText(text)).toEqual(['IP']);
  });

  it('reports a repeated string at every path where it occurs', () => {
    const findings = scanner.scan({ first: 'mail jane.doe@example.com', second: ['mail jane.doe@example.com'] });
    expect(findings).toEqual([{ path: 'first', type: 'EMAIL' }, { path: 'second[0]', type: 'EMAIL' }]);
  });

  it('reports the path and type of each finding, never the value', () => {
    const findings = scanner.scan({ task: { description: 'mail jane@example.com' }, turns: [{ feedback: 'from 203.0.113.9' }] });
    expect(findings).toEqual([
      { path: 'task.description', type: 'EMAIL' },
      { path: 'turns[0].feedback', type: 'IP' },
    ]);
    expect(JSON.stringify(findings)).not.toContain('jane');
  });

  it('scans unusual object keys too', () => {
    expect(scanner.scan({ counts: { 'jane@example.com': 1 } })).toEqual([{ path: 'counts.jane@example.com', type: 'EMAIL' }]);
  });

  it('finds nothing in a point the anonymizer scrubbed, and something in the raw one', () => {
    const raw = buildSampleDataPoint();
    const anonymizer = new DataPointAnonymizer(DEFAULT_ANONYMIZATION_POLICY, { activeKeyId: 'k', keys: { k: 'scanner-spec-secret-value' } });
    expect(scanner.scan(raw).length).toBeGreaterThan(0);
    expect(scanner.scan(anonymizer.anonymize(raw).point)).toEqual([]);
  });

  it('only checks the types it is given', () => {
    expect(new PrivacyScanner({ types: ['SECRET'] }).scanText('jane@example.com')).toEqual([]);
  });

  it('flags loopback addresses when the policy does not keep them', () => {
    expect(new PrivacyScanner({ keepNonIdentifyingAddresses: false }).scanText('host 127.0.0.1')).toEqual(['IP']);
  });
});

describe('redactFindings', () => {
  it('replaces exactly the flagged strings and keys, leaving the rest and the input untouched', () => {
    const scanner = new PrivacyScanner();
    const point = { task: { description: 'mail jane@example.com', type: 'code-editing' }, counts: { 'bob@example.com': 2 }, turns: ['ok', 'from 203.0.113.9'] };
    const redacted = redactFindings(point, scanner.scan(point));
    expect(redacted).toEqual({
      task: { description: '[REDACTED:EMAIL]', type: 'code-editing' },
      counts: { '[REDACTED:EMAIL:1]': 2 },
      turns: ['ok', '[REDACTED:IP]'],
    });
    expect(scanner.scan(redacted)).toEqual([]);
    expect(point.task.description).toBe('mail jane@example.com');
  });
});

describe('PrivacyScanner on git diff headers', () => {
  it('does not take the second object id of an index line for a phone number', () => {
    const scanner = new PrivacyScanner();
    const diff = 'diff --git a/src/a.ts b/src/a.ts\nindex 498a684..0048459 100644\n--- a/src/a.ts\n+++ b/src/a.ts\n';
    expect(scanner.scan({ diff })).toEqual([]);
    // a real international number after two dots in prose is still found
    expect(scanner.scan({ text: 'call me.. +44 20 7946 0958' }).map((finding) => finding.type)).toContain('PHONE');
  });
});

describe('PrivacyScanner character gates', () => {
  const gated = new PrivacyScanner({ keepNonIdentifyingAddresses: false });
  const reference = new PrivacyScanner({ keepNonIdentifyingAddresses: false, characterGates: false });
  const corpusTexts = loadCorpus().map((entry) => entry.text);
  // the same values with their surroundings changed: runs cut by other characters, non-ASCII neighbours
  const variants = [
    ...corpusTexts,
    ...corpusTexts.map((text) => text.replace(/ /g, '\u00a0')),
    ...corpusTexts.map((text) => text.replace(/[:=]/g, (separator) => ` ${separator}é`)),
    ...corpusTexts.map((text) => `ü${text.replace(/-/g, '–')}ü`),
  ];

  it('hide no finding: the same types as a scan that runs every check on every corpus text and variant', () => {
    let findings = 0;
    for (const text of variants) {
      const expected = reference.scanText(text);
      findings += expected.length;
      expect({ text, types: gated.scanText(text) }).toEqual({ text, types: expected });
    }
    expect(findings).toBeGreaterThan(300);
  });

  it.each([
    ['CREDIT_CARD', 'card 4111-1111-1111-1111 on file'],
    ['SSN', 'social security number 123 45 6789'],
    ['PHONE', 'call (415) 555-0123 or +1.415.555.0199'],
    ['IP', 'from 10.20.30.40'],
    ['MAC', 'hw 00-1A-2B-3C-4D-5E'],
    ['NAME', '"Maria Garcia" <mg@example.org>'],
    ['SECRET', 'Authorization: Bearer abcdef0123456789xyz'],
  ])('still finds %s in %j', (type, text) => {
    expect(gated.scanText(text)).toContain(type);
  });
});
