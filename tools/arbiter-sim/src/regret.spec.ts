import { computeRegret, RegretInput, routingShareOverTime, tasksToAdapt } from './regret';

describe('computeRegret', () => {
  // Three agents A, B, C in registration order; a hand-checked stream of four tasks.
  const inputs: RegretInput[] = [
    // task 0: best 0.9 (A); policy picks B (0.5) → 0.4; random mean (0.9+0.5+0.1)/3 = 0.5 → 0.4; round robin picks A → 0
    { taskIndex: 0, segment: 's1', eligible: [{ agentId: 'A', value: 0.9 }, { agentId: 'B', value: 0.5 }, { agentId: 'C', value: 0.1 }], chosenAgentId: 'B', chosenValue: 0.5 },
    // task 1: only B and C eligible; best 0.8 (C); policy picks C → 0; random mean 0.6 → 0.2; round robin continues at B → 0.4 → 0.4
    { taskIndex: 1, segment: 's2', eligible: [{ agentId: 'B', value: 0.4 }, { agentId: 'C', value: 0.8 }], chosenAgentId: 'C', chosenValue: 0.8 },
    // task 2: no agent: excluded from regret, counted
    { taskIndex: 2, segment: 's1', eligible: [{ agentId: 'A', value: 0.9 }], chosenAgentId: null, chosenValue: 0 },
    // task 3: best 0.9 (A); policy A → 0; random mean 0.5 → 0.4; round robin pointer after B is C → 0.1 → 0.8
    { taskIndex: 3, segment: 's1', eligible: [{ agentId: 'A', value: 0.9 }, { agentId: 'B', value: 0.5 }, { agentId: 'C', value: 0.1 }], chosenAgentId: 'A', chosenValue: 0.9 },
  ];

  it('sums the losses of the policy, random and round-robin against the best eligible agent', () => {
    const report = computeRegret(inputs, ['A', 'B', 'C']);
    expect(report.decided).toBe(3);
    expect(report.noAgent).toBe(1);
    expect(report.cumulative.policy).toBeCloseTo(0.4, 6);
    expect(report.cumulative.random).toBeCloseTo(1.0, 6);
    expect(report.cumulative.roundRobin).toBeCloseTo(1.2, 6);
    expect(report.ratioVsRandom).toBeCloseTo(0.4, 6);
    expect(report.ratioVsRoundRobin).toBeCloseTo(0.4 / 1.2, 3);
    expect(report.oracleValue).toBeCloseTo(2.6, 6);
    expect(report.policyValue).toBeCloseTo(2.2, 6);
    expect(report.bySegment.s1.policy).toBeCloseTo(0.4, 6);
    expect(report.bySegment.s2.roundRobin).toBeCloseTo(0.4, 6);
  });

  it('does not depend on the order the decisions arrived in', () => {
    const shuffled = [inputs[3], inputs[1], inputs[0], inputs[2]];
    expect(computeRegret(shuffled, ['A', 'B', 'C'])).toEqual(computeRegret(inputs, ['A', 'B', 'C']));
  });

  it('reports a null ratio when random routing loses nothing', () => {
    const tie: RegretInput[] = [{ taskIndex: 0, segment: 's', eligible: [{ agentId: 'A', value: 0.5 }, { agentId: 'B', value: 0.5 }], chosenAgentId: 'A', chosenValue: 0.5 }];
    expect(computeRegret(tie, ['A', 'B']).ratioVsRandom).toBeNull();
  });
});

describe('routingShareOverTime', () => {
  it('gives each window the share of decided tasks per agent', () => {
    const choices = [
      { taskIndex: 0, agentId: 'A' }, { taskIndex: 1, agentId: 'B' }, { taskIndex: 2, agentId: 'A' }, { taskIndex: 3, agentId: null },
    ];
    const windows = routingShareOverTime(choices, ['A', 'B'], 2);
    expect(windows).toHaveLength(2);
    expect(windows[0].shares).toEqual({ A: 0.5, B: 0.5 });
    expect(windows[1]).toEqual({ fromTask: 2, toTask: 3, decided: 1, shares: { A: 1, B: 0 } });
  });
});

describe('tasksToAdapt', () => {
  it('counts segment tasks after the change until the rolling share reaches half the optimal share', () => {
    const choices = Array.from({ length: 30 }, (_, index) => ({
      taskIndex: index,
      segment: index % 2 === 0 ? 'target' : 'other',
      // in the target segment the new best agent X is picked from task 10 on
      agentId: index % 2 === 0 && index >= 10 ? 'X' : 'Y',
    }));
    // target-segment tasks from index 4: 4, 6, 8 (Y), then 10.. (X); window 4 → half reached after 2 X in the last 4
    expect(tasksToAdapt(choices, 'target', 'X', 4, 1, 4)).toBe(5);
    expect(tasksToAdapt(choices, 'target', 'Z', 4, 1, 4)).toBeNull();
  });
});
