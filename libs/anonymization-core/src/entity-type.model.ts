/**
 * Kinds of private data the scrubber replaces. The name is also the placeholder prefix
 * (`<EMAIL_1>`), except PATH, which is generalised in place (`/[PATH]/[FILE].ts`).
 */
export type EntityType =
  | 'EMAIL'
  | 'PHONE'
  | 'CREDIT_CARD'
  | 'IBAN'
  | 'SSN'
  | 'IP'
  | 'MAC'
  | 'URL'
  | 'SECRET'
  | 'PATH'
  | 'NAME';

export const ENTITY_TYPES: readonly EntityType[] = [
  'EMAIL',
  'PHONE',
  'CREDIT_CARD',
  'IBAN',
  'SSN',
  'IP',
  'MAC',
  'URL',
  'SECRET',
  'PATH',
  'NAME',
];

/** Key used in redaction counts for keep-structure renaming of code identifiers. */
export const IDENTIFIER_ENTITY = 'IDENTIFIER';

export function isEntityType(value: unknown): value is EntityType {
  return typeof value === 'string' && (ENTITY_TYPES as readonly string[]).includes(value);
}

/** Bumped whenever a detector changes what it finds; stored in every redaction record. */
export const DETECTOR_VERSION = 'anonymization-core/1.1.0';
