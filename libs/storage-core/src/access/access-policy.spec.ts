import { datapointAnonymizedExample } from '@benchpool/contracts';
import { ANALYST_HIDDEN_PATHS, authorize, authorizeKeyCreation, authorizeTenant, fieldVisibility, Principal, redactForRole, ROLES } from './access-policy';

const tenantA = 'a'.repeat(64);
const tenantB = 'b'.repeat(64);
const principal = (role: Principal['role'], tenantScope = '*'): Principal => ({ keyId: `key-${role}`, role, tenantScope });

describe('access policy', () => {
  it('refuses a request without a key with 401', () => {
    expect(authorize(null, 'stats:read')).toEqual({ allowed: false, status: 401, reason: expect.stringContaining('x-api-key') });
  });

  it('grants each role exactly its permissions (403 otherwise)', () => {
    const grid = Object.fromEntries(
      ROLES.map((role) => [role, (['stats:read', 'feedback:read', 'datapoints:read', 'health:read', 'admin'] as const).filter((permission) => authorize(principal(role), permission).allowed)]),
    );
    expect(grid).toEqual({
      arbiter: ['stats:read', 'feedback:read'],
      analyst: ['stats:read', 'feedback:read', 'datapoints:read', 'health:read'],
      'rl-trainer': ['stats:read', 'feedback:read', 'datapoints:read', 'health:read'],
      admin: ['stats:read', 'feedback:read', 'datapoints:read', 'health:read', 'admin'],
    });
    expect(authorize(principal('arbiter'), 'datapoints:read')).toMatchObject({ allowed: false, status: 403 });
  });

  it('limits record-level reads to the key tenant', () => {
    expect(authorizeTenant(principal('analyst', tenantA), tenantA).allowed).toBe(true);
    expect(authorizeTenant(principal('analyst', tenantA), tenantB)).toMatchObject({ allowed: false, status: 403 });
    expect(authorizeTenant(principal('analyst', tenantA), undefined).allowed).toBe(true);
    expect(authorizeTenant(principal('analyst', '*'), tenantB).allowed).toBe(true);
  });

  it('lets a tenant-scoped admin create keys only for its tenant', () => {
    expect(authorizeKeyCreation(principal('admin', tenantA), tenantA).allowed).toBe(true);
    expect(authorizeKeyCreation(principal('admin', tenantA), '*')).toMatchObject({ allowed: false, status: 403 });
    expect(authorizeKeyCreation(principal('admin', '*'), tenantB).allowed).toBe(true);
    expect(authorizeKeyCreation(principal('analyst', '*'), tenantB)).toMatchObject({ allowed: false, status: 403 });
  });

  it('removes free-text fields for analysts and keeps metrics; other roles see everything', () => {
    const record = structuredClone({
      ...datapointAnonymizedExample,
      execution: {
        ...datapointAnonymizedExample.execution!,
        failureReason: 'stack trace mentioning a customer',
        artifacts: { ...datapointAnonymizedExample.execution!.artifacts, messages: [{ role: 'user' as const, content: 'hello' }] },
        turns: datapointAnonymizedExample.execution!.turns.map((turn) => ({ ...turn, feedback: 'free text', messages: [{ role: 'assistant' as const, content: 'x' }] })),
      },
    });
    const redacted = redactForRole(record, 'analyst');
    expect(fieldVisibility('analyst')).toBe('anonymized');
    expect(redacted.task.description).toBeUndefined();
    expect(redacted.execution!.failureReason).toBeUndefined();
    expect(redacted.execution!.artifacts.diff).toBeUndefined();
    expect(redacted.execution!.artifacts.messages).toBeUndefined();
    expect(redacted.execution!.turns.every((turn) => turn.feedback === undefined && turn.messages === undefined)).toBe(true);
    // metrics and labels stay
    expect(redacted.execution!.artifacts.tests).toEqual(record.execution.artifacts.tests);
    expect(redacted.evaluation!.overallScore).toBe(record.evaluation!.overallScore);
    expect(redacted.rlLabels).toEqual(record.rlLabels);
    expect(redacted.task.type).toBe(record.task.type);
    // the input is not modified, and full-visibility roles get it unchanged
    expect(record.task.description).toBeDefined();
    for (const role of ['rl-trainer', 'admin'] as const) expect(redactForRole(record, role)).toEqual(record);
    expect(ANALYST_HIDDEN_PATHS).toContain('task.description');
  });
});
