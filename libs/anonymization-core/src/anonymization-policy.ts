import { ENTITY_TYPES, EntityType, isEntityType } from './entity-type.model';

export interface IdentifierRenamingPolicy {
  /** Off by default: renamed code is less useful for training than the original. */
  enabled: boolean;
  /** Fields whose whole string is code (`artifacts.diff`, `files[].before/after`). */
  codeFields: string[];
  /** Also rename inside ``` fenced blocks of any other string (chat messages). */
  includeFencedBlocks: boolean;
}

/** Deployment configuration of the anonymizer; see README for each default's reason. */
export interface AnonymizationPolicy {
  enabledEntityTypes: EntityType[];
  /** true: `/home/alice/x/y.ts` → `/[PATH]/[FILE].ts`; false: `/home/[USER]/x/y.ts`. */
  pathGeneralization: boolean;
  /** Keep loopback, unspecified, broadcast and netmask addresses, which identify nobody. */
  keepNonIdentifyingAddresses: boolean;
  /** Replace later mentions of a full name found through a cue (`Author: Jane Doe`) in the whole point. */
  propagateNames: boolean;
  identifierRenaming: IdentifierRenamingPolicy;
  /** Keys removed wherever they occur, compared case-insensitively ignoring `_` and `-`. */
  identityFields: string[];
  /** Keys whose string value is replaced by the keyed tenant hash. */
  tenantFields: string[];
}

export const DEFAULT_IDENTITY_FIELDS: readonly string[] = [
  'userId', 'userName', 'username', 'login', 'sessionId', 'sessionToken', 'ipAddress', 'ip', 'clientIp', 'remoteIp',
  'remoteAddress', 'remoteAddr', 'xForwardedFor', 'forwardedFor', 'userAgent', 'email', 'emailAddress', 'mail',
  'phone', 'phoneNumber', 'deviceId', 'installationId', 'cookie', 'cookies', 'accountId', 'customerId',
  'fullName', 'firstName', 'lastName', 'displayName', 'authorEmail', 'committerEmail', 'hostname', 'machineId',
];

export const DEFAULT_ANONYMIZATION_POLICY: Readonly<AnonymizationPolicy> = Object.freeze({
  enabledEntityTypes: [...ENTITY_TYPES],
  pathGeneralization: true,
  keepNonIdentifyingAddresses: true,
  propagateNames: true,
  identifierRenaming: { enabled: false, codeFields: ['diff', 'before', 'after', 'patch', 'code', 'source'], includeFencedBlocks: true },
  identityFields: [...DEFAULT_IDENTITY_FIELDS],
  tenantFields: ['tenantId', 'tenant_id', 'tenantid'],
});

export class AnonymizationPolicyError extends Error {
  constructor(readonly errors: string[]) {
    super(`invalid anonymization policy: ${errors.join('; ')}`);
    this.name = 'AnonymizationPolicyError';
  }
}

const POLICY_KEYS = Object.keys(DEFAULT_ANONYMIZATION_POLICY);
const RENAMING_KEYS = Object.keys(DEFAULT_ANONYMIZATION_POLICY.identifierRenaming);

/**
 * Validates a policy from config (an object or its JSON text); missing fields take the default.
 * Throws AnonymizationPolicyError listing every problem, so a service can refuse to boot with a
 * message that names the wrong field.
 */
export function parseAnonymizationPolicy(input: unknown): AnonymizationPolicy {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new AnonymizationPolicyError([`not valid JSON (${(error as Error).message})`]);
    }
  }
  if (value === undefined || value === null) return clonePolicy(DEFAULT_ANONYMIZATION_POLICY);
  if (typeof value !== 'object' || Array.isArray(value)) throw new AnonymizationPolicyError(['must be an object']);
  const raw = value as Record<string, unknown>;
  const errors: string[] = [];
  for (const key of Object.keys(raw)) {
    if (!POLICY_KEYS.includes(key)) errors.push(`${key}: unknown field (expected one of ${POLICY_KEYS.join(', ')})`);
  }
  const policy = clonePolicy(DEFAULT_ANONYMIZATION_POLICY);

  if (raw.enabledEntityTypes !== undefined) {
    if (!Array.isArray(raw.enabledEntityTypes)) {
      errors.push('enabledEntityTypes: must be an array');
    } else {
      raw.enabledEntityTypes.forEach((type, index) => {
        if (!isEntityType(type)) {
          errors.push(`enabledEntityTypes[${index}]: unknown entity type ${JSON.stringify(type)} (expected one of ${ENTITY_TYPES.join(', ')})`);
        }
      });
      policy.enabledEntityTypes = [...new Set(raw.enabledEntityTypes.filter(isEntityType))];
    }
  }
  for (const key of ['pathGeneralization', 'keepNonIdentifyingAddresses', 'propagateNames'] as const) {
    if (raw[key] === undefined) continue;
    if (typeof raw[key] !== 'boolean') errors.push(`${key}: must be a boolean`);
    else policy[key] = raw[key] as boolean;
  }
  for (const key of ['identityFields', 'tenantFields'] as const) {
    if (raw[key] === undefined) continue;
    const list = raw[key];
    if (!Array.isArray(list) || list.some((item) => typeof item !== 'string' || item.trim() === '')) {
      errors.push(`${key}: must be an array of non-empty strings`);
    } else {
      policy[key] = [...list] as string[];
    }
  }
  if (raw.identifierRenaming !== undefined) {
    const renaming = raw.identifierRenaming;
    if (typeof renaming !== 'object' || renaming === null || Array.isArray(renaming)) {
      errors.push('identifierRenaming: must be an object');
    } else {
      const renamingRaw = renaming as Record<string, unknown>;
      for (const key of Object.keys(renamingRaw)) {
        if (!RENAMING_KEYS.includes(key)) errors.push(`identifierRenaming.${key}: unknown field (expected one of ${RENAMING_KEYS.join(', ')})`);
      }
      for (const key of ['enabled', 'includeFencedBlocks'] as const) {
        if (renamingRaw[key] === undefined) continue;
        if (typeof renamingRaw[key] !== 'boolean') errors.push(`identifierRenaming.${key}: must be a boolean`);
        else policy.identifierRenaming[key] = renamingRaw[key] as boolean;
      }
      if (renamingRaw.codeFields !== undefined) {
        const fields = renamingRaw.codeFields;
        if (!Array.isArray(fields) || fields.some((item) => typeof item !== 'string')) {
          errors.push('identifierRenaming.codeFields: must be an array of strings');
        } else {
          policy.identifierRenaming.codeFields = [...fields] as string[];
        }
      }
    }
  }
  if (errors.length > 0) throw new AnonymizationPolicyError(errors);
  return policy;
}

function clonePolicy(policy: Readonly<AnonymizationPolicy>): AnonymizationPolicy {
  return {
    ...policy,
    enabledEntityTypes: [...policy.enabledEntityTypes],
    identifierRenaming: { ...policy.identifierRenaming, codeFields: [...policy.identifierRenaming.codeFields] },
    identityFields: [...policy.identityFields],
    tenantFields: [...policy.tenantFields],
  };
}
