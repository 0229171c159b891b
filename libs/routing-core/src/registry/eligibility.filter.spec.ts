import { AgentRecord, capabilityCoverage, versionedAgentId } from './agent-registry.model';
import { describeExclusions, filterEligibleAgents } from './eligibility.filter';

const agent = (agentId: string, overrides: Partial<AgentRecord> = {}): AgentRecord => ({
  agentId,
  version: '1',
  capabilities: ['TypeScript', 'AST analysis'],
  maxConcurrency: 10,
  status: 'active',
  ...overrides,
});
const task = { taskId: 'task-1', type: 'code-editing', complexity: 'standard', requirements: ['typescript', 'ast analysis'] };

describe('filterEligibleAgents', () => {
  it('keeps agents whose capabilities cover the requirements, case-insensitively', () => {
    const { eligible, excluded } = filterEligibleAgents(task, [agent('a'), agent('b', { capabilities: ['typescript'] })], {});
    expect(eligible.map((entry) => entry.agent.agentId)).toEqual(['a']);
    expect(excluded).toEqual([{ agentId: 'b', filter: 'capability', detail: 'lacks ast analysis' }]);
  });

  it('honours candidateAgentIds, including versions of a named base agent', () => {
    const child = agent(versionedAgentId('a', '2'), {
      status: 'canary',
      lineage: { baseAgentId: 'a', parentAgentId: 'a', parentVersion: '1', trainingBatchIds: [] },
    });
    const { eligible, excluded } = filterEligibleAgents({ ...task, candidateAgentIds: ['a'] }, [agent('a'), agent('b'), child], {});
    expect(eligible.map((entry) => entry.agent.agentId)).toEqual(['a', 'a@2']);
    expect(excluded.map((entry) => [entry.agentId, entry.filter])).toEqual([['b', 'candidate-list']]);
  });

  it('drops rolled-back and retired agents with their reason', () => {
    const { eligible, excluded } = filterEligibleAgents(
      task,
      [agent('a', { status: 'rolled-back', statusReason: 'credibly worse' }), agent('b', { status: 'retired' }), agent('c', { status: 'canary' })],
      {},
    );
    expect(eligible.map((entry) => entry.agent.agentId)).toEqual(['c']);
    expect(excluded.map((entry) => entry.filter)).toEqual(['status', 'status']);
    expect(excluded[0].detail).toContain('credibly worse');
  });

  it('excludes agents at or above 90% utilisation and scores load as 1 − utilisation', () => {
    const inFlight = new Map([
      ['a', 8],
      ['b', 9],
      ['c', 12],
    ]);
    const { eligible, excluded } = filterEligibleAgents(task, [agent('a'), agent('b'), agent('c')], inFlight);
    expect(eligible.map((entry) => [entry.agent.agentId, entry.utilisation, entry.loadScore])).toEqual([['a', 0.8, expect.closeTo(0.2, 10)]]);
    expect(excluded.map((entry) => entry.agentId)).toEqual(['b', 'c']);
    expect(excluded[0].detail).toContain('90%');
    expect(filterEligibleAgents(task, [agent('b')], inFlight, { maxUtilisation: 0.95 }).eligible).toHaveLength(1);
  });

  it('reports the first filter that removed each agent, grouped by filter', () => {
    const { excluded } = filterEligibleAgents(
      { ...task, candidateAgentIds: ['a', 'b'] },
      [agent('a', { capabilities: [] }), agent('b', { maxConcurrency: 1 }), agent('z')],
      { b: 1 },
    );
    const description = describeExclusions(excluded);
    expect(description).toContain('candidate-list filter removed z');
    expect(description).toContain('capability filter removed a');
    expect(description).toContain('utilisation filter removed b');
  });
});

describe('capabilityCoverage', () => {
  it('prefers a specialist among agents that cover the task', () => {
    const specialist = capabilityCoverage(['python'], ['python']);
    const generalist = capabilityCoverage(['python'], ['python', 'go', 'rust', 'java']);
    expect(specialist.coverage).toBe(1);
    expect(generalist.coverage).toBe(1);
    expect(specialist.score).toBeGreaterThan(generalist.score);
    expect(capabilityCoverage([], ['x']).coverage).toBe(1);
    expect(capabilityCoverage(['a', 'b'], ['a']).coverage).toBe(0.5);
  });
});
