import type { Complexity, EvaluationMetrics, RoutingContext, TaskContext } from '@benchpool/contracts';
import type { CompletionInput, TurnInput } from '../execution-metrics/execution-metrics.builder';

/** The parts of one task's join, one per ingress/internal event kind. Turns are many. */
export type PartName = 'task' | 'decision' | 'completion' | 'evaluation';
export const PART_NAMES: readonly PartName[] = ['task', 'decision', 'completion', 'evaluation'];

/** Which part an incoming event fills: a named part, or one turn by its number. */
export type PartReference = PartName | { turn: number };

/** The routing decision as telemetry stores it (`routing.decision.made.v1` data). */
export interface DecisionInput extends RoutingContext {
  taskId: string;
  taskType: string;
  complexity: Complexity;
  selectedAgentVersion?: string | null;
}

/** Everything the join knows about one task, read back from its Redis hash. */
export interface JoinParts {
  taskId: string;
  /** raw tenant id of the first event seen for the task. */
  tenantId?: string;
  task?: TaskContext;
  decision?: DecisionInput;
  completion?: CompletionInput;
  evaluation?: EvaluationMetrics;
  turns: TurnInput[];
  eventIds: Partial<Record<PartName, string>>;
  /** telemetry.execution.recorded was published for this task. */
  recorded: boolean;
}

/*
 * Field layout of the join hash `join:{<taskId>}` — do not change without draining open joins:
 *   task | decision | completion | evaluation   JSON of the part (first version wins)
 *   <part>:event                                CloudEvent id of that part (provenance)
 *   turn:<n>                                    JSON of turn n (first version wins)
 *   tenant                                      raw tenant id of the first event
 *   recorded                                    set once telemetry.execution.recorded was published
 *   recording                                   a sweeper claimed the recording without the task (claim time)
 */
export const TENANT_FIELD = 'tenant';
export const RECORDED_FIELD = 'recorded';
const TURN_FIELD_PREFIX = 'turn:';

export function fieldOf(part: PartReference): string {
  return typeof part === 'string' ? part : `${TURN_FIELD_PREFIX}${part.turn}`;
}

export function partLabelOf(part: PartReference): PartName | 'turn' {
  return typeof part === 'string' ? part : 'turn';
}

/**
 * Rebuilds the parts from the hash as HGETALL returns it. `known` is a part whose stored JSON is
 * known to be exactly the serialisation of `data` (it was just stored, or was a byte-identical
 * redelivery): it is used as is instead of parsing its JSON again, and the hash may leave its
 * field out (the store script does, so that the value does not travel back). `names` limits the
 * named parts parsed to those the caller uses (turns are always read).
 */
export function partsFromHash(
  taskId: string, hash: Readonly<Record<string, string>>, known?: { field: string; data: unknown }, names: readonly PartName[] = PART_NAMES,
): JoinParts {
  const parts: JoinParts = { taskId, turns: [], eventIds: {}, recorded: hash[RECORDED_FIELD] !== undefined };
  if (hash[TENANT_FIELD] !== undefined) parts.tenantId = hash[TENANT_FIELD];
  for (const name of names) {
    const value = hash[name];
    if (known && known.field === name) (parts as unknown as Record<PartName, unknown>)[name] = known.data;
    else if (value !== undefined) (parts as unknown as Record<PartName, unknown>)[name] = JSON.parse(value);
    const eventId = hash[`${name}:event`];
    if (eventId !== undefined) parts.eventIds[name] = eventId;
  }
  for (const field in hash) {
    if (field.startsWith(TURN_FIELD_PREFIX) && !(known && known.field === field)) parts.turns.push(JSON.parse(hash[field]) as TurnInput);
  }
  if (known && known.field.startsWith(TURN_FIELD_PREFIX)) parts.turns.push(known.data as TurnInput);
  return parts;
}

/** A flat [field, value, field, value, …] reply (HGETALL inside Lua) as an object. */
export function hashFromPairs(pairs: readonly string[], from = 0): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let index = from; index + 1 < pairs.length; index += 2) hash[pairs[index]] = pairs[index + 1];
  return hash;
}
