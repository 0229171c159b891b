import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { evaluate } from '../src/caws.evaluator';
import { DEFAULT_EVALUATION_CONFIG } from '../src/evaluation.config';
import type { EvaluationInput, EvaluationTurn, TaskTypeBaseline } from '../src/evaluation.types';
import { createUnifiedDiff, type FileContents } from '../src/diff/unified-diff.writer';

const WARMUP_ITERATIONS = 50;
const MEASURED_ITERATIONS = 600;
const FILE_COUNT = 5;
const FUNCTIONS_PER_FILE = 28;

// Four shapes of ordinary service code, so the ASTs are varied rather than one pattern repeated.
const TEMPLATES: Array<(module: number, index: number) => string[]> = [
  (module, index) => [
    `export function computeTotal${index}(items: ReadonlyArray<LineItem${module}>, options: PricingOptions = {}): number {`,
    '  let total = 0;',
    '  for (const item of items) {',
    '    if (item.quantity <= 0) {',
    '      continue;',
    '    }',
    '    const price = options.discount ? item.price * (1 - options.discount) : item.price;',
    '    total += price * item.quantity;',
    '  }',
    '  return Math.round(total * 100) / 100;',
    '}',
  ],
  (module, index) => [
    `export async function loadAccount${index}(repository: AccountRepository${module}, id: string): Promise<Account | null> {`,
    '  const cached = accountCache.get(id);',
    '  if (cached && cached.expiresAt > clock.now()) {',
    '    return cached.value;',
    '  }',
    '  const account = await repository.findById(id);',
    `  accountCache.set(id, { value: account, expiresAt: clock.now() + ${1000 + index} });`,
    '  return account;',
    '}',
  ],
  (module, index) => [
    `export class RetryPolicy${index} {`,
    `  constructor(private readonly attempts = ${3 + (index % 4)}, private readonly baseDelayMs = 100) {}`,
    '',
    '  delayFor(attempt: number): number {',
    '    const exponential = this.baseDelayMs * 2 ** attempt;',
    `    return Math.min(exponential, ${5000 + module * 100});`,
    '  }',
    '',
    '  shouldRetry(attempt: number, error: unknown): boolean {',
    "    return attempt < this.attempts && !(error instanceof TypeError);",
    '  }',
    '}',
  ],
  (module, index) => [
    `export const formatters${index} = {`,
    `  currency: (value: number) => \`€\${value.toFixed(2)}\`,`,
    '  percent: (value: number) => `${Math.round(value * 100)}%`,',
    `  label: (name: string) => name.trim().replace(/\\s+/g, ' ').slice(0, ${40 + index}),`,
    '};',
  ],
];

function moduleSource(module: number): string {
  const lines = [
    `import { accountCache, clock } from './runtime';`,
    `import type { Account, AccountRepository${module}, LineItem${module}, PricingOptions } from './model';`,
    '',
  ];
  for (let index = 0; index < FUNCTIONS_PER_FILE; index += 1) {
    lines.push(`// ${['pricing', 'accounts', 'resilience', 'presentation'][index % TEMPLATES.length]} helper ${index}`);
    lines.push(...TEMPLATES[index % TEMPLATES.length](module, index), '');
  }
  return lines.join('\n');
}

/** A realistic multi-file edit: modified expressions, new functions, removed lines. */
function editedSource(source: string, module: number): string {
  const lines = source.split('\n');
  const output: string[] = [];
  lines.forEach((line, index) => {
    if (line.includes('total += price * item.quantity;')) {
      output.push('    total += price * item.quantity + (options.handlingFee ?? 0);');
    } else if (line.includes('const price = options.discount')) {
      output.push('    const rate = options.discount ?? 0;', '    const price = item.price * (1 - rate);');
    } else if (line.trim() === 'return account;') {
      output.push('  return account ?? null;');
    } else if (line.includes('const cached = accountCache.get(id);') && index % 3 === 0) {
      output.push('  const cached = id ? accountCache.get(id) : undefined;');
    } else if (line.includes("return attempt < this.attempts") && index % 2 === 0) {
      output.push('    if (error instanceof RangeError) {', '      return false;', '    }', line);
    } else if (line.includes('continue;') && index % 4 === 1) {
      // dropped: the guard now lives in the caller
    } else if (line.startsWith('export const formatters') && module % 2 === 0) {
      output.push(
        `export function normaliseLabel${index}(name: string, maxLength = 40): string {`,
        "  const collapsed = name.trim().replace(/\\s+/g, ' ');",
        '  return collapsed.length > maxLength ? `${collapsed.slice(0, maxLength - 1)}…` : collapsed;',
        '}',
        '',
        line,
      );
    } else {
      output.push(line);
    }
  });
  return output.join('\n');
}

export function buildBenchmarkInput(): { input: EvaluationInput; baseline: TaskTypeBaseline; changedLines: number; diffLines: number } {
  const files: FileContents[] = [];
  for (let module = 0; module < FILE_COUNT; module += 1) {
    const before = moduleSource(module);
    files.push({ path: `src/billing/module-${module}.service.ts`, before, after: editedSource(before, module) });
  }
  const diff = createUnifiedDiff(files);
  const changedLines = diff.split('\n').filter((line) => /^[+-](?![+-]{2} )/.test(line)).length;
  const turns: EvaluationTurn[] = files.map((file, index) => ({
    turnNumber: index + 1,
    latencyMs: 8_000,
    tokensUsed: 2_400,
    toolCalls: [
      { toolName: 'read_file', success: true, latencyMs: 30, arguments: JSON.stringify({ path: file.path }), result: file.before!.slice(0, 2_000) },
      { toolName: 'edit_file', success: true, latencyMs: 60, arguments: JSON.stringify({ path: file.path, patch: 'see diff' }), result: 'applied' },
    ],
    messages: [{ role: 'assistant', content: `Updating ${file.path}: handling fee, retry guard and label normalisation.` }],
  }));
  turns.push({
    turnNumber: turns.length + 1,
    latencyMs: 20_000,
    tokensUsed: 900,
    toolCalls: [{ toolName: 'run_tests', success: true, latencyMs: 18_000, arguments: '{"pattern":"billing"}', result: 'Tests: 212 passed, 212 total' }],
  });
  const input: EvaluationInput = {
    task: { taskId: 'bench-500-line-diff', type: 'code-editing', complexity: 'complex', riskTier: 2, budget: { maxFiles: 10, maxLoc: 800 } },
    execution: {
      agentId: 'bench-agent',
      success: true,
      partialSuccess: false,
      latencyMs: 60_000,
      tokensUsed: 13_000,
      thinkingTokens: 4_000,
      outputTokens: 3_000,
      toolCallCount: turns.reduce((sum, turn) => sum + turn.toolCalls.length, 0),
      toolCallSuccessRate: 1,
      toolsUsed: [],
      turns,
      artifacts: {
        diff,
        files: files.map((file) => ({ path: file.path, before: file.before!, after: file.after! })),
        tests: { passed: 212, failed: 0, skipped: 3 },
        lint: { errors: 0, warnings: 5 },
        coverage: { line: 0.9, branch: 0.84 },
        mutationScore: 0.61,
      },
    },
    evaluatedAt: '2025-10-10T14:32:20.000Z',
  };
  const baseline = { taskType: 'code-editing', count: 100, meanTokens: 12_000, meanLatencyMs: 70_000, meanTotalReward: 0.6 };
  return { input, baseline, changedLines, diffLines: diff.split('\n').length - 1 };
}

function percentile(sorted: number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

/**
 * Evaluation latency for a ~500-changed-line diff over five TypeScript files with before/after
 * contents (every file parsed by the TypeScript compiler on both sides, each call from scratch).
 */
export async function run(): Promise<Record<string, number | string>> {
  const { input, baseline, changedLines, diffLines } = buildBenchmarkInput();
  const config = DEFAULT_EVALUATION_CONFIG;
  // Fresh copies so no call can benefit from object identity with an earlier one.
  const inputs = Array.from({ length: 8 }, () => structuredClone(input));
  for (let index = 0; index < WARMUP_ITERATIONS; index += 1) evaluate(inputs[index % inputs.length], config, baseline);
  const durations: number[] = [];
  // CPU time too: on a shared machine wall time includes waiting for a core.
  const cpuDurations: number[] = [];
  let checksum = 0;
  const loadBefore = loadavg()[0];
  for (let index = 0; index < MEASURED_ITERATIONS; index += 1) {
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    const metrics = evaluate(inputs[index % inputs.length], config, baseline);
    durations.push(performance.now() - started);
    const cpu = process.cpuUsage(cpuStarted);
    cpuDurations.push((cpu.user + cpu.system) / 1000);
    checksum += metrics.overallScore;
  }
  durations.sort((left, right) => left - right);
  cpuDurations.sort((left, right) => left - right);
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  return {
    evaluate500LineDiffP50Ms: round(percentile(durations, 0.5)),
    evaluate500LineDiffP99Ms: round(percentile(durations, 0.99)),
    evaluate500LineDiffMaxMs: round(durations[durations.length - 1]),
    evaluate500LineDiffMeanMs: round(durations.reduce((sum, value) => sum + value, 0) / durations.length),
    evaluate500LineDiffCpuP50Ms: round(percentile(cpuDurations, 0.5)),
    evaluate500LineDiffCpuP99Ms: round(percentile(cpuDurations, 0.99)),
    evaluate500LineDiffIterations: MEASURED_ITERATIONS,
    evaluate500LineDiffChangedLines: changedLines,
    evaluate500LineDiffTextLines: diffLines,
    evaluate500LineDiffFiles: FILE_COUNT,
    evaluate500LineDiffChecksum: round(checksum / MEASURED_ITERATIONS),
    evaluate500LineDiffLoadAverage: round((loadBefore + loadavg()[0]) / 2),
  };
}
