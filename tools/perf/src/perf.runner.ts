import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import mongoose from 'mongoose';
import type { ArtifactKind, PerfManifest, PerfMetrics, PerfSeries, PerfSummary } from './artifacts.model';
import { artifactFileName } from './artifacts.model';
import { buildMetrics, buildSeriesRows, failureReasons, jsonSafe, percentiles, sustainedThroughput } from './artifacts.builder';
import { CeilingResult, measureCeiling } from './ceiling.runner';
import { renderPerfChart } from './chart.renderer';
import { ArtifactSet, checkArtifactConsistency, missingArtifacts } from './consistency.check';
import { hostFacts, kafkaLibsDirectory, probeVersions } from './environment.probe';
import { footprintGrowth, takeFootprint } from './footprint.probe';
import type { PerfOptions } from './perf-options';
import { discoverProcesses, ProcessSampler } from './process.sampler';
import type { SimulatorReport } from './simulator-report.types';
import { IsolatedStack } from './isolated-stack';
import { ensureStack, SERVICES, StackStartReport } from './stack.starter';
import { checkBaseline, checkThresholds, CheckFinding, sameMachineClass, sameSlice, ThresholdsFile } from './thresholds.check';
import { createZip } from './zip.writer';

export interface PerfEnvironment {
  repoRoot: string;
  localDir: string;
  mongoUri: string;
  redisUrl: string;
  brokers: string[];
}

export interface PerfOutcome {
  stamp: string;
  outDir: string;
  files: string[];
  summary: PerfSummary;
  manifest: PerfManifest;
  problems: string[];
  findings: CheckFinding[];
  /** the run failed: failed episodes, missing or inconsistent artifacts, or (with --check) regressions */
  failed: boolean;
}

export function environmentFromProcess(repoRoot: string): PerfEnvironment {
  return {
    repoRoot,
    localDir: process.env.BENCHPOOL_LOCAL_DIR ?? join(repoRoot, '.local'),
    mongoUri: process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/benchpool',
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  };
}

export function runStamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** Runs the simulator as its own process (the load generator must not share the harness's event loop). */
export function runSimulator(
  environment: PerfEnvironment,
  options: PerfOptions,
  reportPath: string,
  onStart: (pid: number) => void,
  log: (line: string) => void,
): Promise<SimulatorReport> {
  const entry = join(environment.repoRoot, 'dist/tools/arbiter-sim/src/main.js');
  const args = [
    entry, '--tasks', String(options.episodes), '--workers', String(options.workers), '--seed', options.seed, '--scenario', options.scenario,
    '--report', reportPath, '--time-scale', String(options.timeScale), '--decision-timeout-ms', String(options.decisionTimeoutMs),
    '--stored-timeout-ms', String(options.storedTimeoutMs), '--brokers', environment.brokers.join(','),
    ...(options.topicPrefix ? ['--topic-prefix', options.topicPrefix] : []),
    ...(options.rate ? ['--rate', String(options.rate)] : []),
  ];
  log(`[perf] node ${args.map((arg) => (arg.includes(' ') ? `'${arg}'` : arg)).join(' ')}`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: environment.repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    if (child.pid) onStart(child.pid);
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      // exit 1 = some episodes failed: the report is still there and the harness records them
      if (existsSync(reportPath)) resolvePromise(JSON.parse(readFileSync(reportPath, 'utf8')) as SimulatorReport);
      else reject(new Error(`the simulator exited with ${code} without a report: ${output.slice(-1_000)}`));
    });
  });
}

/**
 * BSON sizes of stored points: an even sample, bounded in count and in time (reading a large
 * document from FerretDB 1.x costs hundreds of milliseconds on a busy machine), plus the point
 * closest to the mean size as the ceiling's template.
 */
async function storedPointSizes(mongoUri: string, taskIds: string[], limit = 200, budgetMs = 30_000): Promise<{ sizes: Map<string, number>; template?: Record<string, unknown> }> {
  const sizes = new Map<string, number>();
  if (taskIds.length === 0) return { sizes };
  const step = Math.max(1, taskIds.length / limit);
  const sample = Array.from({ length: Math.min(limit, taskIds.length) }, (_, index) => taskIds[Math.floor(index * step)]);
  const client = new mongoose.mongo.MongoClient(mongoUri, { serverSelectionTimeoutMS: 5_000 });
  const documents = new Map<string, Record<string, unknown>>();
  const deadline = Date.now() + budgetMs;
  try {
    await client.connect();
    const collection = client.db().collection('datapoints');
    for (let start = 0; start < sample.length && Date.now() < deadline; start += 10) {
      const batch = await Promise.all(sample.slice(start, start + 10).map((id) => collection.findOne({ _id: id } as never)));
      for (const document of batch) {
        if (!document) continue;
        sizes.set(String(document._id), mongoose.mongo.BSON.calculateObjectSize(document));
        documents.set(String(document._id), document as Record<string, unknown>);
      }
    }
  } finally {
    await client.close().catch(() => undefined);
  }
  if (sizes.size === 0) return { sizes };
  const mean = [...sizes.values()].reduce((sum, size) => sum + size, 0) / sizes.size;
  const closest = [...sizes].sort((left, right) => Math.abs(left[1] - mean) - Math.abs(right[1] - mean))[0][0];
  return { sizes, template: documents.get(closest) };
}

function ceilingFigures(ceiling: CeilingResult, throughput: number, kafkaRecordsPerEpisode: number | null, pipelineKafkaRecordsPerSec: number | null): PerfSummary['ceiling'] {
  const perEpisode = kafkaRecordsPerEpisode && kafkaRecordsPerEpisode > 0 ? kafkaRecordsPerEpisode : null;
  const candidates: Array<{ label: string; episodesPerSec: number }> = [];
  if (ceiling.kafkaProducer && perEpisode) candidates.push({ label: `Kafka producer ${ceiling.kafkaProducer.recordsPerSec.toFixed(0)} records/s`, episodesPerSec: ceiling.kafkaProducer.recordsPerSec / perEpisode });
  if (ceiling.kafkaConsumer && perEpisode) candidates.push({ label: `Kafka consumer ${ceiling.kafkaConsumer.fetchRecordsPerSec.toFixed(0)} records/s`, episodesPerSec: ceiling.kafkaConsumer.fetchRecordsPerSec / perEpisode });
  if (ceiling.mongoInsert) candidates.push({ label: `FerretDB ${ceiling.mongoInsert.documentsPerSec.toFixed(0)} inserts/s`, episodesPerSec: ceiling.mongoInsert.documentsPerSec });
  const limiting = candidates.sort((left, right) => left.episodesPerSec - right.episodesPerSec)[0];
  const ceilingEpisodesPerSec = limiting ? Math.round(limiting.episodesPerSec * 100) / 100 : null;
  const fraction = ceilingEpisodesPerSec ? Math.round((throughput / ceilingEpisodesPerSec) * 10_000) / 10_000 : null;
  const statement = limiting && fraction !== null
    ? `The pipeline sustained ${throughput.toFixed(2)} episodes/s; the servers alone sustain ${ceilingEpisodesPerSec} episodes/s here (limited by ${limiting.label}${perEpisode ? `, ${perEpisode.toFixed(1)} Kafka records per episode` : ''}), so the pipeline runs at ${(fraction * 100).toFixed(1)} % of the raw ceiling.`
    : `No ceiling could be computed (${ceiling.errors.join('; ') || 'no Kafka record count'}).`;
  return {
    ...ceiling,
    pipelineKafkaRecordsPerSec,
    ceilingEpisodesPerSec,
    fractionOfCeiling: fraction,
    fractionOfKafkaProducer: ceiling.kafkaProducer && pipelineKafkaRecordsPerSec !== null ? Math.round((pipelineKafkaRecordsPerSec / ceiling.kafkaProducer.recordsPerSec) * 10_000) / 10_000 : null,
    fractionOfMongoInsert: ceiling.mongoInsert ? Math.round((throughput / ceiling.mongoInsert.documentsPerSec) * 10_000) / 10_000 : null,
    statement,
  };
}

/** Loads a run's four JSON artifacts from its summary (or any of its files). */
export function loadArtifactSet(anyArtifactPath: string): { set: ArtifactSet; directory: string; stamp: string } {
  const directory = dirname(resolve(anyArtifactPath));
  const stamp = /perf-(?:manifest|summary|metrics|series|chart|artifacts)-(.+)\.(?:json|svg|zip)$/.exec(basename(anyArtifactPath))?.[1];
  if (!stamp) throw new Error(`${anyArtifactPath} is not a perf artifact (perf-summary-<stamp>.json)`);
  const read = <T>(kind: ArtifactKind): T => JSON.parse(readFileSync(join(directory, artifactFileName(kind, stamp)), 'utf8')) as T;
  return { set: { manifest: read('manifest'), summary: read('summary'), metrics: read('metrics'), series: read('series') }, directory, stamp };
}

/** --check: thresholds, and the baseline when one is given. */
export function runChecks(
  summary: PerfSummary,
  manifest: PerfManifest,
  options: Pick<PerfOptions, 'thresholds' | 'baseline' | 'ci'>,
  repoRoot: string,
): CheckFinding[] {
  const thresholds = JSON.parse(readFileSync(resolve(repoRoot, options.thresholds), 'utf8')) as ThresholdsFile;
  const findings = checkThresholds(summary, thresholds, { ci: options.ci });
  if (options.baseline) {
    const baseline = loadArtifactSet(resolve(repoRoot, options.baseline));
    const comparable = sameMachineClass(manifest.host, baseline.set.manifest.host) && sameSlice(manifest, baseline.set.manifest);
    findings.push(...checkBaseline(summary, baseline.set.summary, thresholds.baseline, { ci: options.ci, comparable }));
  }
  return findings;
}

/**
 * One perf run. With `--isolated` the six services run as a private set for this run (own topic
 * prefix, database and Redis prefixes), stopped and cleaned up afterwards; otherwise the run uses
 * the shared services, starting them when they are not running.
 */
export async function runPerf(options: PerfOptions, environment: PerfEnvironment, log: (line: string) => void): Promise<PerfOutcome> {
  const stamp = runStamp();
  if (!options.isolated) return runPerfAgainst(options, environment, log, stamp);
  const stack = options.startStack ? await ensureStack(environment.repoRoot, environment.localDir, log, environment, { services: false }) : undefined;
  const isolated = new IsolatedStack(environment.repoRoot, join(environment.localDir, 'perf', `services-${stamp}`), stamp, environment.mongoUri.replace(/\/[^/]*$/, ''));
  log(`[perf] starting an isolated set of the six services: topic prefix ${isolated.prefix}, database ${isolated.database}`);
  try {
    await isolated.start(environment.brokers);
    return await runPerfAgainst({ ...options, topicPrefix: isolated.prefix }, { ...environment, mongoUri: isolated.mongoUri }, log, stamp, isolated, stack);
  } finally {
    await isolated.stop();
    if (!options.keepData) {
      const problems = await isolated.removeData(environment.brokers, environment.redisUrl);
      log(`[perf] isolated services stopped, their data removed${problems.length ? ` (${problems.join('; ')})` : ''}`);
    } else log(`[perf] isolated services stopped; data kept: ${isolated.prefix}*, ${isolated.database}, ${isolated.redisPrefix}*`);
  }
}

async function runPerfAgainst(
  options: PerfOptions,
  environment: PerfEnvironment,
  log: (line: string) => void,
  stamp: string,
  isolated?: IsolatedStack,
  isolatedStackReport?: StackStartReport,
): Promise<PerfOutcome> {
  const outDir = resolve(environment.repoRoot, options.outDir);
  mkdirSync(outDir, { recursive: true });
  const stack = isolated
    ? { infrastructure: isolatedStackReport?.infrastructure ?? 'not-checked', services: 'isolated', built: isolatedStackReport?.built ?? false }
    : options.startStack
      ? await ensureStack(environment.repoRoot, environment.localDir, log, environment)
      : { infrastructure: 'not-checked', services: 'not-checked', built: false, healthy: [], log: [] };
  const [versions, host] = [await probeVersions(environment.repoRoot, environment.mongoUri, environment.redisUrl), hostFacts()];
  const footprintTargets = {
    mongoUri: environment.mongoUri, redisUrl: environment.redisUrl, brokers: environment.brokers, kafkaDataDir: join(environment.localDir, 'kafka', 'data'),
    topicPrefix: isolated?.prefix,
  };
  log('[perf] footprint before the run');
  const before = await takeFootprint(footprintTargets);

  const processes = isolated
    ? [...discoverProcesses(environment.localDir).filter((item) => !item.name.startsWith('service:')), ...isolated.processes()]
    : discoverProcesses(environment.localDir, SERVICES.map((service) => ({ name: service.name, port: Number(process.env[service.portVariable] ?? service.port) })));
  log(`[perf] sampling ${processes.map((item) => `${item.name}(${item.pid})`).join(', ') || 'no process (no pid files found)'}`);
  const sampler = new ProcessSampler(processes, options.sampleIntervalMs);
  sampler.start();
  const simulatorReportPath = join(environment.localDir, 'perf', `simulator-report-${stamp}.json`);
  mkdirSync(dirname(simulatorReportPath), { recursive: true });
  let report: SimulatorReport;
  let processSeries: ReturnType<ProcessSampler['stop']> = [];
  try {
    report = await runSimulator(environment, options, simulatorReportPath, (pid) => sampler.add({ name: 'load:arbiter-sim', pid }), log);
  } finally {
    processSeries = sampler.stop();
  }
  const loadAtEnd = loadavg().map((value) => Math.round(value * 100) / 100);
  const footprintStarted = Date.now();
  const after = await takeFootprint(footprintTargets);
  log(`[perf] footprint after the run taken in ${((Date.now() - footprintStarted) / 1000).toFixed(1)} s`);
  const growth = footprintGrowth(before, after);

  const storedIds = report.episodes.filter((episode) => episode.status === 'stored').map((episode) => episode.taskId);
  const sizingStarted = Date.now();
  const { sizes, template } = await storedPointSizes(environment.mongoUri, storedIds).catch((error: Error) => {
    log(`[perf] could not read stored points: ${error.message}`);
    return { sizes: new Map<string, number>(), template: undefined };
  });
  log(`[perf] measured ${sizes.size} stored points in ${((Date.now() - sizingStarted) / 1000).toFixed(1)} s`);
  const rows = buildSeriesRows(report.episodes, sizes);
  const throughput = sustainedThroughput(rows);
  const ingressEvents = report.episodes.reduce((sum, episode) => sum + 1 + (episode.turns ?? 0) + (episode.times.completionPublishedAt ? 1 : 0), 0);
  const ingressBytes = report.episodes.reduce((sum, episode) => sum + episode.ingressBytes, 0);
  const ingressRecordMeanBytes = ingressEvents ? Math.round(ingressBytes / ingressEvents) : 0;
  const storedSizes = [...sizes.values()];
  const kafkaRecordsPerEpisode = growth.kafkaRecords !== null && growth.kafkaRecords > 0 ? Math.round((growth.kafkaRecords / rows.length) * 100) / 100 : null;
  const pipelineKafkaRecordsPerSec = growth.kafkaRecords !== null && throughput.durationSec > 0 ? Math.round(growth.kafkaRecords / throughput.durationSec) : null;

  let ceiling: CeilingResult = { errors: ['skipped (--no-ceiling)'] };
  if (options.ceiling) {
    log('[perf] raw ceiling: Kafka ProducerPerformance / ConsumerPerformance and FerretDB bulk inserts');
    const ceilingStarted = Date.now();
    const recordSize = Math.max(100, ingressRecordMeanBytes);
    ceiling = await measureCeiling({
      kafkaLibs: kafkaLibsDirectory(environment.repoRoot).libs,
      toolsLog4j: join(environment.localDir, 'kafka', 'tools-log4j.properties'),
      brokers: environment.brokers,
      partitions: 12,
      recordSizeBytes: recordSize,
      records: Math.round(Math.min(50_000, Math.max(10_000, (50 * 2 ** 20) / recordSize))),
      mongoUri: environment.mongoUri,
      documentTemplate: template,
      documentBytes: storedSizes.length ? Math.round(storedSizes.reduce((sum, size) => sum + size, 0) / storedSizes.length) : 20_000,
      documents: 3_000,
      mongoTimeBudgetMs: 15_000,
      stamp,
    });
    log(`[perf] ceiling measured in ${((Date.now() - ceilingStarted) / 1000).toFixed(1)} s${ceiling.errors.length ? ` (${ceiling.errors.join('; ')})` : ''}`);
  }

  const services = processSeries.filter((series) => series.name.startsWith('service:'));
  const successes = rows.filter((row) => row.success).length;
  const summary: PerfSummary = jsonSafe({
    kind: 'benchpool-perf-summary',
    stamp,
    episodes: rows.length,
    successes,
    failures: rows.length - successes,
    failureReasons: failureReasons(rows),
    noEligibleAgent: rows.filter((row) => row.status === 'no-agent').length,
    durationSec: throughput.durationSec,
    throughput: { episodesPerSec: throughput.episodesPerSec, overallEpisodesPerSec: throughput.overallEpisodesPerSec, sustainedWindowSec: throughput.sustainedWindowSec },
    latency: {
      submitToDecisionMs: percentiles(rows.flatMap((row) => (row.submitToDecisionMs === null ? [] : [row.submitToDecisionMs]))),
      submitToStoredMs: percentiles(rows.flatMap((row) => (row.submitToStoredMs === null ? [] : [row.submitToStoredMs]))),
    },
    bytes: {
      perStoredPointMean: storedSizes.length ? Math.round(storedSizes.reduce((sum, size) => sum + size, 0) / storedSizes.length) : null,
      perStoredPointP95: storedSizes.length ? percentiles(storedSizes).p95 : null,
      storedPointsMeasured: storedSizes.length,
      ingressPerEpisodeMean: rows.length ? Math.round(ingressBytes / rows.length) : 0,
      ingressRecordMeanBytes,
      kafkaRecordsPerEpisode,
    },
    footprint: {
      kafkaScope: isolated ? `topics ${isolated.prefix}*` : 'whole broker',
      before,
      after,
      growth,
      perEpisode: {
        mongoDataBytes: growth.mongoDataBytes === null ? null : Math.round(growth.mongoDataBytes / rows.length),
        mongoStorageBytes: growth.mongoStorageBytes === null ? null : Math.round(growth.mongoStorageBytes / rows.length),
        redisUsedMemoryBytes: growth.redisUsedMemoryBytes === null ? null : Math.round(growth.redisUsedMemoryBytes / rows.length),
        kafkaLogDirBytes: growth.kafkaLogDirBytes === null ? null : Math.round(growth.kafkaLogDirBytes / rows.length),
      },
    },
    resources: {
      intervalMs: options.sampleIntervalMs,
      maxServiceRssMb: services.length ? Math.max(...services.map((series) => series.rssMbMax ?? 0)) : null,
      serviceCpuSeconds: services.length ? Math.round(services.reduce((sum, series) => sum + (series.cpuSeconds ?? 0), 0) * 100) / 100 : null,
      processes: processSeries,
    },
    ceiling: ceilingFigures(ceiling, throughput.episodesPerSec, kafkaRecordsPerEpisode, pipelineKafkaRecordsPerSec),
    regret: {
      ...report.summary.regret.cumulative,
      ratioVsRandom: report.summary.regret.ratioVsRandom,
      ratioVsRoundRobin: report.summary.regret.ratioVsRoundRobin,
    },
    export: report.export ?? null,
    consistency: { ok: true, problems: [] },
  });
  const metrics: PerfMetrics = buildMetrics(stamp, report, rows);
  const series: PerfSeries = { kind: 'benchpool-perf-series', stamp, rows };
  const files: string[] = [artifactFileName('manifest', stamp), artifactFileName('summary', stamp), artifactFileName('metrics', stamp), artifactFileName('series', stamp), artifactFileName('chart', stamp)];
  if (options.compress) files.push(artifactFileName('zip', stamp));
  const manifest: PerfManifest = {
    kind: 'benchpool-perf-manifest',
    schemaVersion: 1,
    stamp,
    generatedAt: new Date().toISOString(),
    command: `npm run perf -- ${process.argv.slice(2).join(' ')}`.trim(),
    episodes: options.episodes,
    workers: options.workers,
    rate: options.rate,
    timeouts: { decisionMs: options.decisionTimeoutMs, storedMs: options.storedTimeoutMs },
    timeScale: options.timeScale,
    scenario: {
      name: report.scenario.name,
      seed: report.scenario.seed,
      description: report.scenario.description,
      agents: report.scenario.agents.map((agent) => ({
        agentId: agent.agentId, name: agent.name, capabilities: agent.capabilities, maxConcurrency: agent.maxConcurrency, costPer1kTokens: agent.costPer1kTokens,
        hiddenBehaviour: agent.behaviour,
      })),
      taskMix: report.scenario.taskTypes,
      tenants: report.scenario.tenants,
      personalDataRate: report.scenario.personalDataRate,
      drifts: report.scenario.drifts,
      improvements: report.scenario.improvements,
    },
    simulatorRunId: report.runId,
    topicPrefix: options.topicPrefix,
    versions,
    host,
    hostLoad: { atStart: host.loadAverage, atEnd: loadAtEnd },
    stack: { infrastructure: stack.infrastructure, services: stack.services, built: stack.built },
    isolation: isolated ? { topicPrefix: isolated.prefix, database: isolated.database, redisPrefix: isolated.redisPrefix, dataKept: options.keepData } : null,
    thresholdsFile: options.thresholds,
    baselineFile: options.baseline,
    artifacts: files,
  };
  const problems = checkArtifactConsistency({ manifest, summary, metrics, series });
  summary.consistency = { ok: problems.length === 0, problems };

  const write = (kind: ArtifactKind, content: string | Buffer): void => writeFileSync(join(outDir, artifactFileName(kind, stamp)), content);
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  write('manifest', json(manifest));
  write('summary', json(summary));
  write('metrics', json(metrics));
  write('series', json(series));
  write('chart', renderPerfChart({
    title: `Benchpool perf ${stamp} — ${options.episodes} episodes, ${options.workers} workers, scenario ${report.scenario.name}`,
    rows,
    shares: report.summary.shares,
    agents: report.scenario.agents.map((agent) => agent.agentId),
  }));
  if (options.compress) {
    write('zip', createZip((['manifest', 'summary', 'metrics', 'series', 'chart'] as const).map((kind) => ({
      name: artifactFileName(kind, stamp),
      content: readFileSync(join(outDir, artifactFileName(kind, stamp))),
    }))));
  }
  const missing = missingArtifacts(manifest, (fileName) => existsSync(join(outDir, fileName)));
  problems.push(...missing.map((fileName) => `artifact ${fileName} is missing`));
  const findings = options.check ? runChecks(summary, manifest, options, environment.repoRoot) : [];
  const failed = summary.failures > 0 || problems.length > 0 || findings.some((finding) => finding.failing);
  return { stamp, outDir, files: files.map((fileName) => join(outDir, fileName)), summary, manifest, problems, findings, failed };
}
