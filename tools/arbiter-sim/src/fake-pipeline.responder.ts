import { randomUUID } from 'node:crypto';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import {
  CLOUDEVENTS_CONTENT_TYPE, CloudEvent, createCloudEvent, DatapointStoredV1, DecisionMadeV1, ExportBatchRecordV1, ExportCompletedV1, Topic,
  type AgentRegisteredV1, type ExecutionCompletedV1, type ExportRequestedV1, type TaskSubmittedV1,
} from '@benchpool/contracts';
import { SeededRandom } from './seeded-random';
import { waitForLeaders } from './sim-kafka.gateway';

/**
 * A stand-in for the six services, for testing the simulator's Kafka side without them: it
 * answers task.submitted with a uniformly random eligible agent (or `selectedAgentId: null`),
 * execution.completed with datapoint.stored, and export.requested with a one-record batch.
 * Only for tests and for checking the simulator in isolation; it learns nothing.
 */
export class FakePipelineResponder {
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private consumer: Consumer | undefined;
  private readonly agents = new Map<string, AgentRegisteredV1>();
  private readonly tasks = new Map<string, TaskSubmittedV1>();
  private readonly random: SeededRandom;
  readonly answered = { decisions: 0, stored: 0, batches: 0 };

  constructor(private readonly prefix: string, brokers: string[] = ['127.0.0.1:9092'], seed = 'fake-pipeline') {
    this.kafka = new Kafka({ clientId: `fake-pipeline-${randomUUID().slice(0, 8)}`, brokers, logLevel: logLevel.NOTHING });
    this.random = new SeededRandom(seed);
  }

  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const wanted = [
        Topic.AgentRegistered, Topic.TaskSubmitted, Topic.ExecutionCompleted, Topic.ExportRequested, Topic.DecisionMade, Topic.DatapointStored,
        Topic.ExportBatch, Topic.ExportCompleted,
      ].map((topic) => `${this.prefix}${topic}`).filter((topic) => !existing.has(topic));
      if (wanted.length) {
        await admin.createTopics({ waitForLeaders: false, topics: wanted.map((topic) => ({ topic, numPartitions: 3 })) });
        await waitForLeaders(admin, wanted);
      }
    } finally {
      await admin.disconnect();
    }
    this.producer = this.kafka.producer({ allowAutoTopicCreation: true });
    await this.producer.connect();
    const consumer = this.kafka.consumer({ groupId: `fake-pipeline-${randomUUID()}`, maxWaitTimeInMs: 50 });
    this.consumer = consumer;
    await consumer.connect();
    const topics = [Topic.AgentRegistered, Topic.TaskSubmitted, Topic.ExecutionCompleted, Topic.ExportRequested].map((topic) => `${this.prefix}${topic}`);
    await consumer.subscribe({ topics, fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        if (!message.value) return;
        const event = JSON.parse(message.value.toString()) as CloudEvent;
        await this.handle(topic.slice(this.prefix.length), event);
      },
    });
    await joined;
  }

  private async publish<T>(topic: Topic, key: string, data: T, tenantId: string): Promise<void> {
    const event = createCloudEvent(topic, data, { source: 'fake-pipeline', tenantId, correlationId: key });
    await this.producer!.send({
      topic: `${this.prefix}${topic}`,
      messages: [{ key, value: JSON.stringify(event), headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE } }],
    });
  }

  private async handle(topic: string, event: CloudEvent): Promise<void> {
    switch (topic) {
      case Topic.AgentRegistered: {
        const agent = event.data as AgentRegisteredV1;
        this.agents.set(agent.agentId, agent);
        return;
      }
      case Topic.TaskSubmitted: {
        const task = event.data as TaskSubmittedV1;
        this.tasks.set(task.taskId, task);
        const eligible = [...this.agents.values()].filter((agent) => task.requirements.every((requirement) => agent.capabilities.includes(requirement)));
        const chosen = eligible.length ? this.random.pick(eligible) : undefined;
        const decision: DecisionMadeV1 = {
          decisionId: `dec-${task.taskId}`,
          taskId: task.taskId,
          taskType: task.type,
          complexity: task.complexity,
          selectedAgentId: chosen?.agentId ?? null,
          selectedAgentVersion: chosen?.version ?? null,
          strategy: 'load-balance',
          policyVersion: 'fake-uniform',
          propensity: eligible.length ? 1 / eligible.length : 1,
          confidence: 0,
          explored: true,
          candidates: eligible.map((agent) => ({
            agentId: agent.agentId, capabilityScore: 1, performanceScore: 0.5, loadScore: 1, finalScore: 0.5, selectionReason: 'uniform',
          })),
          rationale: { primaryReason: chosen ? 'uniform random among eligible agents' : 'no eligible agent', secondaryFactors: [] },
          decidedAt: new Date().toISOString(),
        };
        this.answered.decisions++;
        await this.publish(Topic.DecisionMade, task.taskId, decision, event.tenantid);
        return;
      }
      case Topic.ExecutionCompleted: {
        const completion = event.data as ExecutionCompletedV1;
        const task = this.tasks.get(completion.taskId);
        const stored: DatapointStoredV1 = {
          dataPointId: completion.taskId,
          taskId: completion.taskId,
          decisionId: `dec-${completion.taskId}`,
          agentId: completion.agentId,
          taskType: task?.type ?? 'unknown',
          complexity: task?.complexity ?? 'standard',
          success: completion.success,
          overallScore: completion.success ? 0.9 : 0.2,
          latencyMs: completion.latencyMs,
          tokensUsed: completion.tokensUsed,
          complete: true,
          rlReady: true,
          storedAt: new Date().toISOString(),
        };
        this.answered.stored++;
        await this.publish(Topic.DatapointStored, completion.taskId, stored, 'hashed-tenant');
        return;
      }
      case Topic.ExportRequested: {
        const request = event.data as ExportRequestedV1;
        const batchId = `batch-${randomUUID().slice(0, 12)}`;
        const records: ExportBatchRecordV1[] = [
          { batchId, kind: 'manifest', sequence: 0, manifest: { requestId: request.requestId, phase: request.phase, status: 'complete' } },
          { batchId, kind: 'record', sequence: 1, record: { messages: [] } },
          { batchId, kind: 'end', sequence: 2, count: 1, checksum: 'sha256:fake' },
        ];
        for (const record of records) await this.publish(Topic.ExportBatch, batchId, record, event.tenantid);
        const completed: ExportCompletedV1 = { batchId, requestId: request.requestId, phase: request.phase, dataPointIds: [], exportedAt: new Date().toISOString() };
        await this.publish(Topic.ExportCompleted, batchId, completed, event.tenantid);
        this.answered.batches++;
        return;
      }
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }
}
