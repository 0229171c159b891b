import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ALL_TOPICS, createCloudEvent, deadLetterTopicOf, EnvelopeError, EVENT_CONTRACTS, eventTypeOf, jsonSchemaFor,
  parseCloudEvent, Topic, validateEventData,
} from './index';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);

describe('contracts', () => {
  it.each(ALL_TOPICS)('%s: the example passes its class and its JSON Schema', (topic) => {
    const { example, keyOf } = EVENT_CONTRACTS[topic] as { example: object; keyOf: (d: object) => string };
    expect(validateEventData(topic, example)).toEqual({ ok: true, value: example });
    const validate = ajv.getSchema(jsonSchemaFor(topic).$id as string) ?? ajv.compile(jsonSchemaFor(topic));
    expect(validate(JSON.parse(JSON.stringify(example)))).toBe(true);
    expect(keyOf(example).length).toBeGreaterThan(0);
  });

  it.each(ALL_TOPICS)('%s: the committed schema matches the classes', (topic) => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', 'schemas', `${topic}.schema.json`), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(jsonSchemaFor(topic))));
  });

  it('names each bad field of an invalid event', () => {
    const result = validateEventData(Topic.TaskSubmitted, { taskId: 't-1', type: 'Code Editing', complexity: 'huge', requirements: 'x' });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors.join('\n');
    expect(errors).toContain('type:');
    expect(errors).toContain('complexity:');
    expect(errors).toContain('requirements:');
  });

  it('rejects nested errors with their path', () => {
    const bad = { ...EVENT_CONTRACTS[Topic.ExecutionCompleted].example, artifacts: { tests: { passed: -1, failed: 0, skipped: 0 } } };
    const result = validateEventData(Topic.ExecutionCompleted, bad);
    expect(result.ok ? [] : result.errors).toEqual([expect.stringContaining('artifacts.tests.passed')]);
  });

  it('the schema rejects what the class rejects', () => {
    const validate = ajv.getSchema(jsonSchemaFor(Topic.AgentRegistered).$id as string) ?? ajv.compile(jsonSchemaFor(Topic.AgentRegistered));
    expect(validate({ agentId: 'a', name: 'x', modelFamily: 'm', version: '1', capabilities: [], maxConcurrency: 0 })).toBe(false);
  });

  it('names topics, event types and dead-letter topics consistently', () => {
    expect(eventTypeOf(Topic.TaskSubmitted)).toBe('arbiter.task.submitted');
    expect(deadLetterTopicOf(Topic.TaskSubmitted)).toBe('arbiter.task.submitted.v1.dlq');
    for (const topic of ALL_TOPICS) expect(topic).toMatch(/^[a-z-]+\.[a-z-]+\.[a-z-]+\.v\d+$/);
  });
});

describe('CloudEvents envelope', () => {
  const event = createCloudEvent(Topic.TaskSubmitted, { taskId: 't-1' }, { source: 'test', tenantId: 'tenant-a', correlationId: 't-1' });

  it('round-trips a structured-mode event', () => {
    const parsed = parseCloudEvent(Buffer.from(JSON.stringify(event)));
    expect(parsed).toEqual(event);
    expect(parsed.type).toBe('arbiter.task.submitted');
    expect(parsed.time).toMatch(/\.\d{3}Z$/);
  });

  it('reads a binary-mode event from ce_ headers', () => {
    const parsed = parseCloudEvent(Buffer.from('{"taskId":"t-2"}'), {
      ce_specversion: Buffer.from('1.0'), ce_id: 'e-1', ce_source: 'arbiter', ce_type: 'arbiter.task.submitted',
      ce_tenantid: 'tenant-b', ce_time: '2026-11-21T10:00:00.000Z',
    });
    expect(parsed).toMatchObject({ id: 'e-1', tenantid: 'tenant-b', data: { taskId: 't-2' } });
  });

  it.each([
    ['not json', 'the value is not JSON'],
    ['[1,2]', 'not a JSON object'],
    [JSON.stringify({ ...event, id: undefined }), "'id' is missing"],
    [JSON.stringify({ ...event, specversion: '0.3' }), 'unsupported specversion'],
    [JSON.stringify({ ...event, tenantid: '' }), "'tenantid' is missing"],
    [JSON.stringify({ ...event, data: 'x' }), 'data is missing or not an object'],
    [JSON.stringify({ ...event, time: 'yesterday' }), 'not RFC 3339'],
  ])('rejects %s with a reason', (value, reason) => {
    expect(() => parseCloudEvent(Buffer.from(value))).toThrow(EnvelopeError);
    expect(() => parseCloudEvent(Buffer.from(value))).toThrow(reason);
  });

  it('rejects an empty record', () => {
    expect(() => parseCloudEvent(null)).toThrow('empty record value');
  });
});
