import { ALL_TOPICS, EVENT_CONTRACTS, Topic, validateEventData, validateEventDataWithClasses } from './index';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Broken variants of an example: each field removed, nulled, or given a value of the wrong type, two levels deep. */
function mutations(example: Json, depth = 0, path: string[] = []): Array<{ path: string; value: Json }> {
  if (example === null || typeof example !== 'object' || Array.isArray(example) || depth > 1) return [];
  const out: Array<{ path: string; value: Json }> = [];
  for (const [key, value] of Object.entries(example)) {
    const wrong: Json[] = [null, typeof value === 'string' ? 42 : 'not-a-value', typeof value === 'number' ? -1e9 : [], {}];
    const { [key]: _removed, ...without } = example;
    out.push({ path: [...path, key, '(removed)'].join('.'), value: without });
    for (const replacement of wrong) out.push({ path: [...path, key, JSON.stringify(replacement)].join('.'), value: { ...example, [key]: replacement } });
    for (const nested of mutations(value, depth + 1, [...path, key])) out.push({ path: nested.path, value: { ...example, [key]: nested.value } });
  }
  return out;
}

describe('event validation: the compiled JSON Schema agrees with the class-validator classes', () => {
  it.each(ALL_TOPICS)('%s', (topic) => {
    const example = JSON.parse(JSON.stringify(EVENT_CONTRACTS[topic].example)) as Json;
    const disagreements: string[] = [];
    let rejected = 0;
    for (const { path, value } of mutations(example)) {
      const fast = validateEventData(topic, value).ok;
      const reference = validateEventDataWithClasses(topic, value).ok;
      if (!reference) rejected++;
      if (fast !== reference) disagreements.push(`${path}: schema ${fast ? 'accepts' : 'rejects'}, classes ${reference ? 'accept' : 'reject'}`);
    }
    expect(disagreements).toEqual([]);
    expect(rejected).toBeGreaterThan(0);
  });

  it('names the bad fields, nested ones with their path', () => {
    const result = validateEventData(Topic.ExecutionCompleted, {
      ...EVENT_CONTRACTS[Topic.ExecutionCompleted].example,
      latencyMs: -5,
      artifacts: { tests: { passed: 'many', failed: 0, skipped: 0 } },
    });
    expect(result.ok).toBe(false);
    const errors = result.ok ? '' : result.errors.join('\n');
    expect(errors).toContain('latencyMs');
    expect(errors).toContain('artifacts.tests.passed');
  });

  it('accepts a decision with no eligible agent (selectedAgentId null)', () => {
    expect(validateEventData(Topic.DecisionMade, { ...EVENT_CONTRACTS[Topic.DecisionMade].example, selectedAgentId: null }).ok).toBe(true);
  });
});
