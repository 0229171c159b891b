import type { ChatMessage, TaskContext, TurnRecord } from '@benchpool/contracts';
import { sha256Hex } from '@benchpool/utils';
import type { StoredDataPoint } from './stored-datapoint';

/** A chat message as TRL / transformers chat templates read it. */
export interface TrlMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /**
   * OpenAI-style tool calls. `arguments` stays a JSON string (as the OpenAI API sends it): parsed
   * objects would give every tool's argument names to every row once Arrow unifies the column.
   */
  tool_calls?: Array<{ type: 'function'; function: { name: string; arguments: string } }>;
  /** tool results: the name of the tool that answered. */
  name?: string;
}

/** A tool's JSON schema in the `tools` column (transformers' `get_json_schema` shape). */
export interface ToolSchema {
  type: 'function';
  function: {
    name: string;
    description: string;
    parameters: { type: 'object'; properties: Record<string, { type: string }>; required: string[] };
  };
}

export type CompletionSource = 'messages' | 'turn-messages' | 'diff' | 'none';

export interface Conversation {
  /** leading system/user messages, or one user message written from the task when there are none. */
  prompt: TrlMessage[];
  /** everything from the first assistant message on; the final diff when the agent left no messages. */
  completion: TrlMessage[];
  completionSource: CompletionSource;
  /** the tools the agent used, or null when it used none. */
  tools: ToolSchema[] | null;
}

/**
 * Where the text comes from: the execution's full message log (`execution.artifacts.messages`);
 * failing that, the turns' messages in turn order; failing that, the prompt is written from the
 * task (description, type, complexity, requirements) and the completion is the assistant's final
 * unified diff (`execution.artifacts.diff`). A point with none of these has no completion.
 */
export function extractConversation(point: StoredDataPoint): Conversation {
  const execution = point.execution;
  const logged = execution?.artifacts?.messages ?? [];
  const fromTurns = (execution?.turns ?? []).flatMap((turn) => turn.messages ?? []);
  const source: ChatMessage[] = logged.length > 0 ? logged : fromTurns;
  const messages = toTrlMessages(source);
  const firstAssistant = messages.findIndex((message) => message.role === 'assistant');
  const leading = firstAssistant === -1 ? messages.filter((m) => m.role === 'system' || m.role === 'user') : messages.slice(0, firstAssistant);
  const prompt = leading.some((message) => message.role === 'user') ? leading : [...leading, { role: 'user' as const, content: taskPrompt(point.task) }];
  let completion: TrlMessage[] = firstAssistant === -1 ? [] : messages.slice(firstAssistant);
  let completionSource: CompletionSource = firstAssistant === -1 ? 'none' : logged.length > 0 ? 'messages' : 'turn-messages';
  const diff = execution?.artifacts?.diff;
  if (completion.length === 0 && diff && diff.trim().length > 0) {
    completion = [{ role: 'assistant', content: diff }];
    completionSource = 'diff';
  }
  return { prompt, completion, completionSource, tools: toolSchemas(point, source) };
}

/** The user prompt written from the task when the arbiter logged no messages. */
export function taskPrompt(task: TaskContext): string {
  const lines = [task.description?.trim() || `Complete this ${task.type} task.`];
  lines.push('', `Task type: ${task.type}`, `Complexity: ${task.complexity}`);
  if (task.requirements.length > 0) lines.push('Requirements:', ...task.requirements.map((requirement) => `- ${requirement}`));
  if (task.budget) lines.push(`Change budget: at most ${task.budget.maxFiles} files and ${task.budget.maxLoc} lines`);
  return lines.join('\n');
}

function toTrlMessages(source: ChatMessage[]): TrlMessage[] {
  const pendingToolNames: string[] = [];
  return source.map((message) => {
    const out: TrlMessage = { role: message.role, content: message.content ?? '' };
    if (message.role === 'assistant' && message.toolCalls?.length) {
      out.tool_calls = message.toolCalls.map((call) => ({
        type: 'function' as const,
        function: { name: call.toolName, arguments: call.arguments ?? '{}' },
      }));
      pendingToolNames.push(...message.toolCalls.map((call) => call.toolName));
    }
    // a tool result answers the oldest unanswered call
    if (message.role === 'tool') {
      const name = pendingToolNames.shift();
      if (name) out.name = name;
    }
    return out;
  });
}

/** Schemas for the tools the agent used, with parameters inferred from the arguments it sent. */
function toolSchemas(point: StoredDataPoint, messages: ChatMessage[]): ToolSchema[] | null {
  const argumentsByTool = new Map<string, string[]>();
  const note = (name: string, args?: string): void => {
    const list = argumentsByTool.get(name) ?? [];
    if (args !== undefined) list.push(args);
    argumentsByTool.set(name, list);
  };
  for (const message of messages) for (const call of message.toolCalls ?? []) note(call.toolName, call.arguments);
  for (const turn of point.execution?.turns ?? ([] as TurnRecord[])) for (const call of turn.toolCalls) note(call.toolName, call.arguments);
  for (const usage of point.execution?.toolsUsed ?? []) note(usage.toolName);
  if (argumentsByTool.size === 0) return null;
  return [...argumentsByTool.keys()].sort().map((name) => {
    const parsed = (argumentsByTool.get(name) ?? []).map(parseObject).filter((value): value is Record<string, unknown> => value !== null);
    const properties: Record<string, { type: string }> = {};
    for (const args of parsed) for (const [key, value] of Object.entries(args)) properties[key] ??= { type: jsonSchemaType(value) };
    const keys = Object.keys(properties).sort();
    const sortedProperties = Object.fromEntries(keys.map((key) => [key, properties[key]]));
    const required = parsed.length > 0 ? keys.filter((key) => parsed.every((args) => key in args)) : [];
    return {
      type: 'function' as const,
      function: { name, description: `The ${name} tool.`, parameters: { type: 'object' as const, properties: sortedProperties, required } },
    };
  });
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function jsonSchemaType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** Prompt text with case, Unicode form and whitespace normalised: two prompts that differ only there are one prompt. */
export function normalisePromptText(prompt: TrlMessage[]): string {
  return prompt
    .map((message) => `${message.role}:${message.content.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()}`)
    .join('\n');
}

/** De-duplication and preference key: task type + normalised prompt. */
export function promptHash(taskType: string, prompt: TrlMessage[]): string {
  return sha256Hex(`${taskType}\n${normalisePromptText(prompt)}`).slice(0, 32);
}

/** The prompt as one plain string (stepwise supervision is a standard-format dataset in TRL). */
export function promptText(prompt: TrlMessage[]): string {
  return prompt.map((message) => message.content).join('\n\n');
}

export interface TurnStep {
  text: string;
  turnNumber: number;
}

/**
 * One text per turn for stepwise supervision: the turn's messages (assistant text, tool calls as
 * `call name(arguments)`, tool results), or its tool calls when it logged no messages. A point
 * without turns but with a final diff is one step: the diff.
 */
export function turnSteps(point: StoredDataPoint): TurnStep[] {
  const turns = [...(point.execution?.turns ?? [])].sort((a, b) => a.turnNumber - b.turnNumber);
  const logged = alignLogToTurns(point.execution?.artifacts?.messages ?? [], turns);
  const steps: TurnStep[] = [];
  for (const [index, turn] of turns.entries()) {
    const parts: string[] = [];
    for (const message of turn.messages?.length ? turn.messages : logged[index] ?? []) {
      if (message.role === 'user' || message.role === 'system') continue;
      if (message.content) parts.push(message.role === 'tool' ? `[tool result] ${message.content}` : message.content);
      for (const call of message.toolCalls ?? []) parts.push(`call ${call.toolName}(${call.arguments ?? ''})`);
    }
    if (parts.length === 0) {
      for (const call of turn.toolCalls) parts.push(`call ${call.toolName}(${call.arguments ?? ''}) -> ${call.success ? 'ok' : 'failed'}`);
    }
    if (parts.length > 0) steps.push({ text: parts.join('\n'), turnNumber: turn.turnNumber });
  }
  const diff = point.execution?.artifacts?.diff;
  if (steps.length === 0 && diff && diff.trim()) steps.push({ text: diff, turnNumber: 1 });
  return steps;
}

/**
 * When the turns carry no messages but the execution's log does, and the log has one assistant
 * message per turn, assistant message i (with the tool results after it) belongs to turn i.
 */
function alignLogToTurns(log: ChatMessage[], turns: TurnRecord[]): ChatMessage[][] {
  if (turns.some((turn) => turn.messages?.length)) return [];
  const groups: ChatMessage[][] = [];
  for (const message of log) {
    if (message.role === 'assistant') groups.push([message]);
    else if (message.role === 'tool' && groups.length > 0) groups[groups.length - 1].push(message);
  }
  return groups.length === turns.length ? groups : [];
}
