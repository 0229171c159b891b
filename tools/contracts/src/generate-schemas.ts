import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_TOPICS, CLOUD_EVENT_ENVELOPE_SCHEMA, EVENT_CONTRACTS, jsonSchemaFor } from '@benchpool/contracts';

/** Writes libs/contracts/schemas/<topic>.schema.json and <topic>.example.json for every topic. */
const directory = join(process.cwd(), 'libs/contracts/schemas');
mkdirSync(directory, { recursive: true });
for (const topic of ALL_TOPICS) {
  writeFileSync(join(directory, `${topic}.schema.json`), `${JSON.stringify(jsonSchemaFor(topic), null, 2)}\n`);
  writeFileSync(join(directory, `${topic}.example.json`), `${JSON.stringify(EVENT_CONTRACTS[topic].example, null, 2)}\n`);
}
writeFileSync(join(directory, 'cloudevent-envelope.schema.json'), `${JSON.stringify(CLOUD_EVENT_ENVELOPE_SCHEMA, null, 2)}\n`);
console.log(`wrote ${ALL_TOPICS.length} schemas and examples to ${directory}`);
