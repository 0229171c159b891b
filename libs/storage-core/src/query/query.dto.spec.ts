import { AgentStatsQueryDto, CreateApiKeyDto, DatapointSearchQueryDto, SystemStatsQueryDto, validateQuery } from './query.dto';
import { encodeCursor } from './datapoint-cursor';

describe('query DTO validation', () => {
  it('converts query-string numbers and booleans', () => {
    const result = validateQuery(DatapointSearchQueryDto, { minQuality: '0.7', maxQuality: '0.9', rlReady: 'true', exported: 'false', limit: '20' });
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ minQuality: 0.7, maxQuality: 0.9, rlReady: true, exported: false, limit: 20 }) });
  });

  it.each([
    [{ minQuality: 'high' }, 'minQuality must be a number'],
    [{ minQuality: '1.5' }, 'minQuality must not be greater than 1'],
    [{ minQuality: '0.9', maxQuality: '0.5' }, 'minQuality must not be greater than maxQuality'],
    [{ rlReady: 'yes' }, 'rlReady must be true or false'],
    [{ complexity: 'huge' }, 'complexity must be one of the following values'],
    [{ limit: '0' }, 'limit must not be less than 1'],
    [{ limit: '501' }, 'limit must not be greater than 500'],
    [{ from: 'yesterday' }, 'from must be a valid ISO 8601 date string'],
    [{ from: '2026-11-21T00:00:00Z', to: '2026-11-20T00:00:00Z' }, 'from must be before to'],
    [{ cursor: 'not-a-cursor' }, 'cursor must be a nextCursor returned by this API'],
    [{ agentId: 'bad agent!' }, 'agentId must be an id'],
    [{ tenantId: 'acme' }, 'tenantId must be a hashed tenant id'],
    [{ unexpected: '1' }, 'property unexpected should not exist'],
  ])('rejects %j saying what is wrong', (raw, message) => {
    const result = validateQuery(DatapointSearchQueryDto, raw as Record<string, unknown>);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('; ')).toContain(message);
  });

  it('accepts a cursor this API produced', () => {
    expect(validateQuery(DatapointSearchQueryDto, { cursor: encodeCursor({ timestampMs: 1, id: 'task-1' }) }).ok).toBe(true);
  });

  it('validates agent statistics windows and system statistics grouping', () => {
    expect(validateQuery(AgentStatsQueryDto, { windowHours: '24', taskType: 'code-editing', complexity: 'standard' }).ok).toBe(true);
    expect(validateQuery(AgentStatsQueryDto, { windowHours: '1.5' })).toMatchObject({ ok: false, errors: ['windowHours must be an integer number'] });
    expect(validateQuery(AgentStatsQueryDto, { taskType: 'Code Editing' })).toMatchObject({ ok: false });
    expect(validateQuery(SystemStatsQueryDto, { groupBy: 'tenant' })).toMatchObject({ ok: false });
    expect(validateQuery(SystemStatsQueryDto, { groupBy: 'day', from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }).ok).toBe(true);
  });

  it('validates key creation', () => {
    expect(validateQuery(CreateApiKeyDto, { role: 'analyst', tenantScope: '*', name: 'ops' }).ok).toBe(true);
    expect(validateQuery(CreateApiKeyDto, { role: 'root', tenantScope: 'acme', name: '' })).toMatchObject({ ok: false });
  });
});
