import { randomUUID } from 'node:crypto';
import { ExportRequestedV1, Topic, TRAINING_PHASES, TrainingPhase, validateEventData } from '@benchpool/contracts';

export interface CliOptions {
  request: ExportRequestedV1;
  outDir: string;
  brokers: string[];
  topicPrefix: string;
  tenantId: string;
  timeoutMs: number;
}

export const USAGE = `usage: npm run export -- --phase <${TRAINING_PHASES.join('|')}> --out <dir> [options]
  --request-id <id>        idempotency key (default: a new one); the same id gives the same batch again
  --min-quality <0..1>     --min-count <n>      --max-count <n>      --max-age-days <n>
  --min-task-types <n>     --min-agents <n>     --task-types a,b     --agent-ids a,b
  --from <ISO time>        --to <ISO time>      --include-failures   --no-rebalance
  --format messages|prompt-completion (SFT)     --dp-epsilon <ε>
  --brokers host:port[,…]  (default KAFKA_BROKERS or 127.0.0.1:9092)
  --topic-prefix <p>       (default KAFKA_TOPIC_PREFIX)  --tenant <id> (default rl-pipeline)
  --timeout-seconds <n>    (default 600)`;

export class UsageError extends Error {}

const NUMBER_FLAGS: Record<string, keyof ExportRequestedV1> = {
  '--min-quality': 'minQuality',
  '--min-count': 'minCount',
  '--max-count': 'maxCount',
  '--max-age-days': 'maxAgeDays',
  '--min-task-types': 'minTaskTypes',
  '--min-agents': 'minAgents',
  '--dp-epsilon': 'dpEpsilon',
};

/** Parses `npm run export -- …` arguments into a validated rl.export.requested.v1 and where to write. */
export function parseCliArguments(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const request: Record<string, unknown> = {};
  let outDir: string | undefined;
  let brokers = env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  let topicPrefix = env.KAFKA_TOPIC_PREFIX ?? '';
  let tenantId = 'rl-pipeline';
  let timeoutSeconds = 600;
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = (): string => {
      const next = argv[++index];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (flag in NUMBER_FLAGS) {
      const text = value();
      const number = Number(text);
      if (!Number.isFinite(number)) throw new UsageError(`${flag} needs a number, got '${text}'`);
      request[NUMBER_FLAGS[flag]] = number;
    } else if (flag === '--phase') request.phase = value();
    else if (flag === '--request-id') request.requestId = value();
    else if (flag === '--task-types') request.taskTypes = value().split(',').filter(Boolean);
    else if (flag === '--agent-ids') request.agentIds = value().split(',').filter(Boolean);
    else if (flag === '--from') request.from = value();
    else if (flag === '--to') request.to = value();
    else if (flag === '--format') request.format = value();
    else if (flag === '--include-failures') request.includeFailures = true;
    else if (flag === '--no-rebalance') request.rebalance = false;
    else if (flag === '--rebalance') request.rebalance = true;
    else if (flag === '--out') outDir = value();
    else if (flag === '--brokers') brokers = value();
    else if (flag === '--topic-prefix') topicPrefix = value();
    else if (flag === '--tenant') tenantId = value();
    else if (flag === '--timeout-seconds') timeoutSeconds = Number(value());
    else throw new UsageError(`unknown option ${flag}`);
  }
  if (!request.phase || !TRAINING_PHASES.includes(request.phase as TrainingPhase)) throw new UsageError(`--phase must be one of ${TRAINING_PHASES.join(', ')}`);
  if (!outDir) throw new UsageError('--out <dir> is required');
  request.requestId ??= `cli-${request.phase}-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
  const validated = validateEventData(Topic.ExportRequested, request);
  if (!validated.ok) throw new UsageError(`invalid request: ${validated.errors.join('; ')}`);
  if (!(timeoutSeconds > 0)) throw new UsageError('--timeout-seconds must be a positive number');
  return { request: validated.value, outDir, brokers: brokers.split(','), topicPrefix, tenantId, timeoutMs: timeoutSeconds * 1000 };
}
