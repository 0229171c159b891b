import { randomUUID } from 'node:crypto';
import { Topic, type DecisionMadeV1, type DatapointStoredV1, type ExportBatchRecordV1, type TrainingPhase } from '@benchpool/contracts';
import { simulateExecution } from './agent-behaviour';
import type { EpisodeRecord } from './episode.model';
import { HiddenWorld } from './hidden-world';
import { ScenarioDefinition, ScenarioName } from './scenario.model';
import { buildScenario } from './scenarios';
import { ReceivedRecord, SimulatorKafkaGateway } from './sim-kafka.gateway';
import { summarizeSimulation, SimulationSummary } from './simulation.report';
import { generateTask, SimulatedTask } from './task.generator';

export interface SimulationOptions {
  tasks: number;
  workers: number;
  /** target submissions per second; undefined = as fast as the workers go */
  rate?: number;
  seed: string;
  scenario: ScenarioName;
  topicPrefix: string;
  brokers: string[];
  /** real ms per simulated ms (agents take minutes; the run is compressed) */
  timeScale: number;
  decisionTimeoutMs: number;
  storedTimeoutMs: number;
  /** how long to let routing ingest the agent registrations before the first task */
  settleMs: number;
  exportPhase?: TrainingPhase;
  exportTimeoutMs: number;
  runId?: string;
  /** per-agent concurrency declared at registration; default: enough for the worker count */
  maxConcurrency?: number;
  onProgress?: (progress: SimulationProgress) => void;
}

export interface SimulationProgress {
  total: number;
  submitted: number;
  decided: number;
  noAgent: number;
  stored: number;
  failed: number;
  inFlight: number;
  elapsedMs: number;
}

export interface ExportOutcome {
  requestId: string;
  phase: TrainingPhase;
  requestedAt: string;
  batchId?: string;
  /** records in the batch, from its end marker */
  count?: number;
  /** data records the simulator itself received for the batch (should equal count) */
  recordsReceived?: number;
  checksum?: string;
  manifestStatus?: string;
  completedInMs?: number;
  error?: string;
}

export interface AgentStatusEvent {
  agentId: string;
  version?: string;
  status?: string;
  reason?: string;
  receivedAt: string;
}

export interface SimulationResult {
  runId: string;
  scenario: ScenarioDefinition;
  options: Omit<SimulationOptions, 'onProgress'>;
  startedAt: string;
  finishedAt: string;
  /** from the first submission to the last episode's end */
  durationMs: number;
  summary: SimulationSummary;
  export?: ExportOutcome;
  agentStatusChanges: AgentStatusEvent[];
  deployments: Array<{ agentId: string; version: string; atTask: number; publishedAt: string; error?: string }>;
  episodes: EpisodeRecord[];
}

export const DEFAULT_SIMULATION_OPTIONS: Omit<SimulationOptions, 'tasks' | 'workers'> = {
  seed: '42',
  scenario: 'standard',
  topicPrefix: process.env.KAFKA_TOPIC_PREFIX ?? '',
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  timeScale: 0.001,
  decisionTimeoutMs: 30_000,
  storedTimeoutMs: 120_000,
  settleMs: 2_000,
  exportTimeoutMs: 300_000,
};

/** What the simulator has seen of export batches while it waits for its own. */
interface ExportWatch {
  requestId?: string;
  batchId?: string;
  manifests: Map<string, Record<string, unknown>>;
  /** data records received per batch */
  records: Map<string, number>;
  ends: Map<string, ExportBatchRecordV1 & { receivedAt: number }>;
}

type Terminal =
  | { kind: 'stored'; data: DatapointStoredV1; receivedAt: number }
  | { kind: 'quarantined'; reason: string }
  | { kind: 'dead-lettered'; reason: string };

type DecisionArrival = { kind: 'decision'; data: DecisionMadeV1; receivedAt: number } | { kind: 'dead-lettered'; reason: string };

/** Answers that can arrive before anyone waits for them: buffered by key, first delivery wins. */
class Mailbox<T> {
  private readonly delivered = new Map<string, T>();
  private readonly waiting = new Map<string, (value: T) => void>();

  deliver(key: string, value: T): void {
    if (this.delivered.has(key)) return;
    this.delivered.set(key, value);
    const resolve = this.waiting.get(key);
    if (resolve) {
      this.waiting.delete(key);
      resolve(value);
    }
  }

  wait(key: string, timeoutMs: number): Promise<T | 'timeout'> {
    const ready = this.delivered.get(key);
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        resolve('timeout');
      }, timeoutMs);
      this.waiting.set(key, (value) => {
        clearTimeout(timer);
        resolve(value);
      });
    });
  }

  forget(key: string): void {
    this.delivered.delete(key);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Dead letters on these topics mean the task can never be stored; on the others they are warnings. */
const FATAL_DEAD_LETTER_SOURCES = new Set<string>([
  Topic.ExecutionCompleted, Topic.DecisionMade, Topic.ExecutionRecorded, Topic.EvaluationCompleted, Topic.DatapointCollected, Topic.DatapointAnonymized,
]);

/**
 * Plays a scenario against the running Benchpool stack as a real arbiter would: registers the
 * agents, submits tasks with W concurrent workers (optionally paced at `rate`), waits for each
 * routing decision, "runs" the chosen agent from the hidden model (turns, then a completion with
 * artifacts), and waits for the stored data point. Deploys RL-improved versions when the scenario
 * says so, and optionally requests an export at the end.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const runId = options.runId ?? `sim-${options.seed}-${Date.now().toString(36)}-${randomUUID().slice(0, 4)}`;
  const scenario = buildScenario(options.scenario, {
    seed: options.seed,
    tasks: options.tasks,
    maxConcurrency: options.maxConcurrency ?? Math.max(64, options.workers * 4),
  });
  const world = new HiddenWorld(scenario);
  const gateway = new SimulatorKafkaGateway({ brokers: options.brokers, topicPrefix: options.topicPrefix, clientId: `arbiter-sim-${runId}` });
  const taskPrefix = `${runId}-t`;
  const agentIds = new Set(scenario.agents.map((agent) => agent.agentId));
  const decisions = new Mailbox<DecisionArrival>();
  const terminals = new Mailbox<Terminal>();
  const warnings = new Map<string, string[]>();
  const agentStatusChanges: AgentStatusEvent[] = [];
  const exportWatch: ExportWatch = { manifests: new Map(), records: new Map(), ends: new Map() };

  const onRecord = (record: ReceivedRecord): void => {
    const key = record.key as string;
    if (record.topic.endsWith('.dlq')) {
      const source = record.topic.slice(0, -'.dlq'.length);
      const reason = `dead-lettered on ${source}: ${record.headers['dlq-reason-class'] ?? '?'}: ${record.headers['dlq-reason'] ?? ''}`;
      if (source === Topic.TaskSubmitted) decisions.deliver(key, { kind: 'dead-lettered', reason });
      else if (FATAL_DEAD_LETTER_SOURCES.has(source)) terminals.deliver(key, { kind: 'dead-lettered', reason });
      else warnings.set(key, [...(warnings.get(key) ?? []), reason]);
      return;
    }
    const data = record.event?.data as Record<string, unknown> | undefined;
    if (!data) return;
    switch (record.topic) {
      case Topic.DecisionMade:
        decisions.deliver(key, { kind: 'decision', data: data as unknown as DecisionMadeV1, receivedAt: record.receivedAt });
        break;
      case Topic.DatapointStored:
        terminals.deliver(key, { kind: 'stored', data: data as unknown as DatapointStoredV1, receivedAt: record.receivedAt });
        break;
      case Topic.DatapointQuarantined: {
        const issues = ((data.report as { issues?: Array<{ message?: string }> } | undefined)?.issues ?? []).map((issue) => issue.message).join('; ');
        terminals.deliver(key, { kind: 'quarantined', reason: `quarantined: ${issues}` });
        break;
      }
      case Topic.AgentStatusChanged:
        agentStatusChanges.push({
          agentId: key, version: data.version as string, status: data.status as string, reason: data.reason as string,
          receivedAt: new Date(record.receivedAt).toISOString(),
        });
        break;
      case Topic.ExportBatch: {
        const batch = data as unknown as ExportBatchRecordV1;
        if (batch.kind === 'manifest' && batch.manifest) exportWatch.manifests.set(batch.batchId, batch.manifest);
        if (batch.kind === 'record') exportWatch.records.set(batch.batchId, (exportWatch.records.get(batch.batchId) ?? 0) + 1);
        if (batch.kind === 'end') exportWatch.ends.set(batch.batchId, { ...batch, receivedAt: record.receivedAt });
        break;
      }
      case Topic.ExportCompleted:
        if (exportWatch.requestId && data.requestId === exportWatch.requestId) exportWatch.batchId = data.batchId as string;
        break;
    }
  };

  const keyFilter = (topic: string, key: string): boolean => {
    if (key.startsWith(taskPrefix)) return true;
    if (topic === Topic.AgentStatusChanged) return agentIds.has(key);
    if (topic === Topic.ExportBatch || topic === Topic.ExportCompleted) return exportWatch.requestId !== undefined;
    return false;
  };

  const episodes: EpisodeRecord[] = new Array(options.tasks);
  const deployments: SimulationResult['deployments'] = [];
  const progress = { submitted: 0, decided: 0, noAgent: 0, stored: 0, failed: 0, inFlight: 0 };
  let firstSubmissionAt = 0;
  let lastEndAt = 0;
  const startedAt = new Date();

  try {
    const existing = await gateway.ensureTopics();
    await gateway.connectProducer();
    await gateway.listen(existing, keyFilter, onRecord);

    // the agents, as the arbiter registers them
    await Promise.all(scenario.agents.map((agent) => gateway.publish(Topic.AgentRegistered, {
      agentId: agent.agentId,
      name: agent.name,
      modelFamily: agent.modelFamily,
      version: agent.version,
      capabilities: agent.capabilities,
      maxConcurrency: agent.maxConcurrency,
      costPer1kTokens: agent.costPer1kTokens,
    }, scenario.tenants[0].tenantId)));
    await sleep(options.settleMs);

    const pendingDeployments = [...scenario.improvements].sort((left, right) => left.atTask - right.atTask);
    let deploying: Promise<void> = Promise.resolve();
    let next = 0;
    firstSubmissionAt = Date.now();
    const report = (): void => options.onProgress?.({ total: options.tasks, ...progress, elapsedMs: Date.now() - firstSubmissionAt });
    const ticker = setInterval(report, 250);

    const worker = async (): Promise<void> => {
      for (;;) {
        const index = next++;
        if (index >= options.tasks) return;
        if (options.rate && options.rate > 0) await sleep(firstSubmissionAt + (index * 1000) / options.rate - Date.now());
        // an RL-trained version is deployed when the run reaches its task
        while (pendingDeployments.length > 0 && pendingDeployments[0].atTask <= index) {
          const improvement = pendingDeployments.shift()!;
          deploying = deploying.then(async () => {
            const deployment = { agentId: improvement.agentId, version: improvement.version, atTask: improvement.atTask, publishedAt: new Date().toISOString() };
            try {
              await gateway.publish(Topic.AgentDeployed, {
                agentId: improvement.agentId,
                version: improvement.version,
                parentVersion: improvement.parentVersion,
                trainingBatchIds: [`${runId}-training-batch`],
                capabilities: world.agent(improvement.agentId)?.capabilities,
              }, scenario.tenants[0].tenantId);
              deployments.push(deployment);
            } catch (error) {
              // the episodes go on; the report says the deployment never reached Kafka
              deployments.push({ ...deployment, error: (error as Error).message });
            }
          });
        }
        await deploying;
        progress.inFlight++;
        const episode = await runEpisode(generateTask(scenario, runId, index));
        progress.inFlight--;
        episodes[index] = episode;
        if (episode.status === 'stored') progress.stored++;
        else progress.failed++;
        lastEndAt = Date.now();
      }
    };

    const runEpisode = async (task: SimulatedTask): Promise<EpisodeRecord> => {
      const episode: EpisodeRecord = {
        index: task.index,
        taskId: task.taskId,
        tenantId: task.tenantId,
        taskType: task.type,
        complexity: task.complexity,
        segment: task.segment,
        seed: `${scenario.seed}/task/${task.index}`,
        status: 'error',
        warnings: [],
        agentId: null,
        personalDataKinds: task.personalData.map((planted) => planted.kind),
        ingressBytes: 0,
        times: { submittedAt: Date.now() },
      };
      try {
        episode.ingressBytes += await gateway.publish(Topic.TaskSubmitted, {
          taskId: task.taskId,
          type: task.type,
          complexity: task.complexity,
          requirements: task.requirements,
          candidateAgentIds: task.candidateAgentIds,
          description: task.description,
          cawsSpecId: task.cawsSpecId,
          riskTier: task.riskTier,
          budget: task.budget,
          submittedAt: new Date(episode.times.submittedAt).toISOString(),
        }, task.tenantId);
        progress.submitted++;
        const arrival = await decisions.wait(task.taskId, options.decisionTimeoutMs);
        decisions.forget(task.taskId);
        if (arrival === 'timeout') {
          episode.status = 'decision-timeout';
          episode.error = `no routing decision within ${options.decisionTimeoutMs} ms`;
          return episode;
        }
        if (arrival.kind === 'dead-lettered') {
          episode.status = 'dead-lettered';
          episode.error = arrival.reason;
          return episode;
        }
        const decision = arrival.data;
        episode.times.decisionReceivedAt = arrival.receivedAt;
        episode.times.decidedAt = Date.parse(decision.decidedAt);
        episode.strategy = decision.strategy;
        episode.propensity = decision.propensity;
        episode.confidence = decision.confidence;
        episode.explored = decision.explored;
        episode.fallback = decision.fallback;
        progress.decided++;
        if (!decision.selectedAgentId) {
          progress.noAgent++;
          episode.status = 'no-agent';
          episode.error = `routing found no eligible agent: ${decision.rationale?.primaryReason ?? 'no reason given'}`;
          return episode;
        }
        if (!world.agent(decision.selectedAgentId)) {
          episode.warnings.push(`routing chose ${decision.selectedAgentId}, an agent this arbiter did not register (not among candidateAgentIds)`);
        }
        episode.agentId = decision.selectedAgentId;
        episode.agentVersion = decision.selectedAgentVersion ?? world.deployedVersion(decision.selectedAgentId, task.index);

        // the agent works: turns as they happen, then the completion
        const start = Date.now();
        episode.times.executionStartedAt = start;
        const execution = simulateExecution({ world, task, agentId: decision.selectedAgentId, version: episode.agentVersion, startedAt: new Date(start), timeScale: options.timeScale });
        for (let turnIndex = 0; turnIndex < execution.turns.length; turnIndex++) {
          await sleep(start + execution.turnPublishOffsetsMs[turnIndex] - Date.now());
          episode.ingressBytes += await gateway.publish(Topic.ExecutionTurn, execution.turns[turnIndex], task.tenantId, {
            id: `${task.taskId}-turn-${turnIndex + 1}`,
          });
        }
        await sleep(start + execution.completionOffsetMs - Date.now());
        // stamped when the completion is sent, not when its acknowledgement is handled: the pipeline's answer
        // (stored) can be received before that continuation runs
        const completionSentAt = Date.now();
        episode.ingressBytes += await gateway.publish(Topic.ExecutionCompleted, execution.completion, task.tenantId, { id: `${task.taskId}-completed` });
        episode.times.completionPublishedAt = completionSentAt;
        const outcome = execution.outcome;
        Object.assign(episode, {
          success: outcome.success,
          partialSuccess: outcome.partialSuccess,
          quality: outcome.quality,
          changeKind: outcome.changeKind,
          turns: outcome.turnCount,
          tokensUsed: outcome.tokensUsed,
          simulatedLatencyMs: outcome.simulatedLatencyMs,
          reportedLatencyMs: execution.completion.latencyMs,
        });

        const terminal = await terminals.wait(task.taskId, options.storedTimeoutMs);
        terminals.forget(task.taskId);
        if (terminal === 'timeout') {
          episode.status = 'stored-timeout';
          episode.error = `no benchmark.datapoint.stored.v1 within ${options.storedTimeoutMs} ms after the completion`;
        } else if (terminal.kind === 'stored') {
          episode.status = 'stored';
          episode.times.storedReceivedAt = terminal.receivedAt;
          episode.times.storedAt = Date.parse(terminal.data.storedAt);
          episode.storedSuccess = terminal.data.success;
          episode.storedOverallScore = terminal.data.overallScore;
          episode.rlReady = terminal.data.rlReady;
        } else {
          episode.status = terminal.kind;
          episode.error = terminal.reason;
        }
        return episode;
      } catch (error) {
        episode.status = 'error';
        episode.error = (error as Error)?.message ?? String(error);
        return episode;
      } finally {
        episode.warnings = [...episode.warnings, ...(warnings.get(task.taskId) ?? [])];
        warnings.delete(task.taskId);
      }
    };

    await Promise.all(Array.from({ length: Math.max(1, options.workers) }, () => worker()));
    clearInterval(ticker);
    report();

    let exportOutcome: ExportOutcome | undefined;
    if (options.exportPhase) exportOutcome = await requestExport(gateway, runId, options, scenario, exportWatch, startedAt);

    const finishedAt = new Date();
    const filled = episodes.filter((episode): episode is EpisodeRecord => episode !== undefined);
    return {
      runId,
      scenario,
      options: { ...options, onProgress: undefined } as Omit<SimulationOptions, 'onProgress'>,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: Math.max(0, (lastEndAt || Date.now()) - firstSubmissionAt),
      summary: summarizeSimulation(world, filled),
      export: exportOutcome,
      agentStatusChanges,
      deployments,
      episodes: filled,
    };
  } finally {
    await gateway.close();
  }
}

async function requestExport(
  gateway: SimulatorKafkaGateway,
  runId: string,
  options: SimulationOptions,
  scenario: ScenarioDefinition,
  watch: ExportWatch,
  runStartedAt: Date,
): Promise<ExportOutcome> {
  const phase = options.exportPhase as TrainingPhase;
  const requestId = `${runId}-export-${phase}`;
  watch.requestId = requestId;
  const requestedAt = Date.now();
  const outcome: ExportOutcome = { requestId, phase, requestedAt: new Date(requestedAt).toISOString() };
  // this run's points only: an export of everything ever stored takes minutes on FerretDB
  await gateway.publish(Topic.ExportRequested, {
    requestId,
    phase,
    from: new Date(runStartedAt.getTime() - 1_000).toISOString(),
    agentIds: scenario.agents.map((agent) => agent.agentId),
    minCount: 1,
  }, scenario.tenants[0].tenantId);
  const deadline = requestedAt + options.exportTimeoutMs;
  while (Date.now() < deadline) {
    // the batch is ours when rl.export.completed names our request or its manifest mentions it
    const batchId = watch.batchId ?? [...watch.manifests].find(([, manifest]) => JSON.stringify(manifest).includes(requestId))?.[0];
    if (batchId) {
      outcome.batchId = batchId;
      const manifest = watch.manifests.get(batchId);
      if (manifest && typeof manifest.status === 'string') outcome.manifestStatus = manifest.status;
      const end = watch.ends.get(batchId);
      if (end) {
        outcome.count = end.count;
        outcome.recordsReceived = watch.records.get(batchId) ?? 0;
        outcome.checksum = end.checksum;
        outcome.completedInMs = end.receivedAt - requestedAt;
        return outcome;
      }
    }
    await sleep(100);
  }
  const seen = outcome.batchId ? ` (batch ${outcome.batchId}: manifest seen, ${watch.records.get(outcome.batchId) ?? 0} records so far)` : ' (no manifest naming it)';
  outcome.error = `no complete batch (end marker) for ${requestId} within ${options.exportTimeoutMs} ms${seen}`;
  return outcome;
}
