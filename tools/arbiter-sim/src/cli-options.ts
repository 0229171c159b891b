import { TRAINING_PHASES, type TrainingPhase } from '@benchpool/contracts';
import { SCENARIO_NAMES, ScenarioName } from './scenario.model';
import { DEFAULT_SIMULATION_OPTIONS, SimulationOptions } from './simulation.runner';

export interface SimulatorCliOptions extends Omit<SimulationOptions, 'onProgress'> {
  reportPath?: string;
  quiet: boolean;
}

export const SIMULATOR_USAGE = `usage: npm run sim -- --tasks N --workers W [--rate R] [--seed S]
         [--scenario standard|drift|improvement] [--report path.json] [--topic-prefix P]
         [--export-phase sft|turn-level|grpo|curriculum|preference] [--time-scale 0.001]
         [--decision-timeout-ms 30000] [--stored-timeout-ms 120000] [--settle-ms 2000] [--export-timeout-ms 300000]
         [--brokers 127.0.0.1:9092] [--quiet]`;

/** Reads `--name value` / `--name=value` pairs; throws with a readable message on anything wrong. */
export function parseArguments(argv: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (!argument.startsWith('--')) throw new Error(`unexpected argument '${argument}'`);
    const [name, inline] = argument.slice(2).split(/=(.*)/s, 2);
    if (inline !== undefined) values.set(name, inline);
    else if (index + 1 < argv.length && !argv[index + 1].startsWith('--')) values.set(name, argv[++index]);
    else values.set(name, 'true');
  }
  return values;
}

export function positiveNumber(values: Map<string, string>, name: string, fallback?: number): number | undefined {
  const raw = values.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number, got '${raw}'`);
  return value;
}

export function parseSimulatorOptions(argv: readonly string[]): SimulatorCliOptions {
  const values = parseArguments(argv);
  const known = new Set([
    'tasks', 'workers', 'rate', 'seed', 'scenario', 'report', 'topic-prefix', 'export-phase', 'time-scale', 'decision-timeout-ms',
    'stored-timeout-ms', 'settle-ms', 'export-timeout-ms', 'brokers', 'quiet', 'max-concurrency',
  ]);
  const unknown = [...values.keys()].filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`unknown option(s): ${unknown.map((name) => `--${name}`).join(', ')}`);
  const scenario = (values.get('scenario') ?? DEFAULT_SIMULATION_OPTIONS.scenario) as ScenarioName;
  if (!SCENARIO_NAMES.includes(scenario)) throw new Error(`--scenario must be one of ${SCENARIO_NAMES.join(', ')}`);
  const exportPhase = values.get('export-phase') as TrainingPhase | undefined;
  if (exportPhase !== undefined && !TRAINING_PHASES.includes(exportPhase)) throw new Error(`--export-phase must be one of ${TRAINING_PHASES.join(', ')}`);
  const tasks = Math.floor(positiveNumber(values, 'tasks', 200) as number);
  const workers = Math.floor(positiveNumber(values, 'workers', 4) as number);
  if (tasks < 1 || workers < 1) throw new Error('--tasks and --workers must be at least 1');
  const rate = positiveNumber(values, 'rate');
  return {
    ...DEFAULT_SIMULATION_OPTIONS,
    tasks,
    workers,
    rate: rate && rate > 0 ? rate : undefined,
    seed: values.get('seed') ?? DEFAULT_SIMULATION_OPTIONS.seed,
    scenario,
    topicPrefix: values.get('topic-prefix') ?? DEFAULT_SIMULATION_OPTIONS.topicPrefix,
    brokers: values.has('brokers') ? (values.get('brokers') as string).split(',') : DEFAULT_SIMULATION_OPTIONS.brokers,
    timeScale: positiveNumber(values, 'time-scale', DEFAULT_SIMULATION_OPTIONS.timeScale) as number,
    decisionTimeoutMs: positiveNumber(values, 'decision-timeout-ms', DEFAULT_SIMULATION_OPTIONS.decisionTimeoutMs) as number,
    storedTimeoutMs: positiveNumber(values, 'stored-timeout-ms', DEFAULT_SIMULATION_OPTIONS.storedTimeoutMs) as number,
    settleMs: positiveNumber(values, 'settle-ms', DEFAULT_SIMULATION_OPTIONS.settleMs) as number,
    exportTimeoutMs: positiveNumber(values, 'export-timeout-ms', DEFAULT_SIMULATION_OPTIONS.exportTimeoutMs) as number,
    maxConcurrency: positiveNumber(values, 'max-concurrency'),
    exportPhase,
    reportPath: values.get('report'),
    quiet: values.get('quiet') === 'true',
  };
}
