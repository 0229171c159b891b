import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PerfManifest, PerfSeries, PerfSummary } from './artifacts.model';
import { artifactFileName } from './artifacts.model';
import { buildMetrics, buildSeriesRows, failureReasons, percentiles, sustainedThroughput } from './artifacts.builder';
import { parseConsumerPerformance, parseProducerPerformance } from './ceiling.runner';
import { renderPerfChart } from './chart.renderer';
import { ArtifactSet, checkArtifactConsistency, missingArtifacts } from './consistency.check';
import type { SimulatedEpisode, SimulatorReport } from './simulator-report.types';
import { checkBaseline, checkThresholds, figureOf, sameMachineClass, sameSlice, ThresholdsFile } from './thresholds.check';
import { crc32, createZip } from './zip.writer';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** A run of `count` episodes, one every 100 ms, each stored 250 ms after submission, except the `failed` indices. */
function episodes(count: number, failed: number[] = []): SimulatedEpisode[] {
  const agents = ['agent-a', 'agent-b'];
  return Array.from({ length: count }, (_, index) => {
    const submittedAt = T0 + index * 100;
    const ok = !failed.includes(index);
    return {
      index,
      taskId: `sim-1-x-t${String(index).padStart(6, '0')}`,
      tenantId: 'tenant-acme',
      taskType: index % 3 === 0 ? 'research' : 'code-editing',
      complexity: 'standard',
      segment: 'code-editing/standard',
      seed: `42/task/${index}`,
      status: ok ? 'stored' : 'stored-timeout',
      error: ok ? undefined : 'no benchmark.datapoint.stored.v1 within 1000 ms after the completion',
      warnings: [],
      agentId: agents[index % 2],
      agentVersion: '1.0.0',
      success: index % 4 !== 0,
      quality: 0.8,
      turns: 3,
      tokensUsed: 5_000,
      simulatedLatencyMs: 60_000,
      ingressBytes: 12_000,
      storedOverallScore: ok ? 0.9 : undefined,
      chosenValue: 0.7,
      oracleValue: 0.9,
      times: {
        submittedAt,
        decisionReceivedAt: submittedAt + 20,
        decidedAt: submittedAt + 15,
        executionStartedAt: submittedAt + 21,
        completionPublishedAt: submittedAt + 120,
        ...(ok ? { storedAt: submittedAt + 240, storedReceivedAt: submittedAt + 250 } : {}),
      },
    };
  });
}

function report(list: SimulatedEpisode[]): SimulatorReport {
  return {
    runId: 'sim-1-x',
    scenario: {
      name: 'standard', seed: '42', description: '', tasks: list.length, tenants: [], personalDataRate: 0.15, drifts: [], improvements: [], taskTypes: [],
      agents: ['agent-a', 'agent-b'].map((agentId) => ({ agentId, name: agentId, capabilities: [], maxConcurrency: 8, costPer1kTokens: 0.001, behaviour: {} })),
    },
    options: { tasks: list.length, workers: 2, timeScale: 0.001, decisionTimeoutMs: 1000, storedTimeoutMs: 1000, topicPrefix: '' },
    startedAt: '', finishedAt: '', durationMs: 0,
    summary: {
      counts: {}, regret: { cumulative: { policy: 1, random: 2, roundRobin: 2 }, ratioVsRandom: 0.5, ratioVsRoundRobin: 0.5, curve: [] },
      shares: [{ fromTask: 0, toTask: list.length - 1, decided: list.length, shares: { 'agent-a': 0.5, 'agent-b': 0.5 } }],
      adaptation: [], perAgent: {}, perAgentAndTaskType: {}, failureReasons: {},
      latency: { submitToDecisionMs: percentiles([]), submitToStoredMs: percentiles([]) },
    },
    episodes: list,
  };
}

/** The same assembly runPerf does for the parts the consistency check reads. */
function artifactSet(list: SimulatedEpisode[]): ArtifactSet {
  const stamp = '20260101T000000Z';
  const rows = buildSeriesRows(list, new Map());
  const successes = rows.filter((row) => row.success).length;
  const summary = {
    kind: 'benchpool-perf-summary', stamp, episodes: rows.length, successes, failures: rows.length - successes, failureReasons: failureReasons(rows),
    latency: {
      submitToDecisionMs: percentiles(rows.flatMap((row) => (row.submitToDecisionMs === null ? [] : [row.submitToDecisionMs]))),
      submitToStoredMs: percentiles(rows.flatMap((row) => (row.submitToStoredMs === null ? [] : [row.submitToStoredMs]))),
    },
  } as unknown as PerfSummary;
  const manifest = { stamp, episodes: list.length, artifacts: [artifactFileName('summary', stamp)] } as unknown as PerfManifest;
  const series: PerfSeries = { kind: 'benchpool-perf-series', stamp, rows };
  return { manifest, summary, metrics: buildMetrics(stamp, report(list), rows), series };
}

describe('artifact consistency', () => {
  it('finds nothing wrong with the artifacts of one run, failures included', () => {
    const set = artifactSet(episodes(50, [7, 21]));
    expect(set.summary.failures).toBe(2);
    expect(checkArtifactConsistency(set)).toEqual([]);
  });

  it('reports a series that lost a row', () => {
    const set = artifactSet(episodes(50));
    set.series.rows = set.series.rows.slice(1).map((row, position) => ({ ...row, episode: position + 1 }));
    expect(checkArtifactConsistency(set).join('\n')).toMatch(/series has 49 rows but the manifest asked for 50/);
  });

  it('reports summary counts that disagree with the series', () => {
    const set = artifactSet(episodes(50, [3]));
    set.summary.successes = 50;
    set.summary.failures = 0;
    const problems = checkArtifactConsistency(set).join('\n');
    expect(problems).toMatch(/49 successful rows but the summary counts 50/);
    expect(problems).toMatch(/failure reasons add up to 1, not to its 0 failures/);
  });

  it('reports metrics that do not cover every routed episode, and mixed stamps', () => {
    const set = artifactSet(episodes(20));
    set.metrics.perAgent = set.metrics.perAgent.slice(1);
    set.metrics.stamp = 'other';
    const problems = checkArtifactConsistency(set).join('\n');
    expect(problems).toMatch(/metrics count 10 routed episodes, the series 20/);
    expect(problems).toMatch(/different stamps/);
  });

  it('lists the artifacts the manifest names that are not on disk', () => {
    const set = artifactSet(episodes(5));
    expect(missingArtifacts(set.manifest, () => false)).toEqual([artifactFileName('summary', set.manifest.stamp)]);
    expect(missingArtifacts(set.manifest, () => true)).toEqual([]);
  });
});

describe('series and metrics', () => {
  it('numbers rows by index order and keeps the latency of stored episodes only', () => {
    const list = episodes(10, [4]).reverse();
    const rows = buildSeriesRows(list, new Map([['sim-1-x-t000002', 4_096]]));
    expect(rows.map((row) => row.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rows[2].storedBytes).toBe(4_096);
    expect(rows[4]).toMatchObject({ success: false, submitToStoredMs: null, status: 'stored-timeout' });
    expect(rows[5]).toMatchObject({ success: true, submitToStoredMs: 250, submitToDecisionMs: 20 });
  });

  it('measures sustained throughput without the warm-up and the drain', () => {
    // one completion every 100 ms: 10 per second, whatever the ends look like
    const rows = buildSeriesRows(episodes(200), new Map());
    const throughput = sustainedThroughput(rows);
    expect(throughput.episodesPerSec).toBeCloseTo(10, 1);
    expect(throughput.durationSec).toBeCloseTo(20.15, 2);
  });

  it('splits routing share and counts per agent and task type', () => {
    const list = episodes(12);
    const metrics = buildMetrics('s', report(list), buildSeriesRows(list, new Map()));
    expect(metrics.perAgent.map((group) => [group.agentId, group.count, group.routingShare])).toEqual([['agent-a', 6, 0.5], ['agent-b', 6, 0.5]]);
    const research = metrics.perAgentAndTaskType.filter((group) => group.taskType === 'research');
    expect(research.reduce((sum, group) => sum + group.count, 0)).toBe(4);
    expect(metrics.perAgent[0].regret).toBeCloseTo(6 * 0.2, 6);
  });
});

describe('thresholds and baseline', () => {
  const summary = {
    failures: 0,
    throughput: { episodesPerSec: 8 },
    latency: { submitToStoredMs: { p99: 900 } },
    bytes: { perStoredPointMean: 30_000 },
  } as unknown as PerfSummary;
  const thresholds: ThresholdsFile = {
    checks: [
      { figure: 'failures', max: 0 },
      { figure: 'throughput.episodesPerSec', min: 10, machineDependent: true },
      { figure: 'latency.submitToStoredMs.p99', max: 1_000, machineDependent: true },
      { figure: 'bytes.missingFigure', max: 1 },
    ],
    baseline: [
      { figure: 'throughput.episodesPerSec', maxDrop: 0.2, machineDependent: true },
      { figure: 'bytes.perStoredPointMean', maxRise: 0.1 },
    ],
  };

  it('reads figures by dotted path', () => {
    expect(figureOf(summary, 'latency.submitToStoredMs.p99')).toBe(900);
    expect(figureOf(summary, 'latency.nothing.p99')).toBeNull();
  });

  it('fails on broken limits, and reports machine-dependent ones only in CI mode', () => {
    const strict = checkThresholds(summary, thresholds, { ci: false });
    expect(strict.map((finding) => [finding.figure, finding.failing])).toEqual([['throughput.episodesPerSec', true], ['bytes.missingFigure', true]]);
    const ci = checkThresholds(summary, thresholds, { ci: true });
    expect(ci.map((finding) => [finding.figure, finding.failing])).toEqual([['throughput.episodesPerSec', false], ['bytes.missingFigure', true]]);
  });

  it('compares with a baseline by relative change', () => {
    const baseline = { throughput: { episodesPerSec: 12 }, bytes: { perStoredPointMean: 25_000 } } as unknown as PerfSummary;
    const findings = checkBaseline(summary, baseline, thresholds.baseline, { ci: false, comparable: true });
    expect(findings.map((finding) => [finding.figure, finding.failing])).toEqual([['throughput.episodesPerSec', true], ['bytes.perStoredPointMean', true]]);
    const otherMachine = checkBaseline(summary, baseline, thresholds.baseline, { ci: false, comparable: false });
    expect(otherMachine.map((finding) => finding.failing)).toEqual([false, true]);
    const close = { throughput: { episodesPerSec: 9 }, bytes: { perStoredPointMean: 29_000 } } as unknown as PerfSummary;
    expect(checkBaseline(summary, close, thresholds.baseline, { ci: false, comparable: true })).toEqual([]);
  });

  it('recognises the same machine class and the same slice', () => {
    const host = { cores: 2, cpuModel: 'X', memoryGiB: 8 } as PerfManifest['host'];
    expect(sameMachineClass(host, { ...host, memoryGiB: 7.8 })).toBe(true);
    expect(sameMachineClass(host, { ...host, cores: 4 })).toBe(false);
    const slice = { workers: 4, rate: null, scenario: { name: 'standard' } } as unknown as PerfManifest;
    expect(sameSlice(slice, { ...slice })).toBe(true);
    expect(sameSlice(slice, { ...slice, workers: 8 })).toBe(false);
  });
});

describe('ceiling tool output', () => {
  it('parses ProducerPerformance and ConsumerPerformance', () => {
    const producer = parseProducerPerformance(
      '5000 records sent, 1409.641951 records/sec (2.69 MB/sec), 326.40 ms avg latency, 2417.00 ms max latency, 324 ms 50th, 446 ms 95th, 464 ms 99th, 474 ms 99.9th.\n',
    );
    expect(producer).toEqual({ records: 5000, recordsPerSec: 1409.641951, mbPerSec: 2.69, avgLatencyMs: 326.4, maxLatencyMs: 2417, p50Ms: 324, p95Ms: 446, p99Ms: 464 });
    const consumer = parseConsumerPerformance([
      'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec',
      '2026-11-21 23:53:37:494, 2026-11-21 23:53:38:581, 9.5367, 8.7735, 5000, 4599.8160, 902, 185, 51.5500, 27027.0270',
    ].join('\n'));
    expect(consumer).toEqual({ records: 5000, recordsPerSec: 4599.816, mbPerSec: 8.7735, fetchRecordsPerSec: 27027.027, fetchMbPerSec: 51.55, rebalanceMs: 902, fetchMs: 185 });
    expect(() => parseProducerPerformance('oops')).toThrow(/unexpected ProducerPerformance output/);
  });
});

describe('zip and chart', () => {
  it('writes a zip that unzip verifies and extracts byte for byte', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    const directory = mkdtempSync(join(tmpdir(), 'perf-zip-'));
    try {
      const files = [{ name: 'a.json', content: Buffer.from('{"x":1}\n'.repeat(100)) }, { name: 'b.svg', content: Buffer.from('<svg/>') }];
      writeFileSync(join(directory, 'bundle.zip'), createZip(files));
      expect(execFileSync('unzip', ['-t', 'bundle.zip'], { cwd: directory }).toString()).toMatch(/No errors detected/);
      expect(execFileSync('unzip', ['-p', 'bundle.zip', 'a.json'], { cwd: directory }).toString()).toBe(files[0].content.toString());
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('renders throughput, latency and share panels without NaN', () => {
    const list = episodes(60, [5]);
    const svg = renderPerfChart({ title: 'run', rows: buildSeriesRows(list, new Map()), shares: report(list).summary.shares, agents: ['agent-a', 'agent-b'] });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/NaN|undefined/);
    expect(svg.match(/<polyline /g)?.length).toBe(4);
    expect(svg.match(/<polygon /g)?.length).toBe(2);
  });
});
