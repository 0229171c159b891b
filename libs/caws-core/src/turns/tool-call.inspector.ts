import { canonicalJson } from '../evaluation.config';
import type { ChatMessage, EvaluationToolCall } from '../evaluation.types';

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);
// Tool names as the major function-calling APIs accept them (plus "." ":" "/" namespaces).
const TOOL_NAME = /^[A-Za-z0-9_.:/-]{1,128}$/;

/** Arguments that look like JSON (start with "{" or "[") must parse; anything else is free text. */
export function argumentsWellFormed(raw: unknown): boolean {
  if (raw === undefined || raw === null) return true;
  if (typeof raw !== 'string') return typeof raw === 'object';
  const trimmed = raw.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return true;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
}

/**
 * A tool call is well formed when its name is a non-empty identifier-like string (letters,
 * digits, _ . : / -), `success` is a boolean, `latencyMs` a finite non-negative number, and its
 * arguments parse when they look like JSON.
 */
export function isWellFormedToolCall(call: EvaluationToolCall | undefined): boolean {
  if (!call || typeof call !== 'object') return false;
  if (typeof call.toolName !== 'string' || !TOOL_NAME.test(call.toolName.trim()) || call.toolName.trim() !== call.toolName) {
    return false;
  }
  if (typeof call.success !== 'boolean') return false;
  if (typeof call.latencyMs !== 'number' || !Number.isFinite(call.latencyMs) || call.latencyMs < 0) return false;
  return argumentsWellFormed(call.arguments);
}

/** A message is well formed when its role is known, its content is text, and its tool calls are well formed. */
export function isWellFormedMessage(message: ChatMessage | undefined): boolean {
  if (!message || typeof message !== 'object') return false;
  if (!ROLES.has(message.role) || typeof message.content !== 'string') return false;
  if (message.toolCalls === undefined) return true;
  if (!Array.isArray(message.toolCalls)) return false;
  return message.toolCalls.every(
    (call) =>
      !!call && typeof call.toolName === 'string' && TOOL_NAME.test(call.toolName) && argumentsWellFormed(call.arguments),
  );
}

/**
 * Identity of a call for repeat detection: tool name + canonical arguments (JSON re-serialised
 * with sorted keys, so key order and spacing do not hide a repeat; raw trimmed text otherwise).
 */
export function toolCallIdentity(call: EvaluationToolCall): string {
  return `${typeof call?.toolName === 'string' ? call.toolName.trim() : ''}\u0000${canonicalArguments(call?.arguments)}`;
}

function canonicalArguments(raw: unknown): string {
  if (raw === undefined || raw === null) return '';
  if (typeof raw !== 'string') return canonicalJson(raw);
  const trimmed = raw.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return canonicalJson(JSON.parse(trimmed));
    } catch {
      return trimmed;
    }
  }
  return trimmed;
}

/**
 * Detects repeated identical calls. A call repeats when the same tool was already called with
 * the same canonical arguments since the last successful state-changing call (a tool whose name
 * matches `stateChangingToolPattern`: edit, write, patch, shell...). Re-reading a file or
 * re-running tests after an edit asks a new question; asking again with nothing changed does not.
 */
export class RepeatedCallTracker {
  private readonly seen = new Set<string>();
  private readonly stateChanging: RegExp;

  constructor(stateChangingToolPattern: string) {
    this.stateChanging = new RegExp(stateChangingToolPattern, 'i');
  }

  /** Records the call and says whether it repeated an earlier identical one. */
  observe(call: EvaluationToolCall): boolean {
    const identity = toolCallIdentity(call);
    const repeated = this.seen.has(identity);
    if (call?.success === true && typeof call.toolName === 'string' && this.stateChanging.test(call.toolName)) {
      this.seen.clear();
    } else {
      this.seen.add(identity);
    }
    return repeated;
  }
}
