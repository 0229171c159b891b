import { TenantHasher, TenantKeyringError } from './tenant-hasher';

describe('TenantHasher', () => {
  it('computes HMAC-SHA256 (RFC 4231 test case 1)', () => {
    const key = '\u000b'.repeat(20);
    const hasher = new TenantHasher({ activeKeyId: 'rfc', keys: { rfc: key } });
    expect(hasher.hash('Hi There')).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
  });

  it('returns 64 lower-case hex characters, the same for the same tenant and key', () => {
    const hasher = new TenantHasher({ activeKeyId: 'a', keys: { a: 'a-long-enough-secret-value' } });
    const hash = hasher.hash('tenant-1');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hasher.hash('tenant-1')).toBe(hash);
    expect(new TenantHasher({ activeKeyId: 'a', keys: { a: 'a-long-enough-secret-value' } }).hash('tenant-1')).toBe(hash);
  });

  it('hashes with an older key on request, for data stored before a rotation', () => {
    const keys = { old: 'old-secret-value-0123456789', new: 'new-secret-value-0123456789' };
    const before = new TenantHasher({ activeKeyId: 'old', keys });
    const after = new TenantHasher({ activeKeyId: 'new', keys });
    expect(after.activeKeyId).toBe('new');
    expect(after.hash('t')).not.toBe(before.hash('t'));
    expect(after.hashWithKey('t', 'old')).toBe(before.hash('t'));
    expect(() => after.hashWithKey('t', 'missing')).toThrow(TenantKeyringError);
  });

  it('refuses a keyring without the active key or with short secrets', () => {
    expect(() => new TenantHasher({ activeKeyId: 'x', keys: { y: 'long-enough-secret-value' } })).toThrow(/activeKeyId/);
    expect(() => new TenantHasher({ activeKeyId: 'x', keys: { x: 'short' } })).toThrow(/at least 16/);
    expect(() => new TenantHasher({ activeKeyId: '', keys: {} })).toThrow(TenantKeyringError);
  });
});
