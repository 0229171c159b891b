import { DEFAULT_ANONYMIZATION_POLICY } from '../anonymization-policy';
import { DataPointAnonymizer } from '../data-point-anonymizer';
import { buildSampleDataPoint } from '../fixtures/sample-data-point.fixture';
import { PrivacyScanner } from '../privacy-scanner/privacy-scanner';
import { validateDataPoint } from '../validation/validate-data-point';
import { CorpusEntry, loadCorpus } from './corpus-evaluator';

/**
 * The end-to-end shape of the acceptance check: corpus strings placed in the fields the arbiter
 * fills (task description, turn messages, feedback, tool arguments, diffs, failure reasons),
 * eight strings per point. Nothing labelled may survive anywhere in the stored point, every
 * look-alike must, and the scrubbed point must pass the privacy gate.
 */
/** All strings of a value, with JSON text inside strings decoded (as a consumer would read it). */
function decodedStrings(value: unknown, sink: string[] = []): string[] {
  if (typeof value === 'string') {
    sink.push(value);
    if (/^[[{]/.test(value)) {
      try {
        decodedStrings(JSON.parse(value), sink);
      } catch {
        // not JSON
      }
    }
  } else if (Array.isArray(value)) {
    value.forEach((item) => decodedStrings(item, sink));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      sink.push(key);
      decodedStrings(child, sink);
    }
  }
  return sink;
}

describe('corpus strings inside data points', () => {
  const anonymizer = new DataPointAnonymizer(DEFAULT_ANONYMIZATION_POLICY, { activeKeyId: 'k', keys: { k: 'corpus-in-points-secret' } });
  const scanner = new PrivacyScanner();
  const corpus = loadCorpus();
  const groups: CorpusEntry[][] = [];
  for (let index = 0; index < corpus.length; index += 8) groups.push(corpus.slice(index, index + 8));

  function embed(entries: CorpusEntry[], pointIndex: number): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const point = buildSampleDataPoint({ taskId: `task-corpus-${pointIndex}` }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const texts = entries.map((entry) => entry.text);
    point.task.description = texts[0] ?? '';
    point.execution.turns[0].messages[0].content = texts[1] ?? '';
    point.execution.turns[0].feedback = texts[2] ?? '';
    point.execution.turns[1].toolCalls[0].arguments = JSON.stringify({ command: texts[3] ?? '' });
    point.execution.turns[1].toolCalls[0].result = texts[4] ?? '';
    point.execution.artifacts.diff = texts[5] ?? '';
    point.execution.failureReason = texts[6] ?? '';
    point.execution.artifacts.files[0].after = texts[7] ?? '';
    return point;
  }

  it('leaks no labelled value, keeps every look-alike and passes the privacy gate', () => {
    const leaks: string[] = [];
    const destroyed: string[] = [];
    const flagged: string[] = [];
    groups.forEach((entries, pointIndex) => {
      const { point } = anonymizer.anonymize(embed(entries, pointIndex));
      const stored = decodedStrings(point).join('\n');
      for (const entry of entries) {
        for (const entity of entry.entities) if (stored.includes(entity.value)) leaks.push(`${entry.id}:${entity.type}`);
        for (const lookalike of entry.lookalikes) if (!stored.includes(lookalike)) destroyed.push(`${entry.id}:${lookalike}`);
      }
      const privacyIssues = validateDataPoint(point, { scanner }).issues.filter((issue) => issue.gate === 'privacy');
      if (privacyIssues.length > 0) flagged.push(`point ${pointIndex}: ${privacyIssues.map((issue) => issue.message).join('; ')}`);
    });
    expect(leaks).toEqual([]);
    expect(destroyed).toEqual([]);
    expect(flagged).toEqual([]);
  });
});
