import type { SeriesRow } from './artifacts.model';

export interface ChartInput {
  title: string;
  rows: SeriesRow[];
  shares: Array<{ fromTask: number; toTask: number; decided: number; shares: Record<string, number> }>;
  agents: string[];
}

const WIDTH = 960;
const PANEL_HEIGHT = 220;
const MARGIN = { left: 70, right: 180, top: 40, bottom: 40 };
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

interface Panel {
  top: number;
  title: string;
  xLabel: string;
  yLabel: string;
  xMax: number;
  yMax: number;
  lines: Array<{ label: string; color: string; points: Array<[number, number]>; dashed?: boolean }>;
  areas?: Array<{ label: string; color: string; lower: Array<[number, number]>; upper: Array<[number, number]> }>;
}

function renderPanel(panel: Panel): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (value: number): number => MARGIN.left + (panel.xMax > 0 ? (value / panel.xMax) * plotWidth : 0);
  const y = (value: number): number => panel.top + MARGIN.top + plotHeight - (panel.yMax > 0 ? (value / panel.yMax) * plotHeight : 0);
  const parts: string[] = [];
  parts.push(`<text x="${MARGIN.left}" y="${panel.top + 24}" font-size="15" font-weight="bold">${escape(panel.title)}</text>`);
  parts.push(`<rect x="${MARGIN.left}" y="${panel.top + MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="#fafafa" stroke="#ccc"/>`);
  for (let tick = 0; tick <= 4; tick++) {
    const value = (panel.yMax * tick) / 4;
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${(y(value) + 4).toFixed(1)}" font-size="11" text-anchor="end">${Number(value.toPrecision(3))}</text>`);
    const xValue = (panel.xMax * tick) / 4;
    parts.push(`<text x="${x(xValue).toFixed(1)}" y="${panel.top + MARGIN.top + plotHeight + 16}" font-size="11" text-anchor="middle">${Number(xValue.toPrecision(3))}</text>`);
  }
  parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${panel.top + PANEL_HEIGHT - 6}" font-size="12" text-anchor="middle">${escape(panel.xLabel)}</text>`);
  parts.push(`<text x="16" y="${panel.top + MARGIN.top + plotHeight / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 16 ${panel.top + MARGIN.top + plotHeight / 2})">${escape(panel.yLabel)}</text>`);
  for (const area of panel.areas ?? []) {
    const path = [...area.upper.map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`), ...[...area.lower].reverse().map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`)];
    if (path.length > 0) parts.push(`<polygon points="${path.join(' ')}" fill="${area.color}" fill-opacity="0.8" stroke="none"/>`);
  }
  for (const line of panel.lines) {
    if (line.points.length === 0) continue;
    const points = line.points.map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="${line.color}" stroke-width="1.8"${line.dashed ? ' stroke-dasharray="5,3"' : ''}/>`);
  }
  const legend = [...(panel.areas ?? []).map((area) => ({ label: area.label, color: area.color })), ...panel.lines.map((line) => ({ label: line.label, color: line.color }))];
  legend.forEach((entry, index) => {
    const legendY = panel.top + MARGIN.top + 8 + index * 16;
    parts.push(`<rect x="${WIDTH - MARGIN.right + 12}" y="${legendY - 9}" width="12" height="10" fill="${entry.color}"/>`);
    parts.push(`<text x="${WIDTH - MARGIN.right + 30}" y="${legendY}" font-size="11">${escape(entry.label)}</text>`);
  });
  return parts.join('\n');
}

/**
 * An SVG with three panels: throughput (stored points per second) over the run, latency
 * (submit → stored p50/p99 and submit → decision p50 per time bucket, by submission time), and
 * routing share per agent over the task stream.
 */
export function renderPerfChart(input: ChartInput): string {
  const submitted = input.rows.map((row) => Date.parse(row.timestamps.submittedAt));
  const start = submitted.length ? Math.min(...submitted) : 0;
  const storedTimes = input.rows.flatMap((row) => (row.timestamps.storedReceivedAt ? [Date.parse(row.timestamps.storedReceivedAt)] : []));
  const end = Math.max(start + 1, ...storedTimes, ...submitted);
  const durationSec = (end - start) / 1000;
  const bucketSec = Math.max(1, Math.ceil(durationSec / 60));
  const buckets = Math.max(1, Math.ceil(durationSec / bucketSec));

  const throughput: Array<[number, number]> = [];
  const p50: Array<[number, number]> = [];
  const p99: Array<[number, number]> = [];
  const decisionP50: Array<[number, number]> = [];
  for (let bucket = 0; bucket < buckets; bucket++) {
    const from = start + bucket * bucketSec * 1000;
    const to = from + bucketSec * 1000;
    const middle = (bucket + 0.5) * bucketSec;
    throughput.push([middle, storedTimes.filter((time) => time >= from && time < to).length / bucketSec]);
    const inBucket = input.rows.filter((row) => {
      const time = Date.parse(row.timestamps.submittedAt);
      return time >= from && time < to;
    });
    const stored = inBucket.flatMap((row) => (row.submitToStoredMs === null ? [] : [row.submitToStoredMs]));
    const decided = inBucket.flatMap((row) => (row.submitToDecisionMs === null ? [] : [row.submitToDecisionMs]));
    if (stored.length) {
      p50.push([middle, percentile(stored, 50)]);
      p99.push([middle, percentile(stored, 99)]);
    }
    if (decided.length) decisionP50.push([middle, percentile(decided, 50)]);
  }

  const panels: string[] = [];
  panels.push(renderPanel({
    top: 30, title: `Throughput — stored data points per second (${bucketSec} s buckets)`, xLabel: 'seconds since the first submission', yLabel: 'points / s',
    xMax: buckets * bucketSec, yMax: niceMax(Math.max(0, ...throughput.map(([, value]) => value))),
    lines: [{ label: 'stored / s', color: COLORS[0], points: throughput }],
  }));
  panels.push(renderPanel({
    top: 30 + PANEL_HEIGHT, title: 'Latency by submission time', xLabel: 'seconds since the first submission', yLabel: 'ms',
    xMax: buckets * bucketSec, yMax: niceMax(Math.max(0, ...p99.map(([, value]) => value), ...p50.map(([, value]) => value))),
    lines: [
      { label: 'submit→stored p99', color: COLORS[3], points: p99 },
      { label: 'submit→stored p50', color: COLORS[1], points: p50 },
      { label: 'submit→decision p50', color: COLORS[2], points: decisionP50, dashed: true },
    ],
  }));
  // stacked shares, one area per agent
  const windows = input.shares;
  const lastTask = windows.length ? windows[windows.length - 1].toTask + 1 : 1;
  const cumulative = windows.map(() => 0);
  const areas = input.agents.map((agentId, agentIndex) => {
    const lower: Array<[number, number]> = [];
    const upper: Array<[number, number]> = [];
    windows.forEach((window, windowIndex) => {
      const share = window.shares[agentId] ?? 0;
      for (const task of [window.fromTask, window.toTask + 1]) {
        lower.push([task, cumulative[windowIndex] * 100]);
        upper.push([task, (cumulative[windowIndex] + share) * 100]);
      }
      cumulative[windowIndex] += share;
    });
    return { label: agentId.replace(/^agent-/, ''), color: COLORS[agentIndex % COLORS.length], lower, upper };
  });
  panels.push(renderPanel({
    top: 30 + 2 * PANEL_HEIGHT, title: 'Routing share per agent over the task stream', xLabel: 'task index', yLabel: '% of decided tasks',
    xMax: lastTask, yMax: 100, lines: [], areas,
  }));
  const height = 30 + 3 * PANEL_HEIGHT + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="20" font-size="16" text-anchor="middle" font-weight="bold">${escape(input.title)}</text>`,
    ...panels,
    '</svg>',
    '',
  ].join('\n');
}
