import 'reflect-metadata';
import { uniqueTopicPrefix } from '@benchpool/testing';
import { FakePipelineResponder } from './fake-pipeline.responder';
import { DEFAULT_SIMULATION_OPTIONS, runSimulation } from './simulation.runner';

/**
 * The simulator's Kafka side against the real local Kafka, with a fake pipeline answering on a
 * topic prefix of its own (the real services are covered by the end-to-end tests and the perf harness).
 */
describe('runSimulation against a fake pipeline on the real Kafka', () => {
  const prefix = uniqueTopicPrefix('arbiter-sim');
  const responder = new FakePipelineResponder(prefix);

  beforeAll(async () => {
    await responder.start();
  });

  afterAll(async () => {
    await responder.stop();
  });

  it('runs every episode through decision, execution and storage, and gets the export batch', async () => {
    const result = await runSimulation({
      ...DEFAULT_SIMULATION_OPTIONS,
      topicPrefix: prefix,
      tasks: 40,
      workers: 4,
      seed: 'integration',
      scenario: 'improvement',
      settleMs: 300,
      storedTimeoutMs: 20_000,
      decisionTimeoutMs: 20_000,
      exportPhase: 'sft',
      exportTimeoutMs: 20_000,
    });
    expect(result.summary.counts).toMatchObject({ submitted: 40, decisions: 40, stored: 40, failures: 0 });
    expect(result.episodes).toHaveLength(40);
    for (const episode of result.episodes) {
      expect(episode.times.storedReceivedAt).toBeGreaterThanOrEqual(episode.times.completionPublishedAt!);
      expect(episode.ingressBytes).toBeGreaterThan(0);
    }
    expect(result.deployments).toEqual([expect.objectContaining({ agentId: 'agent-qwen-coder', version: '1.1.0', atTask: 20 })]);
    expect(result.export).toMatchObject({ count: 1, phase: 'sft' });
    // uniform routing: regret close to random's
    expect(result.summary.regret.ratioVsRandom).toBeGreaterThan(0.3);
  });
});
