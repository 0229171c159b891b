import { readFileSync } from 'node:fs';
import {
  BanditStrategyName,
  LoggedDecision,
  OffPolicyEvaluation,
  RoutingConfigOverrides,
  STRATEGY_NAMES,
  createOfflinePolicy,
  createRoutingConfig,
  evaluatePolicyOffline,
  validateLoggedDecision,
} from '@benchpool/routing-core';

/**
 * npm run ope -- --input decisions.jsonl --strategy ucb1 [--config '{"discountFactor":0.99}'|file.json]
 *                [--seed S] [--bootstrap 1000] [--confidence 0.95] [--draws 2000]
 *
 * Estimates what a candidate routing policy would have earned on logged decisions (IPS, SNIPS,
 * bootstrap CIs, effective sample size). One JSON object per line, either
 *   {"context":{"type","complexity",...},"candidates":[...],"chosenAgentId","propensity","reward"}
 * or a logged decision event: {"context"|"task":{...},"routing":{"selectedAgentId","propensity","candidates"},"reward"}.
 * Invalid lines are reported on stderr and skipped; the exit code is 1 when no line is usable.
 */
export interface OpeArguments {
  input: string;
  strategy: BanditStrategyName;
  config: RoutingConfigOverrides;
  seed: string;
  bootstrapSamples: number;
  confidenceLevel: number;
  thompsonDraws: number;
}

export const USAGE =
  'usage: npm run ope -- --input decisions.jsonl --strategy <' +
  STRATEGY_NAMES.join('|') +
  "> [--config '<json>'|<file.json>] [--seed S] [--bootstrap N] [--confidence 0.95] [--draws N]";

export function parseArguments(argv: readonly string[]): OpeArguments {
  const values = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    if (!flag.startsWith('--')) throw new Error(`unexpected argument ${flag}\n${USAGE}`);
    const [name, inline] = flag.slice(2).split(/=(.*)/s, 2);
    const value = inline ?? argv[++index];
    if (value === undefined) throw new Error(`--${name} needs a value\n${USAGE}`);
    values.set(name, value);
  }
  const known = new Set(['input', 'strategy', 'config', 'seed', 'bootstrap', 'confidence', 'draws']);
  const unknown = [...values.keys()].filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`unknown option(s) ${unknown.map((name) => `--${name}`).join(', ')}\n${USAGE}`);
  const input = values.get('input');
  if (!input) throw new Error(`--input is required\n${USAGE}`);
  const strategy = (values.get('strategy') ?? 'thompson-sampling') as BanditStrategyName;
  if (!STRATEGY_NAMES.includes(strategy)) throw new Error(`--strategy must be one of ${STRATEGY_NAMES.join(', ')}, got ${strategy}`);
  const rawConfig = values.get('config');
  const config = rawConfig === undefined ? {} : (JSON.parse(rawConfig.trim().startsWith('{') ? rawConfig : readFileSync(rawConfig, 'utf8')) as RoutingConfigOverrides);
  const number = (name: string, fallback: number, valid: (value: number) => boolean) => {
    const value = values.has(name) ? Number(values.get(name)) : fallback;
    if (!valid(value)) throw new Error(`--${name} is out of range: ${values.get(name)}`);
    return value;
  };
  return {
    input,
    strategy,
    config,
    seed: values.get('seed') ?? 'ope',
    bootstrapSamples: number('bootstrap', 1000, (value) => Number.isInteger(value) && value >= 1),
    confidenceLevel: number('confidence', 0.95, (value) => value > 0 && value < 1),
    thompsonDraws: number('draws', 2000, (value) => Number.isInteger(value) && value >= 1),
  };
}

type LoggedLine = Partial<LoggedDecision> & {
  task?: LoggedDecision['context'];
  selectedAgentId?: string;
  routing?: { selectedAgentId?: string | null; propensity?: number; candidates?: LoggedDecision['candidates'] };
};

export function parseLoggedDecisions(text: string): { decisions: LoggedDecision[]; skipped: Array<{ line: number; reason: string }> } {
  const decisions: LoggedDecision[] = [];
  const skipped: Array<{ line: number; reason: string }> = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    try {
      const parsed = JSON.parse(raw) as LoggedLine;
      const decision: LoggedDecision = {
        context: (parsed.context ?? parsed.task) as LoggedDecision['context'],
        candidates: (parsed.candidates ?? parsed.routing?.candidates) as LoggedDecision['candidates'],
        chosenAgentId: (parsed.chosenAgentId ?? parsed.selectedAgentId ?? parsed.routing?.selectedAgentId) as string,
        propensity: (parsed.propensity ?? parsed.routing?.propensity) as number,
        reward: parsed.reward as number,
      };
      validateLoggedDecision(decision, line);
      decisions.push(decision);
    } catch (error) {
      skipped.push({ line, reason: (error as Error).message });
    }
  });
  return { decisions, skipped };
}

export function formatTable(result: OffPolicyEvaluation): string {
  const level = `${Math.round(result.confidenceLevel * 100)}% CI`;
  const row = (name: string, estimate: { estimate: number; lower: number; upper: number }) =>
    `${name.padEnd(26)}${estimate.estimate.toFixed(4).padStart(10)}   [${estimate.lower.toFixed(4)}, ${estimate.upper.toFixed(4)}]`;
  return [
    `candidate policy: ${result.policy} — ${result.decisions} logged decisions, ${result.bootstrapSamples} bootstrap resamples`,
    `${'estimator'.padEnd(26)}${'value'.padStart(10)}   ${level}`,
    row('IPS', result.ips),
    row('SNIPS', result.snips),
    row('logging policy (on-policy)', result.loggingPolicyValue),
    `effective sample size      ${result.effectiveSampleSize.toFixed(1)}`,
    `support (π(logged) > 0)    ${(result.supportRate * 100).toFixed(1)}%`,
    `largest importance weight  ${result.maxWeight.toFixed(3)}`,
  ].join('\n');
}

export function main(argv: readonly string[] = process.argv.slice(2), output: Pick<Console, 'log' | 'error'> = console): number {
  let options: OpeArguments;
  try {
    options = parseArguments(argv);
  } catch (error) {
    output.error((error as Error).message);
    return 2;
  }
  const { decisions, skipped } = parseLoggedDecisions(readFileSync(options.input, 'utf8'));
  for (const { line, reason } of skipped) output.error(`skipped line ${line}: ${reason}`);
  if (decisions.length === 0) {
    output.error(`no usable logged decision in ${options.input}`);
    return 1;
  }
  const config = createRoutingConfig(options.config);
  const result = evaluatePolicyOffline(decisions, createOfflinePolicy(options.strategy, config, { seed: options.seed, thompsonDraws: options.thompsonDraws }), {
    seed: options.seed,
    bootstrapSamples: options.bootstrapSamples,
    confidenceLevel: options.confidenceLevel,
  });
  output.log(formatTable(result));
  output.log(JSON.stringify({ ...result, input: options.input, skippedLines: skipped.length }, null, 2));
  return 0;
}

if (require.main === module) process.exitCode = main();
