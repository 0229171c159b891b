// eslint-disable-next-line @typescript-eslint/no-require-imports -- the storage has no typed export path
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: unknown };
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { EVENT_CONTRACTS } from './registry';
import { Topic } from './topics';

type JsonSchema = Record<string, unknown>;

let cachedDefinitions: Record<string, JsonSchema> | undefined;

function definitions(): Record<string, JsonSchema> {
  cachedDefinitions ??= allowNullForOptional(
    validationMetadatasToSchemas({
      classTransformerMetadataStorage: defaultMetadataStorage as never,
      refPointerPrefix: '#/definitions/',
    }) as Record<string, JsonSchema>,
  );
  return cachedDefinitions;
}

/**
 * class-validator's @IsOptional accepts null as well as a missing property (a decision with no
 * eligible agent has `selectedAgentId: null`); the schema says the same for every optional field.
 */
function allowNullForOptional(definitions: Record<string, JsonSchema>): Record<string, JsonSchema> {
  for (const definition of Object.values(definitions)) {
    const required = new Set((definition.required as string[] | undefined) ?? []);
    const properties = (definition.properties ?? {}) as Record<string, JsonSchema>;
    for (const [name, property] of Object.entries(properties)) {
      if (!required.has(name)) properties[name] = { anyOf: [property, { type: 'null' }] };
    }
  }
  return definitions;
}

/**
 * The JSON Schema (draft-07) of a topic's `data`, derived from its class-validator class so the
 * two can never disagree. The committed copies in libs/contracts/schemas/ are checked by a test.
 */
export function jsonSchemaFor(topic: Topic): JsonSchema {
  const all = definitions();
  // a subclass without decorators of its own (DatapointCollectedV1) has no definition: use its parent's
  let dataClass: { name: string } = EVENT_CONTRACTS[topic].dataClass;
  while (!all[dataClass.name] && Object.getPrototypeOf(dataClass)?.name) dataClass = Object.getPrototypeOf(dataClass);
  const root = dataClass.name;
  const used: Record<string, JsonSchema> = {};
  const visit = (name: string): void => {
    if (used[name] || !all[name]) return;
    used[name] = all[name];
    const refs = JSON.stringify(all[name]).match(/#\/definitions\/(\w+)/g) ?? [];
    refs.forEach((ref) => visit(ref.replace('#/definitions/', '')));
  };
  visit(root);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://benchpool.dev/schemas/${topic}.schema.json`,
    title: topic,
    $ref: `#/definitions/${root}`,
    definitions: used,
  };
}

/** The CloudEvents 1.0 structured-mode envelope every record carries. */
export const CLOUD_EVENT_ENVELOPE_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://benchpool.dev/schemas/cloudevent-envelope.schema.json',
  type: 'object',
  required: ['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'tenantid', 'data'],
  properties: {
    specversion: { const: '1.0' },
    id: { type: 'string', minLength: 1 },
    source: { type: 'string', minLength: 1 },
    type: { type: 'string', pattern: '^[a-z0-9-]+(\\.[a-z0-9-]+)+$' },
    time: { type: 'string', format: 'date-time' },
    datacontenttype: { const: 'application/json' },
    tenantid: { type: 'string', minLength: 1 },
    correlationid: { type: 'string' },
    subject: { type: 'string' },
    data: { type: 'object' },
  },
};
