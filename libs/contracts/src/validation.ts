import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { addFastDateFormats } from './fast-date-formats';
import { jsonSchemaFor } from './json-schema';
import { EVENT_CONTRACTS, EventContract, TopicDataMap } from './registry';
import { Topic } from './topics';

export type EventValidationResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/**
 * Consumers validate with the JSON Schema compiled by ajv (a few µs per event) rather than with
 * class-validator (hundreds of µs for a data point). The schema is generated from the
 * class-validator classes, so the classes stay the single source of truth; a unit test checks
 * that both agree on a corpus of valid and broken events.
 */
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
addFastDateFormats(ajv);
const compiled = new Map<Topic, ValidateFunction>();

function validatorFor(topic: Topic): ValidateFunction {
  let validate = compiled.get(topic);
  if (!validate) {
    validate = ajv.compile(jsonSchemaFor(topic));
    compiled.set(topic, validate);
  }
  return validate;
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? [])
    // an optional field is `anyOf: [its schema, null]`: report the first branch's errors only
    .filter((error) => error.keyword !== 'anyOf' && !error.schemaPath.includes('/anyOf/1/'))
    .map((error) => {
      const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'data';
      const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
      const property = error.keyword === 'required' ? `${path === 'data' ? '' : `${path}.`}${String(error.params.missingProperty)}` : path;
      return `${property}: ${error.message ?? error.keyword}${extra}`;
    });
}

/** Validates an event's `data` against its topic's contract; the error list names each bad field. */
export function validateEventData<K extends Topic>(topic: K, data: unknown): EventValidationResult<TopicDataMap[K]> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { ok: false, errors: ['data: must be an object'] };
  const validate = validatorFor(topic);
  if (validate(data)) return { ok: true, value: data as TopicDataMap[K] };
  return { ok: false, errors: [...new Set(describe(validate.errors))] };
}

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`);
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/** The same check through the class-validator classes themselves (slower; the reference). */
export function validateEventDataWithClasses<K extends Topic>(topic: K, data: unknown): EventValidationResult<TopicDataMap[K]> {
  const { dataClass } = EVENT_CONTRACTS[topic] as unknown as EventContract<TopicDataMap[K]>;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { ok: false, errors: ['data: must be an object'] };
  const instance = plainToInstance(dataClass, data);
  const errors = validateSync(instance as object, { forbidUnknownValues: false });
  if (errors.length > 0) return { ok: false, errors: flatten(errors) };
  return { ok: true, value: data as TopicDataMap[K] };
}
