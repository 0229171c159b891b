import { Topic } from './topics';
import { AgentRegisteredV1, agentRegisteredExample } from './events/agent-registered/agent-registered.event';
import { TaskSubmittedV1, taskSubmittedExample } from './events/task-submitted/task-submitted.event';
import { ExecutionTurnV1, executionTurnExample } from './events/execution-turn/execution-turn.event';
import { ExecutionCompletedV1, executionCompletedExample } from './events/execution-completed/execution-completed.event';
import { DecisionMadeV1, decisionMadeExample } from './events/decision-made/decision-made.event';
import { AgentStatusChangedV1, agentStatusChangedExample } from './events/agent-status-changed/agent-status-changed.event';
import { ExecutionRecordedV1, executionRecordedExample } from './events/execution-recorded/execution-recorded.event';
import { EvaluationCompletedV1, evaluationCompletedExample } from './events/evaluation-completed/evaluation-completed.event';
import { DatapointCollectedV1, datapointCollectedExample } from './events/datapoint-collected/datapoint-collected.event';
import { DatapointAnonymizedV1, datapointAnonymizedExample } from './events/datapoint-anonymized/datapoint-anonymized.event';
import { DatapointQuarantinedV1, datapointQuarantinedExample } from './events/datapoint-quarantined/datapoint-quarantined.event';
import { DatapointStoredV1, datapointStoredExample } from './events/datapoint-stored/datapoint-stored.event';
import { AgentFeedbackReportedV1, agentFeedbackReportedExample } from './events/agent-feedback-reported/agent-feedback-reported.event';
import { ExportRequestedV1, exportRequestedExample } from './events/export-requested/export-requested.event';
import { ExportBatchRecordV1, exportBatchExample } from './events/export-batch/export-batch.event';
import { ExportCompletedV1, exportCompletedExample } from './events/export-completed/export-completed.event';
import { AgentDeployedV1, agentDeployedExample } from './events/agent-deployed/agent-deployed.event';

type ClassOf<T> = new () => T;

export interface EventContract<T extends object = object> {
  topic: Topic;
  dataClass: ClassOf<T>;
  /** the Kafka key: task id for task-flow topics, agent id for agent topics. */
  keyOf: (data: T) => string;
  example: T;
}

function contract<T extends object>(topic: Topic, dataClass: ClassOf<T>, keyOf: (data: T) => string, example: T): EventContract<T> {
  return { topic, dataClass, keyOf, example };
}

/** Maps each topic to its data class — the TypeScript view of what a topic carries. */
export interface TopicDataMap {
  [Topic.AgentRegistered]: AgentRegisteredV1;
  [Topic.TaskSubmitted]: TaskSubmittedV1;
  [Topic.ExecutionTurn]: ExecutionTurnV1;
  [Topic.ExecutionCompleted]: ExecutionCompletedV1;
  [Topic.DecisionMade]: DecisionMadeV1;
  [Topic.AgentStatusChanged]: AgentStatusChangedV1;
  [Topic.ExecutionRecorded]: ExecutionRecordedV1;
  [Topic.EvaluationCompleted]: EvaluationCompletedV1;
  [Topic.DatapointCollected]: DatapointCollectedV1;
  [Topic.DatapointAnonymized]: DatapointAnonymizedV1;
  [Topic.DatapointQuarantined]: DatapointQuarantinedV1;
  [Topic.DatapointStored]: DatapointStoredV1;
  [Topic.AgentFeedbackReported]: AgentFeedbackReportedV1;
  [Topic.ExportRequested]: ExportRequestedV1;
  [Topic.ExportBatch]: ExportBatchRecordV1;
  [Topic.ExportCompleted]: ExportCompletedV1;
  [Topic.AgentDeployed]: AgentDeployedV1;
}

export const EVENT_CONTRACTS: { [K in Topic]: EventContract<TopicDataMap[K]> } = {
  [Topic.AgentRegistered]: contract(Topic.AgentRegistered, AgentRegisteredV1, (d) => d.agentId, agentRegisteredExample),
  [Topic.TaskSubmitted]: contract(Topic.TaskSubmitted, TaskSubmittedV1, (d) => d.taskId, taskSubmittedExample),
  [Topic.ExecutionTurn]: contract(Topic.ExecutionTurn, ExecutionTurnV1, (d) => d.taskId, executionTurnExample),
  [Topic.ExecutionCompleted]: contract(Topic.ExecutionCompleted, ExecutionCompletedV1, (d) => d.taskId, executionCompletedExample),
  [Topic.DecisionMade]: contract(Topic.DecisionMade, DecisionMadeV1, (d) => d.taskId, decisionMadeExample),
  [Topic.AgentStatusChanged]: contract(Topic.AgentStatusChanged, AgentStatusChangedV1, (d) => d.agentId, agentStatusChangedExample),
  [Topic.ExecutionRecorded]: contract(Topic.ExecutionRecorded, ExecutionRecordedV1, (d) => d.taskId, executionRecordedExample),
  [Topic.EvaluationCompleted]: contract(Topic.EvaluationCompleted, EvaluationCompletedV1, (d) => d.taskId, evaluationCompletedExample),
  [Topic.DatapointCollected]: contract(Topic.DatapointCollected, DatapointCollectedV1, (d) => d.id, datapointCollectedExample),
  [Topic.DatapointAnonymized]: contract(Topic.DatapointAnonymized, DatapointAnonymizedV1, (d) => d.id, datapointAnonymizedExample),
  [Topic.DatapointQuarantined]: contract(Topic.DatapointQuarantined, DatapointQuarantinedV1, (d) => d.taskId, datapointQuarantinedExample),
  [Topic.DatapointStored]: contract(Topic.DatapointStored, DatapointStoredV1, (d) => d.taskId, datapointStoredExample),
  [Topic.AgentFeedbackReported]: contract(Topic.AgentFeedbackReported, AgentFeedbackReportedV1, (d) => d.agentId, agentFeedbackReportedExample),
  [Topic.ExportRequested]: contract(Topic.ExportRequested, ExportRequestedV1, (d) => d.requestId, exportRequestedExample),
  [Topic.ExportBatch]: contract(Topic.ExportBatch, ExportBatchRecordV1, (d) => d.batchId, exportBatchExample),
  [Topic.ExportCompleted]: contract(Topic.ExportCompleted, ExportCompletedV1, (d) => d.batchId, exportCompletedExample),
  [Topic.AgentDeployed]: contract(Topic.AgentDeployed, AgentDeployedV1, (d) => d.agentId, agentDeployedExample),
};

