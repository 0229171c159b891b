export interface PerfOptions {
  episodes: number;
  workers: number;
  rate: number | null;
  scenario: string;
  seed: string;
  compress: boolean;
  baseline: string | null;
  check: boolean;
  /** CI mode: machine-dependent regressions are reported, not failing */
  ci: boolean;
  /** check an existing run (its summary file) instead of running one */
  artifact: string | null;
  outDir: string;
  thresholds: string;
  topicPrefix: string;
  timeScale: number;
  decisionTimeoutMs: number;
  storedTimeoutMs: number;
  startStack: boolean;
  /** a private set of the six services (own topic prefix, database, Redis prefixes) for this run */
  isolated: boolean;
  /** keep an isolated run's database, Redis keys and topics */
  keepData: boolean;
  ceiling: boolean;
  sampleIntervalMs: number;
}

export const PERF_USAGE = `usage: npm run perf -- [--episodes 200] [--workers 4] [--rate R] [--scenario standard|drift|improvement]
         [--seed 42] [--compress] [--baseline deliverables/perf/perf-summary-<stamp>.json] [--check] [--ci]
         [--artifact deliverables/perf/perf-summary-<stamp>.json]   (check an existing run, do not run)
         [--out-dir deliverables/perf] [--thresholds perf/thresholds.json] [--topic-prefix P]
         [--time-scale 0.001] [--decision-timeout-ms 30000] [--stored-timeout-ms 120000]
         [--no-start] [--no-ceiling] [--sample-interval-ms 1000]
         [--isolated [--keep-data]]   (a private set of the six services for this run)`;

const FLAGS = new Set(['compress', 'check', 'ci', 'no-start', 'no-ceiling', 'isolated', 'keep-data']);
const VALUED = new Set([
  'episodes', 'workers', 'rate', 'scenario', 'seed', 'baseline', 'artifact', 'out-dir', 'thresholds', 'topic-prefix', 'time-scale',
  'decision-timeout-ms', 'stored-timeout-ms', 'sample-interval-ms',
]);

export function parsePerfOptions(argv: readonly string[], environment: NodeJS.ProcessEnv = process.env): PerfOptions {
  const values = new Map<string, string>();
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (!argument.startsWith('--')) throw new Error(`unexpected argument '${argument}'`);
    const [name, inline] = argument.slice(2).split(/=(.*)/s, 2);
    if (FLAGS.has(name)) values.set(name, 'true');
    else if (VALUED.has(name)) {
      const value = inline ?? argv[++index];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      values.set(name, value);
    } else throw new Error(`unknown option --${name}`);
  }
  const number = (name: string, fallback: number, minimum = 0): number => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < minimum) throw new Error(`--${name} must be a number ≥ ${minimum}, got '${raw}'`);
    return value;
  };
  const rate = values.has('rate') ? number('rate', 0) : 0;
  return {
    episodes: Math.floor(number('episodes', 200, 1)),
    workers: Math.floor(number('workers', 4, 1)),
    rate: rate > 0 ? rate : null,
    scenario: values.get('scenario') ?? 'standard',
    seed: values.get('seed') ?? '42',
    compress: values.has('compress'),
    baseline: values.get('baseline') ?? null,
    check: values.has('check'),
    ci: values.has('ci'),
    artifact: values.get('artifact') ?? null,
    outDir: values.get('out-dir') ?? 'deliverables/perf',
    thresholds: values.get('thresholds') ?? 'perf/thresholds.json',
    topicPrefix: values.get('topic-prefix') ?? environment.KAFKA_TOPIC_PREFIX ?? '',
    timeScale: number('time-scale', 0.001),
    decisionTimeoutMs: number('decision-timeout-ms', 30_000),
    storedTimeoutMs: number('stored-timeout-ms', 120_000),
    startStack: !values.has('no-start'),
    isolated: values.has('isolated'),
    keepData: values.has('keep-data'),
    ceiling: !values.has('no-ceiling'),
    sampleIntervalMs: number('sample-interval-ms', 1_000, 100),
  };
}
