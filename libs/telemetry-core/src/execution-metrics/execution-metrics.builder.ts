import type {
  ChatMessage, ExecutionArtifacts, ExecutionMetrics, ToolCallRecord, ToolUsage, TurnRecord,
} from '@benchpool/contracts';

/** What the builder reads from `arbiter.execution.completed.v1` (structurally; the contract class fits). */
export interface CompletionInput {
  agentId: string;
  success: boolean;
  failureReason?: string;
  partialSuccess: boolean;
  startedAt: string;
  firstActionAt?: string;
  latencyMs: number;
  tokensUsed: number;
  thinkingTokens: number;
  outputTokens: number;
  artifacts: ExecutionArtifacts;
}

/** What the builder reads from `arbiter.execution.turn.v1` (taskId / agentId are ignored). */
export interface TurnInput {
  turnNumber: number;
  startedAt: string;
  latencyMs: number;
  tokensUsed: number;
  thinkingTokens: number;
  toolCalls: ToolCallRecord[];
  qualityScore?: number;
  feedback?: string;
  messages?: ChatMessage[];
}

/** Ratios are rounded to this many decimals so equal inputs serialise to equal, short JSON. */
const RATIO_DECIMALS = 4;

/**
 * Builds the execution metrics of one task from its completion and its turns. Pure and
 * order-independent: the turns may come in any order and more than once (the first occurrence
 * of a turn number wins), the result is the same as for the clean, ordered list.
 *
 * Precedence: the completion is authoritative for `latencyMs`, `tokensUsed` and
 * `thinkingTokens`; a value of 0 there means "not reported", and the turns fill it in (sum of
 * the turns' latencies / tokens, which is the seeds' `totalLatency` / `totalTokens`). When the
 * completion reports a non-zero value it wins, even if the turns disagree. `outputTokens` comes
 * from the completion only (turns do not carry it).
 */
export function buildExecutionMetrics(completion: CompletionInput, turnInputs: readonly TurnInput[]): ExecutionMetrics {
  const turns = normalizeTurns(turnInputs);
  const startedAtMs = Date.parse(completion.startedAt);
  const latencyMs = completion.latencyMs > 0 ? completion.latencyMs : sum(turns, (turn) => turn.latencyMs);
  const tokensUsed = completion.tokensUsed > 0 ? completion.tokensUsed : sum(turns, (turn) => turn.tokensUsed);
  const thinkingTokens = completion.thinkingTokens > 0 ? completion.thinkingTokens : sum(turns, (turn) => turn.thinkingTokens);
  const toolCalls = turns.flatMap((turn) => turn.toolCalls);
  const successfulCalls = toolCalls.filter((call) => call.success).length;
  const firstAction = firstActionOf(completion, turns, startedAtMs, latencyMs);

  const metrics: ExecutionMetrics = {
    agentId: completion.agentId,
    success: completion.success,
    partialSuccess: completion.partialSuccess,
    startedAt: normalizeTimestamp(completion.startedAt),
    completedAt: toMillisecondIso(startedAtMs + latencyMs),
    latencyMs,
    tokensUsed,
    thinkingTokens,
    outputTokens: completion.outputTokens,
    toolCallCount: toolCalls.length,
    // no call failed when there was no call: the tool rubric judges whether calls were needed
    toolCallSuccessRate: toolCalls.length === 0 ? 1 : round(successfulCalls / toolCalls.length),
    toolsUsed: toolUsageOf(toolCalls),
    tokenEfficiency: tokenEfficiencyOf(completion, turns, tokensUsed),
    timeToFirstAction: firstAction.timeToFirstAction,
    turns,
    artifacts: completion.artifacts,
  };
  if (completion.failureReason !== undefined) metrics.failureReason = completion.failureReason;
  if (firstAction.firstActionAt !== undefined) metrics.firstActionAt = firstAction.firstActionAt;
  return metrics;
}

/**
 * The turns sorted by turn number, one per number (the first occurrence wins), with
 * millisecond timestamps and only the fields of `TurnRecord`.
 */
export function normalizeTurns(turnInputs: readonly TurnInput[]): TurnRecord[] {
  const byNumber = new Map<number, TurnInput>();
  for (const turn of turnInputs) if (!byNumber.has(turn.turnNumber)) byNumber.set(turn.turnNumber, turn);
  return [...byNumber.values()].sort((a, b) => a.turnNumber - b.turnNumber).map(toTurnRecord);
}

/**
 * tokenEfficiency = finalQuality × 1000 / tokensUsed (0 when no token was used).
 *
 * finalQuality is the arbiter's own quality score of the last turn that carries one (the seeds'
 * `finalQuality`); without any, the outcome stands in: 1 success, 0.5 partial success, 0 failure.
 * It deliberately does not use the CAWS overall score: caws-evaluation reads this metric before
 * any evaluation exists. Seeds' record: 0.95 × 1000 / 388 = 2.4485.
 */
export function tokenEfficiencyOf(completion: Pick<CompletionInput, 'success' | 'partialSuccess'>, turns: readonly TurnRecord[], tokensUsed: number): number {
  if (tokensUsed <= 0) return 0;
  return round((finalQualityOf(completion, turns) * 1000) / tokensUsed);
}

export function finalQualityOf(completion: Pick<CompletionInput, 'success' | 'partialSuccess'>, turns: readonly TurnRecord[]): number {
  for (let index = turns.length - 1; index >= 0; index--) {
    const quality = turns[index].qualityScore;
    if (quality !== undefined) return quality;
  }
  return completion.success ? 1 : completion.partialSuccess ? 0.5 : 0;
}

/**
 * timeToFirstAction: ms from startedAt to `firstActionAt` when the arbiter sends it; otherwise to
 * the start of the earliest turn that made a tool call (the call's own offset inside the turn is
 * not reported); with no tool call at all, the whole latency (the first visible action was the
 * final answer) and no `firstActionAt`. Never negative.
 */
function firstActionOf(
  completion: CompletionInput,
  turns: readonly TurnRecord[],
  startedAtMs: number,
  latencyMs: number,
): { timeToFirstAction: number; firstActionAt?: string } {
  if (completion.firstActionAt !== undefined) {
    const firstActionMs = Date.parse(completion.firstActionAt);
    return { timeToFirstAction: Math.max(0, firstActionMs - startedAtMs), firstActionAt: normalizeTimestamp(completion.firstActionAt) };
  }
  const firstToolTurn = turns.find((turn) => turn.toolCalls.length > 0);
  if (!firstToolTurn) return { timeToFirstAction: latencyMs };
  const firstActionMs = Math.max(startedAtMs, Date.parse(firstToolTurn.startedAt));
  return { timeToFirstAction: firstActionMs - startedAtMs, firstActionAt: toMillisecondIso(firstActionMs) };
}

/** Per tool: calls, success rate and mean latency, sorted by tool name. */
function toolUsageOf(calls: readonly ToolCallRecord[]): ToolUsage[] {
  const byTool = new Map<string, { calls: number; successes: number; latency: number }>();
  for (const call of calls) {
    const entry = byTool.get(call.toolName) ?? { calls: 0, successes: 0, latency: 0 };
    entry.calls += 1;
    entry.successes += call.success ? 1 : 0;
    entry.latency += call.latencyMs;
    byTool.set(call.toolName, entry);
  }
  return [...byTool.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([toolName, entry]) => ({
      toolName,
      callCount: entry.calls,
      successRate: round(entry.successes / entry.calls),
      averageLatency: round(entry.latency / entry.calls, 2),
    }));
}

function toTurnRecord(turn: TurnInput): TurnRecord {
  const record: TurnRecord = {
    turnNumber: turn.turnNumber,
    startedAt: normalizeTimestamp(turn.startedAt),
    latencyMs: turn.latencyMs,
    tokensUsed: turn.tokensUsed,
    thinkingTokens: turn.thinkingTokens,
    toolCalls: turn.toolCalls.map(toToolCallRecord),
  };
  if (turn.qualityScore !== undefined) record.qualityScore = turn.qualityScore;
  if (turn.feedback !== undefined) record.feedback = turn.feedback;
  if (turn.messages !== undefined) record.messages = turn.messages;
  return record;
}

function toToolCallRecord(call: ToolCallRecord): ToolCallRecord {
  const record: ToolCallRecord = { toolName: call.toolName, success: call.success, latencyMs: call.latencyMs };
  if (call.arguments !== undefined) record.arguments = call.arguments;
  if (call.result !== undefined) record.result = call.result;
  return record;
}

/** RFC 3339 with milliseconds, UTC. */
export function toMillisecondIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

const CANONICAL_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Any ISO 8601 timestamp as RFC 3339 UTC with milliseconds (already canonical ones as they are: the hot path). */
export function normalizeTimestamp(value: string): string {
  return CANONICAL_TIMESTAMP.test(value) ? value : toMillisecondIso(Date.parse(value));
}

export function round(value: number, decimals = RATIO_DECIMALS): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0);
}
