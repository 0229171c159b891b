import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSeededRandom } from '@benchpool/routing-core';
import { main, parseArguments, parseLoggedDecisions } from './main';

const directory = mkdtempSync(join(tmpdir(), 'ope-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function writeLog(lines: string[]): string {
  const path = join(directory, `log-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(path, lines.join('\n'));
  return path;
}

function syntheticLines(count: number): string[] {
  const random = createSeededRandom('ope-cli');
  return Array.from({ length: count }, (_, index) => {
    const chosen = random.next() < 0.5 ? 'a' : 'b';
    const candidates = ['a', 'b'].map((agentId) => ({ agentId, capabilityScore: agentId === 'a' ? 0.95 : 0.9, performanceScore: 0.5, loadScore: 1, finalScore: 0.5, selectionReason: 'x' }));
    const reward = random.next() < (chosen === 'a' ? 0.9 : 0.1) ? 1 : 0;
    // half the lines in the decision-event shape
    return index % 2 === 0
      ? JSON.stringify({ context: { type: 'research', complexity: 'complex' }, candidates, chosenAgentId: chosen, propensity: 0.5, reward })
      : JSON.stringify({ task: { type: 'research', complexity: 'complex' }, routing: { selectedAgentId: chosen, propensity: 0.5, candidates }, reward });
  });
}

describe('ope CLI', () => {
  it('parses options, with the config inline', () => {
    const options = parseArguments(['--input', 'x.jsonl', '--strategy', 'ucb1', '--config', '{"discountFactor":0.99}', '--bootstrap=200']);
    expect(options).toMatchObject({ input: 'x.jsonl', strategy: 'ucb1', config: { discountFactor: 0.99 }, bootstrapSamples: 200 });
    expect(() => parseArguments(['--input', 'x', '--strategy', 'greedy'])).toThrow(/--strategy must be one of/);
    expect(() => parseArguments(['--strategy', 'ucb1'])).toThrow(/--input is required/);
    expect(() => parseArguments(['--input', 'x', '--colour', 'red'])).toThrow(/unknown option/);
  });

  it('reads both line shapes and reports bad lines with their number', () => {
    const { decisions, skipped } = parseLoggedDecisions([...syntheticLines(4), 'not json', JSON.stringify({ context: { type: 't', complexity: 'c' }, candidates: [{ agentId: 'a' }], chosenAgentId: 'a', propensity: 2, reward: 1 })].join('\n'));
    expect(decisions).toHaveLength(4);
    expect(skipped.map((entry) => entry.line)).toEqual([5, 6]);
    expect(skipped[1].reason).toContain('propensity');
  });

  it('prints a table and the JSON estimates; capability match (always a) is worth about 0.9', () => {
    const printed: string[] = [];
    const errors: string[] = [];
    const code = main(['--input', writeLog(syntheticLines(2000)), '--strategy', 'capability-match', '--bootstrap', '300'], {
      log: (text: string) => printed.push(text),
      error: (text: string) => errors.push(text),
    });
    expect(code).toBe(0);
    expect(errors).toEqual([]);
    expect(printed[0]).toContain('SNIPS');
    const result = JSON.parse(printed[1]);
    expect(result.snips.lower).toBeLessThan(0.9);
    expect(result.snips.upper).toBeGreaterThan(0.9);
    expect(result.decisions).toBe(2000);
  });

  it('fails with exit code 1 when no line is usable and 2 on bad options', () => {
    const quiet = { log: () => undefined, error: () => undefined };
    expect(main(['--input', writeLog(['{}']), '--strategy', 'ucb1'], quiet)).toBe(1);
    expect(main(['--strategy', 'ucb1'], quiet)).toBe(2);
  });
});
