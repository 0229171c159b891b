import type { ChatMessage, ExecutionCompletedV1, ExecutionTurnV1, ToolCallRecord } from '@benchpool/contracts';
import { ChangeKind, generateCodeChange, generateDocumentChange } from './code-change.generator';
import type { HiddenWorld } from './hidden-world';
import { SeededRandom } from './seeded-random';
import type { SimulatedTask } from './task.generator';
import type { DiffStats, FileContents } from './unified-diff';

/** What really happened when an agent worked on a task (the ground truth the events describe). */
export interface SimulatedOutcome {
  agentId: string;
  version: string;
  success: boolean;
  partialSuccess: boolean;
  /** hidden quality of the work in [0, 1] */
  quality: number;
  changeKind: ChangeKind | 'document' | 'incomplete-document';
  failureReason?: string;
  /** simulated wall-clock time of the whole task, before time scaling */
  simulatedLatencyMs: number;
  tokensUsed: number;
  thinkingTokens: number;
  outputTokens: number;
  turnCount: number;
  diffStats?: DiffStats;
}

export interface SimulatedExecution {
  outcome: SimulatedOutcome;
  /** turns as published on arbiter.execution.turn.v1, in order */
  turns: ExecutionTurnV1[];
  /** when each turn is published, in real milliseconds after the start (already time-scaled) */
  turnPublishOffsetsMs: number[];
  completion: ExecutionCompletedV1;
  /** real milliseconds after the start when the completion is published */
  completionOffsetMs: number;
}

export interface SimulateExecutionInput {
  world: HiddenWorld;
  task: SimulatedTask;
  agentId: string;
  /** the version routing chose; default: the version deployed at this task */
  version?: string | null;
  /** real time the agent starts (after the decision arrived) */
  startedAt: Date;
  /**
   * real milliseconds per simulated millisecond: agents take minutes, a simulation cannot, so the
   * run is compressed and every timestamp and latency describes the compressed run consistently.
   */
  timeScale: number;
}

const TURNS_BY_COMPLEXITY = { trivial: [1, 3], standard: [2, 5], complex: [4, 9] } as const;

function clampUnit(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Splits a total into `parts` positive integers with random weights. */
function splitInteger(random: SeededRandom, total: number, parts: number): number[] {
  const weights = Array.from({ length: parts }, () => 0.3 + random.next());
  const sum = weights.reduce((left, right) => left + right, 0);
  const shares = weights.map((weight) => Math.max(1, Math.floor((total * weight) / sum)));
  shares[shares.length - 1] += Math.max(0, total - shares.reduce((left, right) => left + right, 0));
  return shares;
}

/**
 * Samples how an agent does on a task from its hidden behaviour and renders it as the events a
 * real arbiter would publish: turns with tool calls, thinking tokens and messages, and a completion
 * whose artifacts (diff, files, tests, lint, coverage, mutation score) agree with the outcome.
 * Deterministic per (scenario seed, task, agent, version).
 */
export function simulateExecution(input: SimulateExecutionInput): SimulatedExecution {
  const { world, task, agentId } = input;
  const agent = world.agent(agentId);
  const version = input.version ?? world.deployedVersion(agentId, task.index);
  const random = new SeededRandom(world.scenario.seed).fork('execution', task.index, agentId, version);
  const behaviour = world.behaviour(agentId, task.segment, task.index, version) ?? {
    // an agent routed outside its abilities (should not happen) does poorly
    successProbability: 0.05, qualityMean: 0.2, qualitySpread: 0.1, latencyMsMedian: 60_000, tokensMedian: 8_000,
  };
  const habits = agent?.habits ?? { scaffoldingRate: 0.1, budgetBreakRate: 0.05, thinkingShare: 0.2, toolFailureRate: 0.05 };

  const success = random.bernoulli(behaviour.successProbability);
  const rawQuality = clampUnit(random.normal(behaviour.qualityMean, behaviour.qualitySpread));
  const quality = round3(success ? Math.max(0.5, rawQuality) : rawQuality * 0.6);

  let changeKind: SimulatedOutcome['changeKind'];
  let partialSuccess = false;
  let failureReason: string | undefined;
  if (task.producesCode) {
    if (success) {
      changeKind = random.bernoulli(habits.budgetBreakRate) ? 'budget-breaking' : random.bernoulli(habits.scaffoldingRate) ? 'scaffolded-fix' : 'minimal-fix';
    } else {
      changeKind = random.weightedPick<ChangeKind>(['partial-fix', 'wrong-fix', 'no-change'], [0.35, 0.5, 0.15]);
      partialSuccess = changeKind === 'partial-fix';
      failureReason = changeKind === 'no-change'
        ? 'gave up: could not reproduce the failure within the turn limit'
        : changeKind === 'partial-fix' ? 'regression tests still failing after the fix' : 'the fix did not address the root cause; tests fail';
    }
  } else {
    changeKind = success ? 'document' : 'incomplete-document';
    partialSuccess = !success && random.bernoulli(0.4);
    if (!success) failureReason = 'answer incomplete: open questions left without evidence';
  }

  const failurePenalty = success ? 1 : 1.25;
  const simulatedLatencyMs = Math.max(1_000, Math.round(random.logNormal(behaviour.latencyMsMedian, 0.35) * failurePenalty));
  const tokensUsed = Math.max(200, Math.round(random.logNormal(behaviour.tokensMedian, 0.4) * failurePenalty));
  const [minTurns, maxTurns] = TURNS_BY_COMPLEXITY[task.complexity];
  const turnCount = Math.min(12, random.integer(minTurns, maxTurns) + (success ? 0 : 1));

  // the deliverable
  let files: FileContents[] = [];
  let diff: string | undefined;
  let diffStats: DiffStats | undefined;
  let testsAdded = 0;
  let documentSummary = '';
  if (task.producesCode && task.code) {
    if (changeKind !== 'no-change') {
      const change = generateCodeChange(task.code, changeKind as ChangeKind, task.complexity, task.budget, random.fork('change'));
      files = change.files;
      diff = change.diff;
      diffStats = change.stats;
      testsAdded = change.testsAdded;
    }
  } else {
    const document = generateDocumentChange(random.fork('document'), task.type, task.topic ?? task.type, success);
    files = document.files;
    diff = document.diff;
    diffStats = document.stats;
    documentSummary = document.summary;
  }

  // token accounting per turn (thinking never exceeds a turn's total)
  const turnTokens = splitInteger(random, tokensUsed, turnCount);
  const turnThinking = turnTokens.map((tokens) => Math.min(tokens, Math.round(tokens * habits.thinkingShare * (0.7 + 0.6 * random.next()))));
  const thinkingTokens = turnThinking.reduce((left, right) => left + right, 0);
  const outputTokens = Math.min(tokensUsed - thinkingTokens, Math.round(tokensUsed * (0.15 + 0.15 * random.next())));

  const scale = Math.max(0, input.timeScale);
  const scaledTotal = Math.max(1, Math.round(simulatedLatencyMs * scale));
  const turnLatencies = splitInteger(random, scaledTotal, turnCount).map((latency) => Math.max(0, latency));
  const startMs = input.startedAt.getTime();

  const turns: ExecutionTurnV1[] = [];
  const turnPublishOffsetsMs: number[] = [];
  const conversation: ChatMessage[] = [
    { role: 'system', content: `You are ${agent?.name ?? agentId}, a coding agent. Follow the CAWS working standard: minimal diffs, tests first, no secrets.` },
    { role: 'user', content: task.description },
  ];
  let offset = 0;
  let firstActionOffset: number | undefined;
  for (let turnIndex = 0; turnIndex < turnCount; turnIndex++) {
    const isLast = turnIndex === turnCount - 1;
    const plan = toolPlan(task, turnIndex, turnCount, success, changeKind, diff, files[0]?.path);
    const toolCalls: ToolCallRecord[] = [];
    let toolOffset = 0;
    for (const call of plan) {
      const failsOnce = random.bernoulli(habits.toolFailureRate);
      const attempts = failsOnce ? 2 : 1;
      for (let attempt = 0; attempt < attempts; attempt++) {
        const latencyMs = Math.max(0, Math.round(random.logNormal(call.medianMs, 0.5) * scale));
        const failed = failsOnce && attempt === 0;
        toolCalls.push({
          toolName: call.toolName,
          success: !failed,
          latencyMs,
          arguments: call.arguments,
          result: failed ? random.pick(['error: timeout after 30s', 'error: ENOENT', 'error: rate limited, retry later']) : call.result,
        });
        if (firstActionOffset === undefined) firstActionOffset = offset + toolOffset;
        toolOffset += latencyMs;
      }
    }
    const progress = (turnIndex + 1) / turnCount;
    const turnQuality = round3(clampUnit(quality * Math.sqrt(progress) + random.normal(0, 0.03)));
    const assistantText = turnNarrative(task, turnIndex, turnCount, success, changeKind, documentSummary);
    const messages: ChatMessage[] = [
      { role: 'assistant', content: assistantText, toolCalls: toolCalls.map((call) => ({ toolName: call.toolName, arguments: call.arguments })) },
      ...toolCalls.map((call) => ({ role: 'tool' as const, content: (call.result ?? '').slice(0, 2_000) })),
    ];
    conversation.push(...messages);
    const feedback = !isLast && task.producesCode && turnIndex === turnCount - 2 && !success
      ? 'tests still failing; re-read the failing assertion before editing again'
      : undefined;
    turns.push({
      taskId: task.taskId,
      agentId,
      turnNumber: turnIndex + 1,
      startedAt: new Date(startMs + offset).toISOString(),
      latencyMs: turnLatencies[turnIndex],
      tokensUsed: turnTokens[turnIndex],
      thinkingTokens: turnThinking[turnIndex],
      toolCalls,
      qualityScore: turnQuality,
      ...(feedback ? { feedback } : {}),
      messages,
    });
    offset += turnLatencies[turnIndex];
    turnPublishOffsetsMs.push(offset);
  }
  conversation.push({ role: 'assistant', content: finalSummary(task, success, changeKind, diffStats) });

  const testsPlanned = task.producesCode ? testCounts(random, task, changeKind as ChangeKind, testsAdded) : undefined;
  const coverageLine = clampUnit(0.55 + 0.42 * quality + random.normal(0, 0.02));
  const coverageBranch = clampUnit(coverageLine - 0.04 - 0.08 * random.next());
  const completion: ExecutionCompletedV1 = {
    taskId: task.taskId,
    agentId,
    success,
    ...(failureReason ? { failureReason } : {}),
    partialSuccess,
    startedAt: input.startedAt.toISOString(),
    firstActionAt: new Date(startMs + Math.min(firstActionOffset ?? 0, scaledTotal)).toISOString(),
    latencyMs: scaledTotal,
    tokensUsed,
    thinkingTokens,
    outputTokens,
    artifacts: {
      ...(diff ? { diff } : {}),
      ...(files.length ? { files: files.map((file) => ({ ...file })) } : {}),
      ...(testsPlanned ? { tests: testsPlanned } : {}),
      ...(task.producesCode
        ? {
          lint: lintCounts(random, changeKind as ChangeKind),
          coverage: { line: round3(coverageLine), branch: round3(coverageBranch) },
          mutationScore: round3(clampUnit(0.25 + 0.6 * quality + random.normal(0, 0.04))),
        }
        : {}),
      messages: conversation,
    },
  };
  return {
    outcome: {
      agentId, version, success, partialSuccess, quality, changeKind, failureReason, simulatedLatencyMs, tokensUsed, thinkingTokens,
      outputTokens, turnCount, diffStats,
    },
    turns,
    turnPublishOffsetsMs,
    completion,
    completionOffsetMs: Math.max(offset, scaledTotal),
  };
}

function testCounts(random: SeededRandom, task: SimulatedTask, kind: ChangeKind, testsAdded: number): { passed: number; failed: number; skipped: number } {
  const existing = { trivial: random.integer(6, 20), standard: random.integer(20, 80), complex: random.integer(60, 240) }[task.complexity];
  const bugs = task.code?.bugs.length ?? 1;
  const skipped = random.bernoulli(0.3) ? random.integer(1, 3) : 0;
  switch (kind) {
    case 'minimal-fix':
    case 'scaffolded-fix':
    case 'budget-breaking':
      return { passed: existing + testsAdded, failed: 0, skipped };
    case 'partial-fix':
      return { passed: existing + Math.max(0, testsAdded - (bugs - 1)), failed: Math.max(1, bugs - 1), skipped };
    case 'wrong-fix':
      return { passed: existing, failed: Math.max(1, testsAdded), skipped };
    case 'no-change':
      return { passed: existing, failed: bugs, skipped };
  }
}

function lintCounts(random: SeededRandom, kind: ChangeKind): { errors: number; warnings: number } {
  const warnings = random.integer(0, 3) + (kind === 'scaffolded-fix' ? 1 : 0) + (kind === 'budget-breaking' ? random.integer(2, 8) : 0);
  const errors = kind === 'wrong-fix' && random.bernoulli(0.4) ? random.integer(1, 2) : 0;
  return { errors, warnings };
}

interface PlannedCall {
  toolName: string;
  arguments: string;
  result: string;
  medianMs: number;
}

/** Which tools a turn calls: explore first, edit in the middle, verify at the end. */
function toolPlan(
  task: SimulatedTask,
  turnIndex: number,
  turnCount: number,
  success: boolean,
  changeKind: SimulatedOutcome['changeKind'],
  diff: string | undefined,
  deliverablePath: string | undefined,
): PlannedCall[] {
  const isFirst = turnIndex === 0;
  const isLast = turnIndex === turnCount - 1;
  if (task.producesCode && task.code) {
    const bug = task.code.bugs[turnIndex % task.code.bugs.length];
    const calls: PlannedCall[] = [];
    if (isFirst) {
      calls.push({ toolName: 'search_code', arguments: JSON.stringify({ query: bug.functionName }), result: `${bug.modulePath}: export function ${bug.functionName}`, medianMs: 800 });
      calls.push({ toolName: 'read_file', arguments: JSON.stringify({ path: bug.modulePath }), result: bug.moduleBefore.slice(0, 1_500), medianMs: 300 });
    }
    if (!isFirst && !isLast) {
      calls.push({ toolName: 'read_file', arguments: JSON.stringify({ path: bug.specPath }), result: bug.specBefore.slice(0, 1_500), medianMs: 300 });
      calls.push({ toolName: 'run_tests', arguments: JSON.stringify({ pattern: bug.specPath }), result: `FAIL ${bug.specPath}\n  ● ${bug.functionName} › ${bug.title}`, medianMs: 9_000 });
    }
    if ((isLast || turnIndex === turnCount - 2) && diff && changeKind !== 'no-change') {
      calls.push({ toolName: 'apply_patch', arguments: JSON.stringify({ patch: diff.slice(0, 4_000) }), result: 'patch applied', medianMs: 500 });
    }
    if (isLast) {
      calls.push({
        toolName: 'run_tests', arguments: JSON.stringify({ pattern: 'src/' }),
        result: success ? 'PASS all test suites' : `FAIL ${bug.specPath}`, medianMs: 15_000,
      });
      calls.push({ toolName: 'run_linter', arguments: JSON.stringify({ paths: [bug.modulePath] }), result: success ? '0 problems' : 'problems found', medianMs: 4_000 });
    }
    return calls.length > 0 ? calls : [{ toolName: 'read_file', arguments: JSON.stringify({ path: bug.modulePath }), result: 'ok', medianMs: 300 }];
  }
  const topic = task.topic ?? task.type;
  if (isLast) {
    return [{ toolName: 'write_file', arguments: JSON.stringify({ path: deliverablePath ?? `docs/${task.type}/answer.md` }), result: 'written', medianMs: 200 }];
  }
  return isFirst
    ? [{ toolName: 'web_search', arguments: JSON.stringify({ query: topic }), result: '10 results', medianMs: 2_500 }]
    : [{ toolName: 'fetch_url', arguments: JSON.stringify({ url: `https://docs.example.com/${turnIndex}` }), result: 'page text (4 kB)', medianMs: 1_800 },
      { toolName: 'read_document', arguments: JSON.stringify({ id: `doc-${turnIndex}` }), result: 'document text', medianMs: 900 }];
}

function turnNarrative(task: SimulatedTask, turnIndex: number, turnCount: number, success: boolean, changeKind: string, summary: string): string {
  if (task.producesCode && task.code) {
    const bug = task.code.bugs[turnIndex % task.code.bugs.length];
    if (turnIndex === 0) return `Locating ${bug.functionName} in ${bug.modulePath} to reproduce: ${bug.symptom}`;
    if (turnIndex < turnCount - 1) return `Reading the spec and running the failing test for ${bug.functionName}.`;
    return success ? `Applied the fix (${changeKind}); running the full test suite and the linter.` : 'Applied a change; the tests still fail.';
  }
  if (turnIndex === 0) return `Searching for sources on: ${task.topic ?? task.type}.`;
  if (turnIndex < turnCount - 1) return 'Reading the most relevant sources and taking notes.';
  return success ? `Writing up: ${summary}` : 'Writing a partial answer; some questions remain open.';
}

function finalSummary(task: SimulatedTask, success: boolean, changeKind: string, stats: DiffStats | undefined): string {
  const size = stats ? ` (${stats.filesTouched} file(s), +${stats.linesAdded}/-${stats.linesRemoved})` : '';
  if (!task.producesCode) return success ? `Done: the write-up is in the attached document${size}.` : `Partial answer${size}; open questions are listed at the end.`;
  if (success) return `Fixed${size}. All tests pass and the linter is clean.`;
  if (changeKind === 'no-change') return 'I could not reproduce the failure within the turn limit and made no change.';
  return `Change applied${size}, but the regression tests still fail.`;
}
