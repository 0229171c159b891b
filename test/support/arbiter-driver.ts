import { randomUUID } from 'node:crypto';
import {
  AgentRegisteredV1, DecisionMadeV1, ExecutionCompletedV1, executionCompletedExample, TaskSubmittedV1, Topic,
} from '@benchpool/contracts';
import { expectEventually, TestKafka } from '@benchpool/testing';

/** A tiny scripted arbiter for e2e tests: registers agents, submits tasks, answers decisions with executions. */
export class ArbiterDriver {
  constructor(readonly kafka: TestKafka, readonly tenantId = 'tenant-e2e') {}

  async registerAgents(agents: Array<Partial<AgentRegisteredV1> & { agentId: string }>): Promise<void> {
    for (const agent of agents) {
      await this.kafka.publish(Topic.AgentRegistered, {
        name: agent.agentId, modelFamily: 'test', version: '1.0.0', capabilities: ['typescript', 'code-editing'], maxConcurrency: 50, costPer1kTokens: 0.002,
        ...agent,
      }, { tenantId: this.tenantId });
    }
  }

  async submit(task: Partial<TaskSubmittedV1> = {}): Promise<TaskSubmittedV1> {
    const full: TaskSubmittedV1 = {
      taskId: `task-${randomUUID()}`,
      type: 'code-editing',
      complexity: 'standard',
      requirements: ['typescript'],
      description: 'Fix the pagination bug reported by jane.doe@example.com in /home/janedoe/acme/src/paginate.ts',
      riskTier: 2,
      budget: { maxFiles: 3, maxLoc: 50 },
      submittedAt: new Date().toISOString(),
      ...task,
    };
    await this.kafka.publish(Topic.TaskSubmitted, full, { tenantId: this.tenantId });
    return full;
  }

  async decisionFor(taskId: string, timeoutMs = 60_000): Promise<DecisionMadeV1> {
    const event = await expectEventually(
      () => this.kafka.events<DecisionMadeV1>(Topic.DecisionMade).find((item) => item.data.taskId === taskId),
      { timeoutMs, what: `decision for ${taskId}` },
    );
    return event.data;
  }

  /** Publishes a turn and a completion for the selected agent, as the arbiter would after running it. */
  async execute(taskId: string, agentId: string, overrides: Partial<ExecutionCompletedV1> = {}): Promise<ExecutionCompletedV1> {
    const startedAt = new Date().toISOString();
    await this.kafka.publish(Topic.ExecutionTurn, {
      taskId, agentId, turnNumber: 1, startedAt, latencyMs: 900, tokensUsed: 300, thinkingTokens: 60,
      toolCalls: [{ toolName: 'read_file', success: true, latencyMs: 15, arguments: '{"path":"src/paginate.ts"}' }],
      qualityScore: 0.9,
      feedback: 'looks right; ping jane.doe@example.com',
    }, { tenantId: this.tenantId });
    const completed: ExecutionCompletedV1 = {
      ...executionCompletedExample,
      taskId, agentId, startedAt, latencyMs: 1200, tokensUsed: 300, thinkingTokens: 60, outputTokens: 120,
      firstActionAt: undefined,
      ...overrides,
    };
    await this.kafka.publish(Topic.ExecutionCompleted, completed, { tenantId: this.tenantId });
    return completed;
  }
}
