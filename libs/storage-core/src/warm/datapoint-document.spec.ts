import { datapointAnonymizedExample, DatapointAnonymizedV1 } from '@benchpool/contracts';
import { agentIdOf, bsonSizeOf, compactValue, dataPointFromDocument, tierFactsOf, toDatapointDocument } from './datapoint-document';

const storedAt = new Date('2026-11-21T10:00:07.000Z');

describe('warm datapoint document', () => {
  it('drops null and undefined at every depth, keeping empty arrays/objects, false, 0 and array positions', () => {
    expect(compactValue({ a: null, b: undefined, c: [], d: {}, e: { f: [], x: null }, g: false, h: 0, i: [{ j: null, k: 1 }, null], l: '' })).toEqual({
      c: [], d: {}, e: { f: [] }, g: false, h: 0, i: [{ k: 1 }, null], l: '',
    });
  });

  it('keeps the data point fields at the top level with _id = id, a Date timestamp and the query fields', () => {
    const document = toDatapointDocument(datapointAnonymizedExample, { batchToken: 'b1', storedAt });
    expect(document._id).toBe('task-0001');
    expect('id' in document).toBe(false);
    expect(document.timestamp).toEqual(new Date('2026-11-21T10:00:06.000Z'));
    expect(document).toMatchObject({
      agentId: 'agent-claude-coder', taskType: datapointAnonymizedExample.task.type, complexity: datapointAnonymizedExample.task.complexity,
      overallScore: 0.95, success: true, rlReady: true, tenantId: datapointAnonymizedExample.tenantId, batchToken: 'b1', storedAt,
    });
    expect(document.task.description).toBe(datapointAnonymizedExample.task.description);
    expect(document.execution?.artifacts.diff).toBe(datapointAnonymizedExample.execution!.artifacts.diff);
    expect(document.missing).toEqual([]);
    expect(document.evaluation?.notJudged).toEqual([]);
  });

  it('round-trips to the contract shape with defaults for omitted fields', () => {
    const document = toDatapointDocument(datapointAnonymizedExample, { batchToken: 'b1', storedAt });
    const point = dataPointFromDocument(document);
    expect(point).toEqual(JSON.parse(JSON.stringify(datapointAnonymizedExample)));
  });

  it('attributes an incomplete point to the selected agent and leaves quality out', () => {
    const incomplete = { ...datapointAnonymizedExample, id: 'task-x', status: 'incomplete', missing: ['execution', 'evaluation'], execution: null, evaluation: null, rlLabels: null } as DatapointAnonymizedV1;
    expect(agentIdOf(incomplete)).toBe(datapointAnonymizedExample.routing!.selectedAgentId);
    const document = toDatapointDocument(incomplete, { batchToken: 'b1', storedAt });
    expect(document.overallScore).toBeUndefined();
    expect(document.success).toBe(false);
    expect('execution' in document || 'evaluation' in document || 'rlLabels' in document).toBe(false);
    expect(tierFactsOf(document)).toMatchObject({ complete: false, success: false, tokens: 0, quality: undefined, latencyMs: undefined });
    expect(dataPointFromDocument(document)).toMatchObject({ execution: null, evaluation: null, rlLabels: null, missing: ['execution', 'evaluation'] });
  });

  it('takes tier facts from the stored document', () => {
    const facts = tierFactsOf(toDatapointDocument(datapointAnonymizedExample, { batchToken: 'b1', storedAt }));
    expect(facts).toEqual({
      id: 'task-0001', agentId: 'agent-claude-coder', taskType: datapointAnonymizedExample.task.type, complexity: datapointAnonymizedExample.task.complexity,
      timestampMs: Date.parse('2026-11-21T10:00:06.000Z'), success: true, complete: true, rlReady: true, cawsCompliant: true,
      quality: 0.95, reward: 0.9, tokens: 388, latencyMs: 4080,
    });
  });

  it('adds at most the query fields and bookkeeping (~200 bytes) to the event it stores', () => {
    const eventBytes = bsonSizeOf(JSON.parse(JSON.stringify(datapointAnonymizedExample)));
    const documentBytes = bsonSizeOf(toDatapointDocument(datapointAnonymizedExample, { batchToken: 'lz2k3-0a1b2c3d4e', storedAt }));
    expect(documentBytes - eventBytes).toBeLessThanOrEqual(200);
  });
});
