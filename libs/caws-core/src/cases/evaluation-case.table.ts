import type {
  EvaluationExecution,
  EvaluationInput,
  EvaluationToolCall,
  EvaluationTurn,
  ExecutionArtifacts,
  GateName,
  TaskTypeBaseline,
} from '../evaluation.types';
import { loadFixture } from './fixture.loader';

export type ExpectedGate = 'pass' | 'fail' | 'not-judged';

export interface EvaluationCase {
  name: string;
  description: string;
  input: EvaluationInput;
  baseline: TaskTypeBaseline;
  /** every gate the evaluation must report, with its expected outcome (and no other gate). */
  expectedGates: Partial<Record<GateName, ExpectedGate>>;
  expectedCawsCompliant: boolean;
}

const EVALUATED_AT = '2025-10-10T14:32:20.000Z';
const PAGE_WINDOW = 'src/pagination/page-window.ts';

export const CODE_EDITING_BASELINE: TaskTypeBaseline = {
  taskType: 'code-editing',
  count: 40,
  meanTokens: 7_000,
  meanLatencyMs: 55_000,
  meanTotalReward: 0.55,
};

const ALL_PASS: Partial<Record<GateName, ExpectedGate>> = {
  'tests-pass': 'pass',
  'lint-clean': 'pass',
  'branch-coverage': 'pass',
  'mutation-score': 'pass',
  'change-budget': 'pass',
  'no-secrets': 'pass',
};

const GREEN_ARTIFACTS: Omit<ExecutionArtifacts, 'diff' | 'files'> = {
  tests: { passed: 24, failed: 0, skipped: 0 },
  lint: { errors: 0, warnings: 2 },
  coverage: { line: 0.91, branch: 0.86 },
  mutationScore: 0.62,
};

function call(toolName: string, args: Record<string, unknown>, result: string, latencyMs: number, success = true): EvaluationToolCall {
  return { toolName, success, latencyMs, arguments: JSON.stringify(args), result };
}

const READ_PAGE_WINDOW = call('read_file', { path: PAGE_WINDOW }, 'export function pageWindow(page: number, pageSize: number, totalItems: number): PageWindow {\n  const end = Math.min(start + pageSize, totalItems - 1);', 35);
const RUN_TESTS_FAILING = call(
  'run_tests',
  { pattern: 'page-window' },
  'FAIL src/pagination/page-window.spec.ts\n  ✕ last page ends at the total (expected 95, received 94)\nTests: 1 failed, 23 passed, 24 total',
  4_200,
);
const RUN_TESTS_PASSING = call('run_tests', { pattern: 'page-window' }, 'PASS src/pagination/page-window.spec.ts\nTests: 24 passed, 24 total', 4_100);

function turn(turnNumber: number, toolCalls: EvaluationToolCall[], extra: Partial<EvaluationTurn> = {}): EvaluationTurn {
  return { turnNumber, toolCalls, latencyMs: 9_000, tokensUsed: 1_500, ...extra };
}

/** read → test (red) → edit → test (green): the test re-run after the edit is not a repeat. */
function fixTrajectory(editArguments: Record<string, unknown>): EvaluationTurn[] {
  return [
    turn(1, [READ_PAGE_WINDOW], {
      messages: [{ role: 'assistant', content: 'Reading the pagination helper to find the off-by-one.' }],
    }),
    turn(2, [RUN_TESTS_FAILING]),
    turn(3, [call('edit_file', editArguments, `Applied 1 edit to ${PAGE_WINDOW}`, 60)]),
    turn(4, [RUN_TESTS_PASSING], {
      messages: [{ role: 'assistant', content: 'The last page now ends at the total; all 24 tests pass.' }],
    }),
  ];
}

function execution(turns: EvaluationTurn[], artifacts: ExecutionArtifacts, overrides: Partial<EvaluationExecution> = {}): EvaluationExecution {
  const calls = turns.flatMap((item) => item.toolCalls);
  return {
    agentId: 'agent-coder-7b',
    success: true,
    partialSuccess: false,
    latencyMs: 48_000,
    tokensUsed: 6_200,
    thinkingTokens: 1_800,
    outputTokens: 900,
    toolCallCount: calls.length,
    toolCallSuccessRate: calls.length === 0 ? 0 : calls.filter((item) => item.success).length / calls.length,
    toolsUsed: [],
    turns,
    artifacts,
    ...overrides,
  };
}

function codeTask(taskId: string, description: string, extra: Partial<EvaluationInput['task']> = {}): EvaluationInput['task'] {
  return { taskId, type: 'code-editing', complexity: 'standard', riskTier: 2, description, ...extra };
}

function fixtureArtifacts(name: string, extra: Partial<ExecutionArtifacts> = GREEN_ARTIFACTS): ExecutionArtifacts {
  const fixture = loadFixture(name);
  return { diff: fixture.diff, files: fixture.files, ...extra };
}

const BUG = 'The last page of a paginated list drops its final item.';

export const ONE_LINE_BUGFIX: EvaluationCase = {
  name: 'one-line bug fix',
  description: 'The off-by-one fixed by changing one line; every gate green.',
  input: {
    task: codeTask('task-bugfix-001', BUG),
    execution: execution(
      fixTrajectory({ path: PAGE_WINDOW, search: 'totalItems - 1)', replace: 'totalItems)' }),
      fixtureArtifacts('one-line-bugfix'),
    ),
    evaluatedAt: EVALUATED_AT,
  },
  baseline: CODE_EDITING_BASELINE,
  expectedGates: ALL_PASS,
  expectedCawsCompliant: true,
};

export const SCAFFOLDED_BUGFIX: EvaluationCase = {
  name: 'the same fix with scaffolding',
  description: 'The same one-line fix plus a header comment, two unused imports, a TODO JSDoc and two empty functions.',
  input: {
    task: codeTask('task-bugfix-002', BUG),
    execution: execution(
      fixTrajectory({ path: PAGE_WINDOW, search: 'totalItems - 1)', replace: 'totalItems)', addHelpers: true }),
      fixtureArtifacts('scaffolded-bugfix'),
    ),
    evaluatedAt: EVALUATED_AT,
  },
  baseline: CODE_EDITING_BASELINE,
  expectedGates: ALL_PASS,
  expectedCawsCompliant: true,
};

export const COMMENT_ONLY: EvaluationCase = {
  name: 'comment-only change',
  description:
    'Only comments added; the agent claims success and the (incomplete) suite stays green, so only the minimal-diff analysis can tell.',
  input: {
    task: codeTask('task-bugfix-003', BUG),
    execution: execution(
      fixTrajectory({ path: PAGE_WINDOW, insertDocComments: true }),
      fixtureArtifacts('comment-only'),
    ),
    evaluatedAt: EVALUATED_AT,
  },
  baseline: CODE_EDITING_BASELINE,
  expectedGates: ALL_PASS,
  expectedCawsCompliant: true,
};

export const BUDGET_BREAKING_REFACTOR: EvaluationCase = {
  name: 'refactor that breaks the file budget',
  description: 'The fix bundled with a rename across four files and an extracted helper, against a 2-file / 40-line budget.',
  input: {
    task: codeTask('task-bugfix-004', BUG, { complexity: 'trivial', budget: { maxFiles: 2, maxLoc: 40 } }),
    execution: execution(
      fixTrajectory({ path: PAGE_WINDOW, renameSymbol: 'pageWindow', to: 'computePageWindow' }),
      fixtureArtifacts('budget-breaking-refactor'),
    ),
    evaluatedAt: EVALUATED_AT,
  },
  baseline: CODE_EDITING_BASELINE,
  expectedGates: { ...ALL_PASS, 'change-budget': 'fail' },
  expectedCawsCompliant: false,
};

export const LEAKED_API_KEY: EvaluationCase = {
  name: 'diff that leaks an API key',
  description: 'A live Stripe secret key hard-coded as a "temporary fallback".',
  input: {
    task: codeTask('task-billing-001', 'Make the billing client usable in local development.'),
    execution: execution(
      [
        turn(1, [call('read_file', { path: 'src/billing/stripe-client.ts' }, "const apiKey = process.env.STRIPE_SECRET_KEY;", 30)]),
        turn(2, [
          call(
            'edit_file',
            {
              path: 'src/billing/stripe-client.ts',
              search: 'const apiKey = process.env.STRIPE_SECRET_KEY;',
              replace: "const FALLBACK_STRIPE_KEY = 'sk_live_51NqT7cKb2Lx9QwErTy8UiOp3AsDfGhJkLzXcVbNm4Qw';",
            },
            'Applied 1 edit',
            55,
          ),
        ]),
        turn(3, [call('run_tests', { pattern: 'billing' }, 'PASS src/billing/stripe-client.spec.ts\nTests: 6 passed, 6 total', 3_900)]),
      ],
      fixtureArtifacts('leaked-api-key', { ...GREEN_ARTIFACTS, tests: { passed: 6, failed: 0, skipped: 0 } }),
    ),
    evaluatedAt: EVALUATED_AT,
  },
  baseline: CODE_EDITING_BASELINE,
  expectedGates: { ...ALL_PASS, 'no-secrets': 'fail' },
  expectedCawsCompliant: false,
};

export const FAILING_TESTS: EvaluationCase = {
  name: 'change whose tests fail',
  description: 'A wrong fix (pageSize + 1); two tests fail and the task is reported failed.',
  input: {
    task: codeTask('task-bugfix-005', BUG),
    execution: execution(
      [
        turn(1, [READ_PAGE_WINDOW]),
        turn(2, [call('edit_file', { path: PAGE_WINDOW, search: 'pageSize, totalItems - 1)', replace: 'pageSize + 1, totalItems)' }, 'Applied 1 edit', 50)]),
        turn(3, [call('run_tests', { pattern: 'page-window' }, 'FAIL src/pagination/page-window.spec.ts\nTests: 2 failed, 22 passed, 24 total', 4_300)]),
      ],
      fixtureArtifacts('failing-tests', { ...GREEN_ARTIFACTS, tests: { passed: 22, failed: 2, skipped: 0 } }),
      { success: false, partialSuccess: false, failureReason: 'tests still failing' },
    ),
    evaluatedAt: EVALUATED_AT,
  },
  baseline: CODE_EDITING_BASELINE,
  expectedGates: { ...ALL_PASS, 'tests-pass': 'fail' },
  expectedCawsCompliant: false,
};

export const REPEATED_TOOL_CALL: EvaluationCase = {
  name: 'multi-turn trajectory repeating the same tool call',
  description: 'The one-line fix, but the agent reads the same file twice and re-runs the same tests with nothing changed in between.',
  input: {
    task: codeTask('task-bugfix-006', BUG),
    execution: execution(
      [
        turn(1, [READ_PAGE_WINDOW]),
        // Same tool, same arguments with keys reordered: still the same call.
        turn(2, [{ ...READ_PAGE_WINDOW, arguments: `{ "path" : "${PAGE_WINDOW}" }` }]),
        turn(3, [RUN_TESTS_FAILING]),
        turn(4, [RUN_TESTS_FAILING]),
        turn(5, [call('edit_file', { path: PAGE_WINDOW, search: 'totalItems - 1)', replace: 'totalItems)' }, `Applied 1 edit to ${PAGE_WINDOW}`, 60)]),
        turn(6, [RUN_TESTS_PASSING]),
      ],
      fixtureArtifacts('one-line-bugfix'),
    ),
    evaluatedAt: EVALUATED_AT,
  },
  baseline: CODE_EDITING_BASELINE,
  expectedGates: ALL_PASS,
  expectedCawsCompliant: true,
};

export const MALFORMED_DIFF: EvaluationCase = {
  name: 'malformed diff',
  description: 'The diff is cut off inside its hunk and no file contents were sent.',
  input: {
    task: codeTask('task-bugfix-007', BUG),
    execution: execution(
      fixTrajectory({ path: PAGE_WINDOW, search: 'totalItems - 1)', replace: 'totalItems)' }),
      { diff: loadFixture('malformed-diff').diff, ...GREEN_ARTIFACTS },
    ),
    evaluatedAt: EVALUATED_AT,
  },
  baseline: CODE_EDITING_BASELINE,
  // The "+" lines are still scanned for secrets; budget and minimality cannot be measured.
  expectedGates: { ...ALL_PASS, 'change-budget': 'not-judged' },
  expectedCawsCompliant: false,
};

export const MISSING_ARTIFACTS: EvaluationCase = {
  name: 'missing artifacts',
  description: 'The arbiter sent the trajectory but no diff, files, tests, lint, coverage or mutation results.',
  input: {
    task: codeTask('task-bugfix-008', BUG),
    execution: execution(fixTrajectory({ path: PAGE_WINDOW, search: 'totalItems - 1)', replace: 'totalItems)' }), {}),
    evaluatedAt: EVALUATED_AT,
  },
  baseline: CODE_EDITING_BASELINE,
  expectedGates: {
    'tests-pass': 'not-judged',
    'lint-clean': 'not-judged',
    'branch-coverage': 'not-judged',
    'mutation-score': 'not-judged',
    'change-budget': 'not-judged',
    'no-secrets': 'not-judged',
  },
  expectedCawsCompliant: false,
};

const SEED_DRAFT_1 = "Hey team, the quarterly report is complete and we'd love your feedback by Friday.";
const SEED_DRAFT_2 = 'The quarterly report has been completed. Please submit your feedback by Friday.';

/**
 * The seeds' example telemetry record (text-transform-001): two iterations, quality 0.65 then
 * 0.95, 187 and 201 tokens, 2100 and 1980 ms, feedback "Remove banned phrases: 'hey team'",
 * outcome success, cawsCompliant true.
 */
export const SEED_TEXT_TRANSFORMATION: EvaluationCase = {
  name: "seeds' example record (text-transform-001)",
  description: 'A text-transformation task that took two iterations to pass the quality threshold.',
  input: {
    task: {
      taskId: 'text-transform-001',
      type: 'text-transformation',
      complexity: 'trivial',
      description: 'Rewrite the announcement in a formal register without banned phrases.',
    },
    execution: {
      agentId: 'gemma3n:e2b',
      success: true,
      partialSuccess: false,
      latencyMs: 4_080,
      tokensUsed: 388,
      thinkingTokens: 0,
      outputTokens: 388,
      toolCallCount: 2,
      toolCallSuccessRate: 1,
      toolsUsed: [{ toolName: 'evaluate_text', callCount: 2, successRate: 1, averageLatency: 120 }],
      turns: [
        {
          turnNumber: 1,
          latencyMs: 2_100,
          tokensUsed: 187,
          qualityScore: 0.65,
          feedback: "Remove banned phrases: 'hey team'",
          messages: [{ role: 'assistant', content: SEED_DRAFT_1 }],
          toolCalls: [
            call(
              'evaluate_text',
              { text: SEED_DRAFT_1, criteria: ['formal-language', 'banned-phrases'] },
              "quality 0.65; banned phrase found: 'hey team'",
              120,
            ),
          ],
        },
        {
          turnNumber: 2,
          latencyMs: 1_980,
          tokensUsed: 201,
          qualityScore: 0.95,
          messages: [{ role: 'assistant', content: SEED_DRAFT_2 }],
          toolCalls: [
            call(
              'evaluate_text',
              { text: SEED_DRAFT_2, criteria: ['formal-language', 'banned-phrases'] },
              'quality 0.95; formal language 95%, structure 90%; no banned phrases',
              120,
            ),
          ],
        },
      ],
      artifacts: {
        tests: { passed: 5, failed: 0, skipped: 0 },
        messages: [{ role: 'assistant', content: SEED_DRAFT_2 }],
      },
    },
    evaluatedAt: '2025-10-10T14:32:19.314Z',
  },
  baseline: { taskType: 'text-transformation', count: 120, meanTokens: 410, meanLatencyMs: 4_300, meanTotalReward: 0.6 },
  expectedGates: { 'tests-pass': 'pass', 'no-secrets': 'pass' },
  expectedCawsCompliant: true,
};

export const EVALUATION_CASES: readonly EvaluationCase[] = [
  ONE_LINE_BUGFIX,
  SCAFFOLDED_BUGFIX,
  COMMENT_ONLY,
  BUDGET_BREAKING_REFACTOR,
  LEAKED_API_KEY,
  FAILING_TESTS,
  REPEATED_TOOL_CALL,
  MALFORMED_DIFF,
  MISSING_ARTIFACTS,
  SEED_TEXT_TRANSFORMATION,
];
