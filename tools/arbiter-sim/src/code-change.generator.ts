import { posix } from 'node:path';
import { SeededRandom } from './seeded-random';
import { createUnifiedDiff, DiffStats, diffStats, FileContents } from './unified-diff';
import type { Complexity } from './scenario.model';

/**
 * Realistic small TypeScript code changes: a catalogue of everyday bugs planted in generated
 * modules, and the changes an agent makes to them — a minimal fix, a fix with scaffolding, a
 * budget-breaking sweep, a wrong fix, a partial fix, or nothing. Every change comes with the
 * before/after contents and a git-style unified diff that `git apply` accepts.
 */

export type ChangeKind = 'minimal-fix' | 'scaffolded-fix' | 'budget-breaking' | 'wrong-fix' | 'partial-fix' | 'no-change';
export const CHANGE_KINDS: readonly ChangeKind[] = ['minimal-fix', 'scaffolded-fix', 'budget-breaking', 'wrong-fix', 'partial-fix', 'no-change'];

interface BugVariant {
  /** the function as written with the bug */
  buggy: string[];
  fixed: string[];
  /** plausible but wrong: applies, compiles, the regression test still fails */
  wrong: string[];
}

interface BugTemplate {
  id: string;
  /** task types whose work this bug fits */
  taskTypes: string[];
  paths: string[];
  title: (name: string) => string;
  symptom: (name: string) => string;
  functionNames: string[];
  /** declarations the function needs (interfaces, constants) */
  declarations: (name: string) => string[];
  body: (name: string) => BugVariant;
  existingTest: (name: string) => string[];
  regressionTest: (name: string) => string[];
}

const BUG_TEMPLATES: BugTemplate[] = [
  {
    id: 'off-by-one-slice',
    taskTypes: ['code-editing', 'data-analysis'],
    paths: ['src/shared/pagination.ts', 'src/catalog/search-results.ts', 'src/orders/order-history.ts'],
    functionNames: ['paginate', 'pageOf', 'slicePage'],
    title: (name) => `${name}() returns one item too many per page`,
    symptom: (name) => `Every page produced by ${name}() repeats the first item of the next page.`,
    declarations: () => [],
    body: (name) => ({
      buggy: [
        `export function ${name}<T>(items: readonly T[], page: number, pageSize: number): T[] {`,
        '  const start = page * pageSize;',
        '  return items.slice(start, start + pageSize + 1);',
        '}',
      ],
      fixed: [
        `export function ${name}<T>(items: readonly T[], page: number, pageSize: number): T[] {`,
        '  const start = page * pageSize;',
        '  return items.slice(start, start + pageSize);',
        '}',
      ],
      wrong: [
        `export function ${name}<T>(items: readonly T[], page: number, pageSize: number): T[] {`,
        '  const start = page * pageSize + 1;',
        '  return items.slice(start, start + pageSize);',
        '}',
      ],
    }),
    existingTest: (name) => [
      "  it('returns an empty page past the end', () => {",
      `    expect(${name}([1, 2, 3], 5, 2)).toEqual([]);`,
      '  });',
    ],
    regressionTest: (name) => [
      "  it('returns exactly pageSize items', () => {",
      `    expect(${name}([1, 2, 3, 4, 5], 0, 2)).toEqual([1, 2]);`,
      `    expect(${name}([1, 2, 3, 4, 5], 1, 2)).toEqual([3, 4]);`,
      '  });',
    ],
  },
  {
    id: 'missing-null-check',
    taskTypes: ['code-editing'],
    paths: ['src/users/user-directory.ts', 'src/accounts/display-name.ts', 'src/profile/profile-card.ts'],
    functionNames: ['displayName', 'formatUserLabel', 'userHeading'],
    title: (name) => `${name}() crashes for users without a profile`,
    symptom: (name) => `TypeError: Cannot read properties of undefined (reading 'firstName') at ${name}.`,
    declarations: () => [
      'export interface UserProfile {',
      '  firstName: string;',
      '  lastName: string;',
      '}',
      '',
      'export interface User {',
      '  email: string;',
      '  profile?: UserProfile;',
      '}',
    ],
    body: (name) => ({
      buggy: [
        `export function ${name}(user: User): string {`,
        "  return user.profile!.firstName + ' ' + user.profile!.lastName;",
        '}',
      ],
      fixed: [
        `export function ${name}(user: User): string {`,
        '  if (!user.profile) return user.email;',
        "  return user.profile.firstName + ' ' + user.profile.lastName;",
        '}',
      ],
      wrong: [
        `export function ${name}(user: User): string {`,
        "  return user.profile?.firstName + ' ' + user.profile?.lastName;",
        '}',
      ],
    }),
    existingTest: (name) => [
      "  it('joins first and last name', () => {",
      `    expect(${name}({ email: 'a@b.c', profile: { firstName: 'Ada', lastName: 'Lovelace' } })).toBe('Ada Lovelace');`,
      '  });',
    ],
    regressionTest: (name) => [
      "  it('falls back to the e-mail without a profile', () => {",
      `    expect(${name}({ email: 'a@b.c' })).toBe('a@b.c');`,
      '  });',
    ],
  },
  {
    id: 'exclusive-threshold',
    taskTypes: ['code-editing'],
    paths: ['src/billing/discounts.ts', 'src/orders/promotions.ts', 'src/pricing/eligibility.ts'],
    functionNames: ['isEligibleForDiscount', 'qualifiesForFreeShipping', 'meetsMinimumOrder'],
    title: (name) => `${name}() rejects orders exactly at the threshold`,
    symptom: (name) => `An order of exactly the threshold amount is rejected by ${name}().`,
    declarations: () => ['export const ORDER_THRESHOLD = 50;', '', 'export interface Order {', '  total: number;', '  items: string[];', '}'],
    body: (name) => ({
      buggy: [`export function ${name}(order: Order): boolean {`, '  return order.total > ORDER_THRESHOLD && order.items.length > 0;', '}'],
      fixed: [`export function ${name}(order: Order): boolean {`, '  return order.total >= ORDER_THRESHOLD && order.items.length > 0;', '}'],
      wrong: [`export function ${name}(order: Order): boolean {`, '  return order.total > ORDER_THRESHOLD - 1 && order.items.length >= 0;', '}'],
    }),
    existingTest: (name) => [
      "  it('rejects small orders', () => {",
      `    expect(${name}({ total: 10, items: ['a'] })).toBe(false);`,
      '  });',
    ],
    regressionTest: (name) => [
      "  it('accepts an order exactly at the threshold', () => {",
      `    expect(${name}({ total: ORDER_THRESHOLD, items: ['a'] })).toBe(true);`,
      `    expect(${name}({ total: ORDER_THRESHOLD, items: [] })).toBe(false);`,
      '  });',
    ],
  },
  {
    id: 'missing-await',
    taskTypes: ['code-editing'],
    paths: ['src/persistence/bulk-writer.ts', 'src/sync/record-sync.ts', 'src/import/importer.ts'],
    functionNames: ['saveAll', 'persistRecords', 'writeBatch'],
    title: (name) => `${name}() resolves before the records are saved`,
    symptom: (name) => `Callers of ${name}() read stale data; unhandled rejections appear in the logs.`,
    declarations: () => ['export interface Repository<T> {', '  save(record: T): Promise<void>;', '}'],
    body: (name) => ({
      buggy: [
        `export async function ${name}<T>(repository: Repository<T>, records: readonly T[]): Promise<number> {`,
        '  let saved = 0;',
        '  for (const record of records) {',
        '    repository.save(record);',
        '    saved++;',
        '  }',
        '  return saved;',
        '}',
      ],
      fixed: [
        `export async function ${name}<T>(repository: Repository<T>, records: readonly T[]): Promise<number> {`,
        '  let saved = 0;',
        '  for (const record of records) {',
        '    await repository.save(record);',
        '    saved++;',
        '  }',
        '  return saved;',
        '}',
      ],
      wrong: [
        `export async function ${name}<T>(repository: Repository<T>, records: readonly T[]): Promise<number> {`,
        '  let saved = 0;',
        '  records.forEach(async (record) => {',
        '    await repository.save(record);',
        '    saved++;',
        '  });',
        '  return saved;',
        '}',
      ],
    }),
    existingTest: (name) => [
      "  it('returns zero for no records', async () => {",
      `    await expect(${name}({ save: async () => undefined }, [])).resolves.toBe(0);`,
      '  });',
    ],
    regressionTest: (name) => [
      "  it('waits for every save', async () => {",
      '    const saved: number[] = [];',
      '    const repository = { save: async (record: number) => { await Promise.resolve(); saved.push(record); } };',
      `    await expect(${name}(repository, [1, 2, 3])).resolves.toBe(3);`,
      '    expect(saved).toEqual([1, 2, 3]);',
      '  });',
    ],
  },
  {
    id: 'boolean-comparator',
    taskTypes: ['code-editing', 'data-analysis'],
    paths: ['src/tasks/priority-queue.ts', 'src/reports/ranking.ts', 'src/inbox/ordering.ts'],
    functionNames: ['sortByPriority', 'rankEntries', 'orderByScore'],
    title: (name) => `${name}() does not sort reliably`,
    symptom: (name) => `${name}() leaves items out of order on arrays longer than ten elements.`,
    declarations: () => ['export interface Ranked {', '  id: string;', '  priority: number;', '}'],
    body: (name) => ({
      buggy: [`export function ${name}(entries: readonly Ranked[]): Ranked[] {`, '  return [...entries].sort((a, b) => (a.priority > b.priority ? 1 : 0));', '}'],
      fixed: [`export function ${name}(entries: readonly Ranked[]): Ranked[] {`, '  return [...entries].sort((a, b) => a.priority - b.priority);', '}'],
      wrong: [`export function ${name}(entries: readonly Ranked[]): Ranked[] {`, '  return [...entries].sort((a, b) => (a.priority < b.priority ? -1 : 0));', '}'],
    }),
    existingTest: (name) => [
      "  it('keeps an empty list empty', () => {",
      `    expect(${name}([])).toEqual([]);`,
      '  });',
    ],
    regressionTest: (name) => [
      "  it('sorts by ascending priority', () => {",
      "    const entries = [5, 3, 9, 1, 7, 2, 8, 4, 6, 0, 11, 10].map((priority) => ({ id: String(priority), priority }));",
      `    expect(${name}(entries).map((entry) => entry.priority)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);`,
      '  });',
    ],
  },
  {
    id: 'case-sensitive-lookup',
    taskTypes: ['code-editing'],
    paths: ['src/users/lookup.ts', 'src/auth/login.ts', 'src/crm/contacts.ts'],
    functionNames: ['findUserByEmail', 'lookupAccount', 'contactFor'],
    title: (name) => `${name}() misses users whose e-mail differs in case`,
    symptom: (name) => `Signing in as "Jane.Doe@Example.com" fails because ${name}() compares e-mails case-sensitively.`,
    declarations: () => ['export interface Account {', '  id: string;', '  email: string;', '}'],
    body: (name) => ({
      buggy: [
        `export function ${name}(accounts: readonly Account[], email: string): Account | undefined {`,
        '  return accounts.find((account) => account.email === email);',
        '}',
      ],
      fixed: [
        `export function ${name}(accounts: readonly Account[], email: string): Account | undefined {`,
        '  const wanted = email.trim().toLowerCase();',
        '  return accounts.find((account) => account.email.toLowerCase() === wanted);',
        '}',
      ],
      wrong: [
        `export function ${name}(accounts: readonly Account[], email: string): Account | undefined {`,
        '  return accounts.find((account) => account.email === email.toLowerCase());',
        '}',
      ],
    }),
    existingTest: (name) => [
      "  it('finds an exact match', () => {",
      `    expect(${name}([{ id: '1', email: 'a@b.c' }], 'a@b.c')?.id).toBe('1');`,
      '  });',
    ],
    regressionTest: (name) => [
      "  it('ignores case and surrounding spaces', () => {",
      `    expect(${name}([{ id: '1', email: 'Ada@Example.com' }], ' ada@example.COM ')?.id).toBe('1');`,
      '  });',
    ],
  },
  {
    id: 'empty-average',
    taskTypes: ['data-analysis', 'code-editing'],
    paths: ['src/analytics/latency-stats.ts', 'src/metrics/averages.ts', 'src/reports/summary.ts'],
    functionNames: ['averageLatency', 'meanOf', 'averageScore'],
    title: (name) => `${name}() returns NaN for an empty sample`,
    symptom: (name) => `The dashboard shows "NaN ms" when ${name}() gets no samples.`,
    declarations: () => [],
    body: (name) => ({
      buggy: [
        `export function ${name}(samples: readonly number[]): number {`,
        '  const total = samples.reduce((sum, value) => sum + value, 0);',
        '  return total / samples.length;',
        '}',
      ],
      fixed: [
        `export function ${name}(samples: readonly number[]): number {`,
        '  if (samples.length === 0) return 0;',
        '  const total = samples.reduce((sum, value) => sum + value, 0);',
        '  return total / samples.length;',
        '}',
      ],
      wrong: [
        `export function ${name}(samples: readonly number[]): number {`,
        '  const total = samples.reduce((sum, value) => sum + value, 0);',
        '  return total / (samples.length + 1);',
        '}',
      ],
    }),
    existingTest: (name) => [
      "  it('averages a sample', () => {",
      `    expect(${name}([1, 2, 3])).toBe(2);`,
      '  });',
    ],
    regressionTest: (name) => [
      "  it('returns 0 for an empty sample', () => {",
      `    expect(${name}([])).toBe(0);`,
      `    expect(${name}([4])).toBe(4);`,
      '  });',
    ],
  },
  {
    id: 'lexicographic-percentile',
    taskTypes: ['data-analysis'],
    paths: ['src/analytics/percentiles.ts', 'src/metrics/quantiles.ts', 'src/reports/latency-report.ts'],
    functionNames: ['percentile', 'quantileOf', 'latencyPercentile'],
    title: (name) => `${name}() sorts numbers as strings`,
    symptom: (name) => `${name}([5, 40, 100], 50) returns 100 instead of 40.`,
    declarations: () => [],
    body: (name) => ({
      buggy: [
        `export function ${name}(values: readonly number[], p: number): number {`,
        '  const sorted = [...values].sort();',
        '  const rank = Math.ceil((p / 100) * sorted.length);',
        '  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];',
        '}',
      ],
      fixed: [
        `export function ${name}(values: readonly number[], p: number): number {`,
        '  const sorted = [...values].sort((a, b) => a - b);',
        '  const rank = Math.ceil((p / 100) * sorted.length);',
        '  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];',
        '}',
      ],
      wrong: [
        `export function ${name}(values: readonly number[], p: number): number {`,
        '  const sorted = [...values].sort().reverse();',
        '  const rank = Math.floor((p / 100) * sorted.length);',
        '  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];',
        '}',
      ],
    }),
    existingTest: (name) => [
      "  it('returns the only value of a singleton', () => {",
      `    expect(${name}([7], 99)).toBe(7);`,
      '  });',
    ],
    regressionTest: (name) => [
      "  it('sorts numerically', () => {",
      `    expect(${name}([5, 40, 100], 50)).toBe(40);`,
      '  });',
    ],
  },
  {
    id: 'overwritten-total',
    taskTypes: ['data-analysis'],
    paths: ['src/reports/revenue-by-region.ts', 'src/analytics/group-totals.ts', 'src/finance/ledger-rollup.ts'],
    functionNames: ['revenueByRegion', 'totalsByKey', 'rollUpLedger'],
    title: (name) => `${name}() keeps only the last row per group`,
    symptom: (name) => `Quarterly totals from ${name}() are far too low: each region shows a single sale.`,
    declarations: () => ['export interface SaleRow {', '  region: string;', '  amount: number;', '}'],
    body: (name) => ({
      buggy: [
        `export function ${name}(rows: readonly SaleRow[]): Map<string, number> {`,
        '  const totals = new Map<string, number>();',
        '  for (const row of rows) {',
        '    totals.set(row.region, row.amount);',
        '  }',
        '  return totals;',
        '}',
      ],
      fixed: [
        `export function ${name}(rows: readonly SaleRow[]): Map<string, number> {`,
        '  const totals = new Map<string, number>();',
        '  for (const row of rows) {',
        '    totals.set(row.region, (totals.get(row.region) ?? 0) + row.amount);',
        '  }',
        '  return totals;',
        '}',
      ],
      wrong: [
        `export function ${name}(rows: readonly SaleRow[]): Map<string, number> {`,
        '  const totals = new Map<string, number>();',
        '  for (const row of rows) {',
        '    if (!totals.has(row.region)) totals.set(row.region, row.amount);',
        '  }',
        '  return totals;',
        '}',
      ],
    }),
    existingTest: (name) => [
      "  it('returns an empty map for no rows', () => {",
      `    expect(${name}([]).size).toBe(0);`,
      '  });',
    ],
    regressionTest: (name) => [
      "  it('sums every row of a region', () => {",
      `    const totals = ${name}([{ region: 'eu', amount: 2 }, { region: 'eu', amount: 3 }, { region: 'us', amount: 1 }]);`,
      "    expect(totals.get('eu')).toBe(5);",
      '  });',
    ],
  },
  {
    id: 'retry-off-by-one',
    taskTypes: ['code-editing'],
    paths: ['src/http/retry.ts', 'src/jobs/backoff.ts', 'src/integrations/webhook-sender.ts'],
    functionNames: ['withRetry', 'retryOperation', 'sendWithRetries'],
    title: (name) => `${name}() makes one attempt more than configured`,
    symptom: (name) => `With maxAttempts = 3, ${name}() calls the upstream four times and trips its rate limit.`,
    declarations: () => [],
    body: (name) => ({
      buggy: [
        `export async function ${name}<T>(operation: () => Promise<T>, maxAttempts: number): Promise<T> {`,
        '  let lastError: unknown;',
        '  for (let attempt = 0; attempt <= maxAttempts; attempt++) {',
        '    try {',
        '      return await operation();',
        '    } catch (error) {',
        '      lastError = error;',
        '    }',
        '  }',
        '  throw lastError;',
        '}',
      ],
      fixed: [
        `export async function ${name}<T>(operation: () => Promise<T>, maxAttempts: number): Promise<T> {`,
        '  let lastError: unknown;',
        '  for (let attempt = 0; attempt < maxAttempts; attempt++) {',
        '    try {',
        '      return await operation();',
        '    } catch (error) {',
        '      lastError = error;',
        '    }',
        '  }',
        '  throw lastError;',
        '}',
      ],
      wrong: [
        `export async function ${name}<T>(operation: () => Promise<T>, maxAttempts: number): Promise<T> {`,
        '  let lastError: unknown;',
        '  for (let attempt = 1; attempt <= maxAttempts + 1; attempt++) {',
        '    try {',
        '      return await operation();',
        '    } catch (error) {',
        '      lastError = error;',
        '    }',
        '  }',
        '  throw lastError;',
        '}',
      ],
    }),
    existingTest: (name) => [
      "  it('returns the first success', async () => {",
      `    await expect(${name}(async () => 42, 3)).resolves.toBe(42);`,
      '  });',
    ],
    regressionTest: (name) => [
      "  it('makes exactly maxAttempts attempts', async () => {",
      '    let calls = 0;',
      `    await expect(${name}(async () => { calls++; throw new Error('down'); }, 3)).rejects.toThrow('down');`,
      '    expect(calls).toBe(3);',
      '  });',
    ],
  },
];

/** Helper functions that fill a module around the buggy one, so diffs carry real context. */
const FILLER_FUNCTIONS: Array<(random: SeededRandom) => string[]> = [
  () => [
    'export function clamp(value: number, min: number, max: number): number {',
    '  return Math.min(max, Math.max(min, value));',
    '}',
  ],
  (random) => [
    `export function formatAmount(amount: number, currency = '${random.pick(['USD', 'EUR', 'GBP'])}'): string {`,
    "  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);",
    '}',
  ],
  () => [
    'export function chunk<T>(items: readonly T[], size: number): T[][] {',
    '  const chunks: T[][] = [];',
    '  for (let index = 0; index < items.length; index += size) {',
    '    chunks.push(items.slice(index, index + size));',
    '  }',
    '  return chunks;',
    '}',
  ],
  () => [
    'export function slugify(text: string): string {',
    '  return text',
    '    .toLowerCase()',
    "    .replace(/[^a-z0-9]+/g, '-')",
    "    .replace(/^-+|-+$/g, '');",
    '}',
  ],
  () => [
    'export function uniqueBy<T>(items: readonly T[], keyOf: (item: T) => string): T[] {',
    '  const seen = new Set<string>();',
    '  return items.filter((item) => {',
    '    const key = keyOf(item);',
    '    if (seen.has(key)) return false;',
    '    seen.add(key);',
    '    return true;',
    '  });',
    '}',
  ],
  () => [
    'export function parseBoolean(value: string | undefined, fallback = false): boolean {',
    '  if (value === undefined) return fallback;',
    "  return ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());",
    '}',
  ],
  () => [
    'export function daysBetween(start: Date, end: Date): number {',
    '  const millisecondsPerDay = 24 * 60 * 60 * 1000;',
    '  return Math.round((end.getTime() - start.getTime()) / millisecondsPerDay);',
    '}',
  ],
  (random) => [
    `export const DEFAULT_TIMEOUT_MS = ${random.pick([2_000, 5_000, 10_000, 30_000])};`,
  ],
  () => [
    'export function isNonEmpty(value: string | null | undefined): value is string {',
    '  return typeof value === "string" && value.trim().length > 0;',
    '}',
  ],
];

/** One planted bug: the module that holds it and its spec file. */
export interface PlantedBug {
  templateId: string;
  functionName: string;
  title: string;
  symptom: string;
  modulePath: string;
  specPath: string;
  /** the module as it is in the repository (with the bug) */
  moduleBefore: string;
  moduleFixed: string;
  moduleWrong: string;
  specBefore: string;
  /** the spec with the regression test the agent should add */
  specWithRegressionTest: string;
}

/** The code the task is about, fixed when the task is generated (before any agent runs). */
export interface CodeTaskMaterial {
  bugs: PlantedBug[];
}

function buildModule(random: SeededRandom, template: BugTemplate, name: string, variant: keyof BugVariant): string {
  const body = template.body(name);
  const fillers = random.shuffle(FILLER_FUNCTIONS);
  const before = fillers.slice(0, random.integer(2, 3)).map((filler) => filler(random));
  const after = fillers.slice(3, 3 + random.integer(1, 2)).map((filler) => filler(random));
  const declarations = template.declarations(name);
  const blocks = [...(declarations.length ? [declarations] : []), ...before, body[variant], ...after];
  return `${blocks.map((block) => block.join('\n')).join('\n\n')}\n`;
}

function buildSpec(template: BugTemplate, name: string, modulePath: string, withRegression: boolean): string {
  const importedNames = [name, ...(template.id === 'exclusive-threshold' ? ['ORDER_THRESHOLD'] : [])];
  const lines = [
    `import { ${importedNames.join(', ')} } from './${posix.basename(modulePath, '.ts')}';`,
    '',
    `describe('${name}', () => {`,
    ...template.existingTest(name),
    ...(withRegression ? ['', ...template.regressionTest(name)] : []),
    '});',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Plants the bugs of a code task: one for trivial and standard tasks, two or three in
 * different modules for complex ones. Deterministic for a given random stream.
 */
export function plantBugs(random: SeededRandom, taskType: string, complexity: Complexity): CodeTaskMaterial {
  const fitting = BUG_TEMPLATES.filter((template) => template.taskTypes.includes(taskType));
  const pool = fitting.length > 0 ? fitting : BUG_TEMPLATES;
  const count = complexity === 'complex' ? random.integer(2, 3) : 1;
  const chosen = random.shuffle(pool).slice(0, Math.min(count, pool.length));
  const usedPaths = new Set<string>();
  const bugs = chosen.map((template) => {
    const name = random.pick(template.functionNames);
    let modulePath = random.pick(template.paths);
    if (usedPaths.has(modulePath)) modulePath = modulePath.replace(/\.ts$/, `-${usedPaths.size}.ts`);
    usedPaths.add(modulePath);
    const moduleRandom = random.fork('module', template.id);
    // the three variants share fillers: fork the same stream for each
    const moduleBefore = buildModule(moduleRandom.fork('layout'), template, name, 'buggy');
    const moduleFixed = buildModule(moduleRandom.fork('layout'), template, name, 'fixed');
    const moduleWrong = buildModule(moduleRandom.fork('layout'), template, name, 'wrong');
    const specPath = modulePath.replace(/\.ts$/, '.spec.ts');
    return {
      templateId: template.id,
      functionName: name,
      title: template.title(name),
      symptom: template.symptom(name),
      modulePath,
      specPath,
      moduleBefore,
      moduleFixed,
      moduleWrong,
      specBefore: buildSpec(template, name, modulePath, false),
      specWithRegressionTest: buildSpec(template, name, modulePath, true),
    };
  });
  return { bugs };
}

export interface GeneratedCodeChange {
  kind: ChangeKind;
  files: FileContents[];
  diff: string;
  stats: DiffStats;
  /** regression tests the change adds */
  testsAdded: number;
}

export interface ChangeBudgetLike {
  maxFiles: number;
  maxLoc: number;
}

const SCAFFOLD_PATH = 'src/shared/debug-log.ts';
const SCAFFOLD_FILE = [
  '// Temporary debugging helper added while investigating the issue.',
  "const enabled = process.env.DEBUG_TRACE === 'true';",
  '',
  'export function debugLog(message: string, ...details: unknown[]): void {',
  '  if (!enabled) return;',
  '  // eslint-disable-next-line no-console',
  "  console.debug('[debug]', message, ...details);",
  '}',
  '',
].join('\n');

function withScaffolding(fixedModule: string, modulePath: string, functionName: string): string {
  const relative = posix.relative(posix.dirname(modulePath), SCAFFOLD_PATH).replace(/\.ts$/, '');
  const importPath = relative.startsWith('.') ? relative : `./${relative}`;
  const lines = fixedModule.split('\n');
  const signature = lines.findIndex((line) => line.includes(`function ${functionName}`));
  const extra = [`  debugLog('${functionName} called');`, '  // TODO(agent): remove the trace once the fix is verified in staging'];
  if (signature >= 0) lines.splice(signature + 1, 0, ...extra);
  return [`import { debugLog } from '${importPath}';`, '', ...lines].join('\n');
}

/** Re-indents a module from two to four spaces and switches to double quotes: a sweeping, noisy change. */
function reformat(content: string): string {
  return content
    .split('\n')
    .map((line) => line.replace(/^( +)/, (spaces) => ' '.repeat(spaces.length * 2)).replace(/'/g, '"'))
    .join('\n');
}

/**
 * The change an agent makes to the planted bugs. `kind` decides the shape:
 * - minimal-fix: the fix and (standard/complex) a regression test;
 * - scaffolded-fix: the same plus a new debugging helper, an import, trace calls and a TODO;
 * - budget-breaking: the fix plus a reformat of its module and of enough neighbouring modules to
 *   exceed the task's file budget;
 * - partial-fix: only the first of several bugs is fixed (or the fix without its test);
 * - wrong-fix: a plausible change that does not fix the bug;
 * - no-change: the agent gave up.
 */
export function generateCodeChange(
  material: CodeTaskMaterial,
  kind: ChangeKind,
  complexity: Complexity,
  budget: ChangeBudgetLike,
  random: SeededRandom,
): GeneratedCodeChange {
  const files: FileContents[] = [];
  const addTests = complexity !== 'trivial';
  let testsAdded = 0;
  material.bugs.forEach((bug, index) => {
    const fixesThisOne = kind !== 'wrong-fix' && kind !== 'no-change' && !(kind === 'partial-fix' && index > 0);
    if (kind === 'no-change') return;
    let after = fixesThisOne ? bug.moduleFixed : bug.moduleWrong;
    if (kind === 'scaffolded-fix' && index === 0) after = withScaffolding(after, bug.modulePath, bug.functionName);
    if (kind === 'budget-breaking') after = reformat(after);
    files.push({ path: bug.modulePath, before: bug.moduleBefore, after });
    // the agent writes the regression test even when its fix is wrong: that test is what fails
    if (addTests) {
      files.push({ path: bug.specPath, before: bug.specBefore, after: bug.specWithRegressionTest });
      testsAdded++;
    }
  });
  if (kind === 'scaffolded-fix') files.push({ path: SCAFFOLD_PATH, before: '', after: SCAFFOLD_FILE });
  if (kind === 'budget-breaking') {
    // neighbouring modules swept up in the reformat, enough to break the file budget
    const extraModules = Math.max(1, budget.maxFiles - files.length + 1 + random.integer(0, 2));
    for (let index = 0; index < extraModules; index++) {
      const moduleRandom = random.fork('sweep', index);
      const blocks = moduleRandom.shuffle(FILLER_FUNCTIONS).slice(0, moduleRandom.integer(2, 4)).map((filler) => filler(moduleRandom));
      const before = `${blocks.map((block) => block.join('\n')).join('\n\n')}\n`;
      const directory = posix.dirname(material.bugs[0]?.modulePath ?? 'src/shared/x.ts');
      files.push({ path: `${directory}/helpers-${index + 1}.ts`, before, after: reformat(before) });
    }
  }
  const diff = createUnifiedDiff(files);
  return { kind, files, diff, stats: diffStats(diff), testsAdded };
}

/** For research, planning and design work: the written deliverable as a new markdown file. */
export function generateDocumentChange(
  random: SeededRandom,
  taskType: string,
  topic: string,
  complete: boolean,
): { files: FileContents[]; diff: string; stats: DiffStats; summary: string } {
  const folder = taskType === 'planning' ? 'docs/plans' : taskType === 'design' ? 'docs/design' : 'docs/research';
  const slug = topic.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 60).replace(/^-+|-+$/g, '');
  const path = `${folder}/${slug}.md`;
  const findings = random.shuffle([
    'Latency is dominated by the database round trip, not by serialisation.',
    'The current retry policy amplifies load during partial outages.',
    'Two of the three candidate libraries are unmaintained since last year.',
    'Most of the cost comes from a handful of tenants with very large payloads.',
    'A feature flag lets us roll the change out per tenant and roll it back in minutes.',
    'The existing test suite does not cover the error paths that failed in production.',
    'Batching writes in groups of 500 keeps p99 under the agreed budget.',
  ]).slice(0, complete ? random.integer(3, 5) : 1);
  const lines = [
    `# ${topic}`,
    '',
    '## Context',
    '',
    `This ${taskType === 'planning' ? 'plan' : 'note'} answers the request in the task and records the evidence behind it.`,
    '',
    taskType === 'planning' ? '## Steps' : '## Findings',
    '',
    ...findings.map((finding, index) => (taskType === 'planning' ? `${index + 1}. ${finding}` : `- ${finding}`)),
    '',
    ...(complete
      ? ['## Recommendation', '', random.pick([
        'Adopt the incremental option first and measure before going further.',
        'Keep the current design and fix the two failure modes listed above.',
        'Migrate in three phases behind a flag, one tenant group at a time.',
      ]), '']
      : ['## Open questions', '', '- TODO: not finished; the remaining sections still need evidence.', '']),
  ];
  const files = [{ path, before: '', after: lines.join('\n') }];
  const diff = createUnifiedDiff(files);
  return { files, diff, stats: diffStats(diff), summary: findings.join(' ') };
}
