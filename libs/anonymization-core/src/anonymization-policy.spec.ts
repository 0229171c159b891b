import { AnonymizationPolicyError, DEFAULT_ANONYMIZATION_POLICY, parseAnonymizationPolicy } from './anonymization-policy';
import { ENTITY_TYPES } from './entity-type.model';

describe('parseAnonymizationPolicy', () => {
  it('returns the defaults for an empty object, null or undefined', () => {
    expect(parseAnonymizationPolicy({})).toEqual(DEFAULT_ANONYMIZATION_POLICY);
    expect(parseAnonymizationPolicy(undefined)).toEqual(DEFAULT_ANONYMIZATION_POLICY);
    expect(parseAnonymizationPolicy('null')).toEqual(DEFAULT_ANONYMIZATION_POLICY);
  });

  it('enables every rule, path generalisation and no renaming by default', () => {
    expect(DEFAULT_ANONYMIZATION_POLICY.enabledEntityTypes).toEqual(ENTITY_TYPES);
    expect(DEFAULT_ANONYMIZATION_POLICY.pathGeneralization).toBe(true);
    expect(DEFAULT_ANONYMIZATION_POLICY.identifierRenaming.enabled).toBe(false);
    expect(DEFAULT_ANONYMIZATION_POLICY.identityFields).toEqual(expect.arrayContaining(['userId', 'sessionId', 'ipAddress', 'userAgent', 'email']));
  });

  it('accepts JSON text and overrides only the given fields', () => {
    const policy = parseAnonymizationPolicy('{"enabledEntityTypes":["EMAIL","SECRET"],"identifierRenaming":{"enabled":true}}');
    expect(policy.enabledEntityTypes).toEqual(['EMAIL', 'SECRET']);
    expect(policy.identifierRenaming.enabled).toBe(true);
    expect(policy.identifierRenaming.codeFields).toEqual(DEFAULT_ANONYMIZATION_POLICY.identifierRenaming.codeFields);
    expect(policy.pathGeneralization).toBe(true);
  });

  it('reports every problem with the field it concerns', () => {
    let error: AnonymizationPolicyError | undefined;
    try {
      parseAnonymizationPolicy({
        enabledEntityTypes: ['EMAIL', 'PASSPORT'],
        pathGeneralization: 'yes',
        identityFields: [1],
        colour: 'blue',
        identifierRenaming: { enabled: 1, extra: true },
      });
    } catch (caught) {
      error = caught as AnonymizationPolicyError;
    }
    expect(error).toBeInstanceOf(AnonymizationPolicyError);
    expect(error?.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^enabledEntityTypes\[1\]: unknown entity type "PASSPORT"/),
        'pathGeneralization: must be a boolean',
        'identityFields: must be an array of non-empty strings',
        expect.stringMatching(/^colour: unknown field/),
        'identifierRenaming.enabled: must be a boolean',
        expect.stringMatching(/^identifierRenaming\.extra: unknown field/),
      ]),
    );
  });

  it('rejects malformed JSON and non-objects', () => {
    expect(() => parseAnonymizationPolicy('{oops')).toThrow(/not valid JSON/);
    expect(() => parseAnonymizationPolicy([])).toThrow(/must be an object/);
  });

  it('does not share arrays with the defaults', () => {
    const policy = parseAnonymizationPolicy({});
    policy.identityFields.push('extra');
    expect(DEFAULT_ANONYMIZATION_POLICY.identityFields).not.toContain('extra');
  });
});
