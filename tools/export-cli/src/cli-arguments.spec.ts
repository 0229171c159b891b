import { parseCliArguments, UsageError } from './cli-arguments';

describe('parseCliArguments', () => {
  it('builds a validated request from the flags, leaving the rest to the phase defaults', () => {
    const options = parseCliArguments(
      ['--phase', 'grpo', '--min-quality', '0.75', '--min-agents', '4', '--task-types', 'research,design', '--include-failures', '--no-rebalance', '--request-id', 'nightly-1', '--out', 'out/'],
      {},
    );
    expect(options.request).toEqual({ requestId: 'nightly-1', phase: 'grpo', minQuality: 0.75, minAgents: 4, taskTypes: ['research', 'design'], includeFailures: true, rebalance: false });
    expect(options).toMatchObject({ outDir: 'out/', brokers: ['127.0.0.1:9092'], topicPrefix: '', tenantId: 'rl-pipeline', timeoutMs: 600_000 });
  });

  it('reads brokers and topic prefix from the environment and invents a request id', () => {
    const options = parseCliArguments(['--phase', 'sft', '--out', 'x'], { KAFKA_BROKERS: 'a:1,b:2', KAFKA_TOPIC_PREFIX: 'dev.' });
    expect(options.brokers).toEqual(['a:1', 'b:2']);
    expect(options.topicPrefix).toBe('dev.');
    expect(options.request.requestId).toMatch(/^cli-sft-/);
  });

  it.each([
    [['--out', 'x'], '--phase'],
    [['--phase', 'rlhf', '--out', 'x'], '--phase'],
    [['--phase', 'sft'], '--out'],
    [['--phase', 'sft', '--out', 'x', '--min-count', 'many'], 'number'],
    [['--phase', 'sft', '--out', 'x', '--min-quality', '1.5'], 'minQuality'],
    [['--phase', 'sft', '--out', 'x', '--bogus'], 'unknown option'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCliArguments(argv, {})).toThrow(UsageError);
    expect(() => parseCliArguments(argv, {})).toThrow(message);
  });
});
