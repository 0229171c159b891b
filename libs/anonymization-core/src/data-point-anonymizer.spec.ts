import { createHmac } from 'node:crypto';
import { DEFAULT_ANONYMIZATION_POLICY, parseAnonymizationPolicy } from './anonymization-policy';
import { DataPointAnonymizer, scrubDataPoint } from './data-point-anonymizer';
import { DETECTOR_VERSION } from './entity-type.model';
import { buildSampleDataPoint } from './fixtures/sample-data-point.fixture';
import { TenantHasher } from './tenant-hasher';

const keyring = { activeKeyId: 'k2024', keys: { k2024: 'tenant-hash-secret-2024-abcdef', k2023: 'tenant-hash-secret-2023-abcdef' } };

function allStrings(value: unknown, sink: string[] = []): string[] {
  if (typeof value === 'string') sink.push(value);
  else if (Array.isArray(value)) value.forEach((item) => allStrings(item, sink));
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      sink.push(key);
      allStrings(child, sink);
    }
  }
  return sink;
}

describe('DataPointAnonymizer', () => {
  const anonymizer = new DataPointAnonymizer(DEFAULT_ANONYMIZATION_POLICY, keyring);

  it('scrubs every string of the point, wherever it sits', () => {
    const point = buildSampleDataPoint();
    const { point: scrubbed } = anonymizer.anonymize(point);
    const text = allStrings(scrubbed).join('\n');
    for (const secret of [
      'dana.kowalski@acme-corp.example',
      '+1 (415) 555-0132',
      'Sup3rS3cret!',
      '10.20.30.40',
      'sk_live_51Hx9aB2cD3eF4gH5iJ6kL7mN',
      'dana.kowalski/work',
      'Dana Kowalski',
    ]) {
      expect(text).not.toContain(secret);
    }
    // Look-alikes in the same point survive.
    for (const kept of ['127.0.0.1:3000', '550e8400-e29b-41d4-a716-446655440000', 'version 2.3.1', '[FILE].ts:47:58', 'commit 9fceb02']) {
      expect(text).toContain(kept);
    }
  });

  it('uses the same placeholder for the same value across fields', () => {
    const { point } = anonymizer.anonymize({
      task: { description: 'write to jane@example.com' },
      turns: [{ feedback: 'jane@example.com replied' }, { feedback: 'cc bob@example.com and JANE@example.com' }],
    });
    expect(point.task.description).toBe('write to <EMAIL_1>');
    expect(point.turns[0].feedback).toBe('<EMAIL_1> replied');
    expect(point.turns[1].feedback).toBe('cc <EMAIL_2> and <EMAIL_1>');
  });

  it('numbers placeholders per point, not per process', () => {
    const first = anonymizer.anonymize({ a: 'x1@example.com' }).point;
    const second = anonymizer.anonymize({ a: 'x2@example.com' }).point;
    expect(first.a).toBe('<EMAIL_1>');
    expect(second.a).toBe('<EMAIL_1>');
  });

  it('removes identity fields anywhere, case- and separator-insensitively, and records their paths', () => {
    const { point, redaction } = anonymizer.anonymize({
      userId: 'u1',
      task: { USER_ID: 'u2', details: { 'ip-address': '1.2.3.4', userAgent: 'Mozilla/5.0', keep: 'yes' } },
      turns: [{ sessionId: 's1', email: 'a@b.co', turnNumber: 1 }],
    });
    expect(point).toEqual({ task: { details: { keep: 'yes' } }, turns: [{ turnNumber: 1 }] });
    expect(redaction.identityFieldsRemoved.sort()).toEqual(
      ['task.USER_ID', 'task.details.ip-address', 'task.details.userAgent', 'turns[0].email', 'turns[0].sessionId', 'userId'].sort(),
    );
  });

  it('uses a configured identity field list', () => {
    const policy = parseAnonymizationPolicy({ identityFields: ['customerRef'] });
    const { point } = new DataPointAnonymizer(policy, keyring).anonymize({ customer_ref: 'c-1', userId: 'u-1' });
    expect(point).toEqual({ userId: 'u-1' });
  });

  it('replaces the tenant id with a 64-hex HMAC-SHA256, stable across instances', () => {
    const first = anonymizer.anonymize({ tenantId: 'tenant-acme', nested: { tenant_id: 'tenant-acme' } }).point;
    const second = new DataPointAnonymizer(DEFAULT_ANONYMIZATION_POLICY, keyring).anonymize({ tenantId: 'tenant-acme' }).point;
    expect(first.tenantId).toMatch(/^[0-9a-f]{64}$/);
    expect(first.tenantId).toBe(createHmac('sha256', keyring.keys.k2024).update('tenant-acme').digest('hex'));
    expect(first.nested.tenant_id).toBe(first.tenantId);
    expect(second.tenantId).toBe(first.tenantId);
    expect(anonymizer.anonymize({ tenantId: 'tenant-other' }).point.tenantId).not.toBe(first.tenantId);
  });

  it('changes the tenant hash and the recorded key id when the active key rotates', () => {
    const rotated = new DataPointAnonymizer(DEFAULT_ANONYMIZATION_POLICY, { ...keyring, activeKeyId: 'k2023' });
    const before = anonymizer.anonymize({ tenantId: 't' });
    const after = rotated.anonymize({ tenantId: 't' });
    expect(after.point.tenantId).not.toBe(before.point.tenantId);
    expect(before.redaction.keyId).toBe('k2024');
    expect(after.redaction.keyId).toBe('k2023');
    expect(after.point.tenantId).toBe(new TenantHasher(keyring).hashWithKey('t', 'k2023'));
  });

  it('returns a redaction record with counts and never the original values', () => {
    const point = buildSampleDataPoint();
    const { redaction } = anonymizer.anonymize(point);
    expect(redaction.detectorVersion).toBe(DETECTOR_VERSION);
    expect(redaction.entities.EMAIL).toBeGreaterThanOrEqual(2);
    expect(redaction.entities.PATH).toBeGreaterThanOrEqual(2);
    const serialised = JSON.stringify(redaction);
    expect(serialised).not.toContain('dana');
    expect(serialised).not.toContain('tenant-acme-corp');
  });

  it('never mutates its input', () => {
    const point = buildSampleDataPoint();
    const snapshot = JSON.stringify(point);
    anonymizer.anonymize(point);
    expect(JSON.stringify(point)).toBe(snapshot);
  });

  it('keeps numbers, booleans and nulls as they are', () => {
    const { point } = anonymizer.anonymize({ a: 1.5, b: false, c: null, d: [0, true] });
    expect(point).toEqual({ a: 1.5, b: false, c: null, d: [0, true] });
  });

  it('scrubs object keys that carry private data', () => {
    const { point } = anonymizer.anonymize({ byAddress: { 'jane.doe@example.com': 3 } });
    expect(Object.keys(point.byAddress)).toEqual(['<EMAIL_1>']);
  });

  it('replaces later bare mentions of a name first found through a cue', () => {
    const { point } = anonymizer.anonymize({
      description: 'Ticket from Jonas Lindqvist about exports',
      messages: ['Author: Jonas Lindqvist <jonas@example.se>'],
    });
    expect(point.description).toBe('Ticket from <NAME_1> about exports');
    expect(point.messages[0]).toBe('Author: <NAME_1> <<EMAIL_1>>');
  });

  it('only runs the rules the policy enables', () => {
    const policy = parseAnonymizationPolicy({ enabledEntityTypes: ['SECRET'] });
    const { point } = new DataPointAnonymizer(policy, keyring).anonymize({ text: 'jane@example.com password=hunter2pass' });
    expect(point.text).toBe('jane@example.com password=<SECRET_1>');
  });

  it('keeps path structure when generalisation is off, but never the user name', () => {
    const policy = parseAnonymizationPolicy({ pathGeneralization: false });
    const { point } = new DataPointAnonymizer(policy, keyring).anonymize({ p: '/home/alice/app/src/user.service.ts:3:1' });
    expect(point.p).toBe('/home/[USER]/app/src/user.service.ts:3:1');
  });

  it('renames declared identifiers consistently when keep-structure renaming is on', () => {
    const policy = parseAnonymizationPolicy({ identifierRenaming: { enabled: true } });
    const { point, redaction } = new DataPointAnonymizer(policy, keyring).anonymize({
      diff: '+function calculateTotal(items) {\n+  const userName = items[0].name;\n+  return calculateTotal(items.slice(1));\n+}',
      after: 'const total = calculateTotal(cart); console.log(total);',
      messages: [{ content: 'Use it like this:\n```js\ncalculateTotal(cart)\n```\ncalculateTotal is in prose here.' }],
    });
    expect(point.diff).toBe('+function func1(var1) {\n+  const var2 = var1[0].name;\n+  return func1(var1.slice(1));\n+}');
    expect(point.after).toBe('const var3 = func1(cart); console.log(var3);');
    expect(point.messages[0].content).toBe('Use it like this:\n```js\nfunc1(cart)\n```\ncalculateTotal is in prose here.');
    expect(redaction.entities.IDENTIFIER).toBeGreaterThan(0);
  });

  it('leaves code alone by default', () => {
    const code = 'function calculateTotal(items) { return items.length; }';
    expect(anonymizer.anonymize({ diff: code }).point.diff).toBe(code);
  });

  it('offers a functional entry point with the same result', () => {
    const point = buildSampleDataPoint();
    expect(scrubDataPoint(point, DEFAULT_ANONYMIZATION_POLICY, keyring)).toEqual(anonymizer.anonymize(point));
  });
});
