/**
 * Every topic Benchpool uses, versioned. Handlers reference this enum, never a string literal.
 * A breaking change to an event is a new topic `.v2`, never an edit of `.v1`.
 */
export enum Topic {
  // ingress: published by the arbiter
  AgentRegistered = 'arbiter.agent.registered.v1',
  TaskSubmitted = 'arbiter.task.submitted.v1',
  ExecutionTurn = 'arbiter.execution.turn.v1',
  ExecutionCompleted = 'arbiter.execution.completed.v1',
  // decision: to the arbiter
  DecisionMade = 'routing.decision.made.v1',
  AgentStatusChanged = 'routing.agent.status-changed.v1',
  // internal
  ExecutionRecorded = 'telemetry.execution.recorded.v1',
  EvaluationCompleted = 'caws.evaluation.completed.v1',
  DatapointCollected = 'benchmark.datapoint.collected.v1',
  DatapointAnonymized = 'benchmark.datapoint.anonymized.v1',
  DatapointQuarantined = 'benchmark.datapoint.quarantined.v1',
  DatapointStored = 'benchmark.datapoint.stored.v1',
  AgentFeedbackReported = 'agent.feedback.reported.v1',
  // export: RL pipeline side
  ExportRequested = 'rl.export.requested.v1',
  ExportBatch = 'rl.export.batch.v1',
  ExportCompleted = 'rl.export.completed.v1',
  // deployment: RL pipeline side
  AgentDeployed = 'rl.agent.deployed.v1',
}

export const ALL_TOPICS: readonly Topic[] = Object.values(Topic);

/** The dead-letter topic of a consumed topic: same name plus `.dlq`. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/** CloudEvents `type`: the topic name without its version suffix. */
export function eventTypeOf(topic: Topic): string {
  return topic.replace(/\.v\d+$/, '');
}
