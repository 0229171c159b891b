import { buildExecutionMetrics, CompletionInput, normalizeTurns, tokenEfficiencyOf, TurnInput } from './execution-metrics.builder';

/*
 * The seeds' "Example Real Telemetry Record" (000, POC): text-transform-001, two iterations —
 * 2100 ms / 187 tokens / quality 0.65 with feedback, then 1980 ms / 201 tokens / quality 0.95,
 * success; totals 4080 ms, 388 tokens, final quality 0.95 — as the arbiter publishes it.
 */
const seedTurns: TurnInput[] = [
  {
    turnNumber: 1, startedAt: '2025-10-10T14:32:15.234Z', latencyMs: 2100, tokensUsed: 187, thinkingTokens: 0, toolCalls: [],
    qualityScore: 0.65, feedback: "Remove banned phrases: 'hey team'",
  },
  { turnNumber: 2, startedAt: '2025-10-10T14:32:17.334Z', latencyMs: 1980, tokensUsed: 201, thinkingTokens: 0, toolCalls: [], qualityScore: 0.95 },
];

const seedCompletion: CompletionInput = {
  agentId: 'gemma3n:e2b',
  success: true,
  partialSuccess: false,
  startedAt: '2025-10-10T14:32:15.234Z',
  latencyMs: 4080,
  tokensUsed: 388,
  thinkingTokens: 0,
  outputTokens: 0,
  artifacts: {},
};

describe('buildExecutionMetrics on the seeds\' POC record', () => {
  const metrics = buildExecutionMetrics(seedCompletion, seedTurns);

  it('takes latency and tokens from the completion and derives completedAt = startedAt + latency', () => {
    expect(metrics.latencyMs).toBe(2100 + 1980);
    expect(metrics.tokensUsed).toBe(187 + 201);
    expect(metrics.startedAt).toBe('2025-10-10T14:32:15.234Z');
    // 15.234 s + 4.080 s = 19.314 s
    expect(metrics.completedAt).toBe('2025-10-10T14:32:19.314Z');
    expect(metrics.agentId).toBe('gemma3n:e2b');
    expect(metrics.success).toBe(true);
    expect(metrics).not.toHaveProperty('failureReason');
  });

  it('computes tokenEfficiency = final quality × 1000 / tokens', () => {
    // 0.95 × 1000 / 388 = 2.44845… → 2.4485
    expect(metrics.tokenEfficiency).toBe(2.4485);
  });

  it('has no tool calls: count 0, success rate 1, no tools, first action = the whole latency', () => {
    expect(metrics.toolCallCount).toBe(0);
    expect(metrics.toolCallSuccessRate).toBe(1);
    expect(metrics.toolsUsed).toEqual([]);
    expect(metrics.timeToFirstAction).toBe(4080);
    expect(metrics).not.toHaveProperty('firstActionAt');
  });

  it('keeps both iterations, in order, with their quality and feedback', () => {
    expect(metrics.turns.map((turn) => [turn.turnNumber, turn.latencyMs, turn.tokensUsed, turn.qualityScore])).toEqual([
      [1, 2100, 187, 0.65],
      [2, 1980, 201, 0.95],
    ]);
    expect(metrics.turns[0].feedback).toBe("Remove banned phrases: 'hey team'");
    expect(metrics.turns[1]).not.toHaveProperty('feedback');
  });

  it('fills latency and tokens in from the turns when the completion reports 0', () => {
    const filled = buildExecutionMetrics({ ...seedCompletion, latencyMs: 0, tokensUsed: 0, thinkingTokens: 0 }, [
      { ...seedTurns[0], thinkingTokens: 30 },
      { ...seedTurns[1], thinkingTokens: 12 },
    ]);
    expect(filled.latencyMs).toBe(4080);
    expect(filled.tokensUsed).toBe(388);
    expect(filled.thinkingTokens).toBe(42);
    expect(filled.completedAt).toBe('2025-10-10T14:32:19.314Z');
  });

  it('lets a non-zero completion win over turns that disagree', () => {
    const authoritative = buildExecutionMetrics({ ...seedCompletion, tokensUsed: 400, latencyMs: 5000, thinkingTokens: 7 }, seedTurns);
    expect(authoritative.tokensUsed).toBe(400);
    expect(authoritative.latencyMs).toBe(5000);
    expect(authoritative.thinkingTokens).toBe(7);
    // 0.95 × 1000 / 400
    expect(authoritative.tokenEfficiency).toBe(2.375);
  });
});

describe('buildExecutionMetrics with tool calls', () => {
  const turns: TurnInput[] = [
    {
      turnNumber: 2, startedAt: '2025-10-10T14:32:17.334Z', latencyMs: 1980, tokensUsed: 201, thinkingTokens: 0, qualityScore: 0.95,
      toolCalls: [
        { toolName: 'read_file', success: true, latencyMs: 8 },
        { toolName: 'write_file', success: true, latencyMs: 20, arguments: '{"path":"a.txt"}' },
      ],
    },
    {
      turnNumber: 1, startedAt: '2025-10-10T14:32:15.234Z', latencyMs: 2100, tokensUsed: 187, thinkingTokens: 0, qualityScore: 0.65,
      toolCalls: [
        { toolName: 'read_file', success: true, latencyMs: 12 },
        { toolName: 'search', success: false, latencyMs: 30 },
      ],
    },
  ];
  const completion: CompletionInput = { ...seedCompletion, startedAt: '2025-10-10T14:32:15.000Z' };

  it('counts calls, success rate and per-tool usage (sorted by name)', () => {
    const metrics = buildExecutionMetrics(completion, turns);
    expect(metrics.toolCallCount).toBe(4);
    expect(metrics.toolCallSuccessRate).toBe(0.75);
    expect(metrics.toolsUsed).toEqual([
      { toolName: 'read_file', callCount: 2, successRate: 1, averageLatency: 10 },
      { toolName: 'search', callCount: 1, successRate: 0, averageLatency: 30 },
      { toolName: 'write_file', callCount: 1, successRate: 1, averageLatency: 20 },
    ]);
    expect(metrics.turns[1].toolCalls[1]).toEqual({ toolName: 'write_file', success: true, latencyMs: 20, arguments: '{"path":"a.txt"}' });
  });

  it('measures time to first action to the earliest turn with a tool call, or to firstActionAt when sent', () => {
    const derived = buildExecutionMetrics(completion, turns);
    expect(derived.timeToFirstAction).toBe(234);
    expect(derived.firstActionAt).toBe('2025-10-10T14:32:15.234Z');
    const reported = buildExecutionMetrics({ ...completion, firstActionAt: '2025-10-10T14:32:15.500Z' }, turns);
    expect(reported.timeToFirstAction).toBe(500);
    expect(reported.firstActionAt).toBe('2025-10-10T14:32:15.500Z');
  });

  it('writes every timestamp in UTC with milliseconds', () => {
    const metrics = buildExecutionMetrics(
      { ...completion, startedAt: '2025-10-10T16:32:15+02:00', firstActionAt: '2025-10-10T16:32:15.5+02:00' },
      [{ ...turns[1], startedAt: '2025-10-10T16:32:15.234+02:00' }],
    );
    expect(metrics.startedAt).toBe('2025-10-10T14:32:15.000Z');
    expect(metrics.firstActionAt).toBe('2025-10-10T14:32:15.500Z');
    expect(metrics.turns[0].startedAt).toBe('2025-10-10T14:32:15.234Z');
  });
});

describe('tokenEfficiencyOf', () => {
  const noQuality = normalizeTurns(seedTurns.map(({ qualityScore: _quality, ...turn }) => turn));

  it('falls back to the outcome when no turn carries a quality score', () => {
    expect(tokenEfficiencyOf({ success: true, partialSuccess: false }, noQuality, 388)).toBe(2.5773); // 1000 / 388
    expect(tokenEfficiencyOf({ success: false, partialSuccess: true }, noQuality, 388)).toBe(1.2887); // 500 / 388
    expect(tokenEfficiencyOf({ success: false, partialSuccess: false }, noQuality, 388)).toBe(0);
  });

  it('uses the last turn that carries a quality score, and is 0 without tokens', () => {
    const turns = normalizeTurns([seedTurns[0], { ...seedTurns[1], qualityScore: undefined }]);
    expect(tokenEfficiencyOf({ success: true, partialSuccess: false }, turns, 388)).toBe(1.6753); // 0.65 × 1000 / 388
    expect(tokenEfficiencyOf({ success: true, partialSuccess: false }, turns, 0)).toBe(0);
  });
});

describe('order and duplicate independence', () => {
  /** mulberry32: a small seeded PRNG so every failure is reproducible. */
  function seededRandom(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let value = state;
      value = Math.imul(value ^ (value >>> 15), value | 1);
      value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
      return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
    };
  }

  function randomTurns(random: () => number): TurnInput[] {
    const count = 1 + Math.floor(random() * 8);
    const tools = ['read_file', 'write_file', 'search', 'run_tests'];
    let clock = Date.parse('2026-01-01T00:00:00.000Z');
    return Array.from({ length: count }, (_, index) => {
      const latencyMs = 100 + Math.floor(random() * 3000);
      const turn: TurnInput = {
        turnNumber: index + 1,
        startedAt: new Date(clock).toISOString(),
        latencyMs,
        tokensUsed: Math.floor(random() * 500),
        thinkingTokens: Math.floor(random() * 100),
        toolCalls: Array.from({ length: Math.floor(random() * 4) }, () => ({
          toolName: tools[Math.floor(random() * tools.length)], success: random() > 0.3, latencyMs: Math.floor(random() * 200),
        })),
      };
      if (random() > 0.4) turn.qualityScore = Math.round(random() * 100) / 100;
      clock += latencyMs;
      return turn;
    });
  }

  function shuffledWithDuplicates(turns: TurnInput[], random: () => number): TurnInput[] {
    const delivered = [...turns];
    for (const turn of turns) if (random() < 0.5) delivered.push(JSON.parse(JSON.stringify(turn)) as TurnInput);
    for (let index = delivered.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [delivered[index], delivered[other]] = [delivered[other], delivered[index]];
    }
    return delivered;
  }

  it('gives deep-equal metrics for shuffled and duplicated turns over 300 seeded cases', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = seededRandom(seed);
      const turns = randomTurns(random);
      const completion: CompletionInput = {
        ...seedCompletion, startedAt: turns[0].startedAt, latencyMs: random() > 0.5 ? 0 : 9_999, tokensUsed: random() > 0.5 ? 0 : 4_321,
      };
      const clean = buildExecutionMetrics(completion, turns);
      const delivered = shuffledWithDuplicates(turns, random);
      expect(delivered.length).toBeGreaterThanOrEqual(turns.length);
      const messy = buildExecutionMetrics(completion, delivered);
      expect({ seed, metrics: messy }).toEqual({ seed, metrics: clean });
      expect(JSON.stringify(messy)).toBe(JSON.stringify(clean));
    }
  });

  it('keeps the first occurrence when a turn number comes twice with different content', () => {
    const first = seedTurns[0];
    const second = { ...seedTurns[0], tokensUsed: 999 };
    expect(normalizeTurns([first, second, seedTurns[1]])[0].tokensUsed).toBe(187);
    expect(normalizeTurns([second, first, seedTurns[1]])[0].tokensUsed).toBe(999);
  });
});
