import type { SimulationProgress } from './simulation.runner';

/**
 * A one-line progress bar on stderr: redrawn in place on a terminal, a plain line every few
 * seconds otherwise (CI logs).
 */
export class ProgressBar {
  private lastPlainAt = 0;
  private readonly interactive: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr, private readonly width = 30) {
    this.interactive = Boolean(stream.isTTY);
  }

  update(progress: SimulationProgress): void {
    const line = formatProgress(progress, this.width);
    if (this.interactive) {
      this.stream.write(`\r${line}\x1b[K`);
    } else if (Date.now() - this.lastPlainAt >= 5_000) {
      this.lastPlainAt = Date.now();
      this.stream.write(`${line}\n`);
    }
  }

  finish(progress: SimulationProgress): void {
    const line = formatProgress(progress, this.width);
    this.stream.write(this.interactive ? `\r${line}\x1b[K\n` : `${line}\n`);
  }
}

export function formatProgress(progress: SimulationProgress, width = 30): string {
  const done = progress.stored + progress.failed;
  const fraction = progress.total ? done / progress.total : 1;
  const filled = Math.round(fraction * width);
  const rate = progress.elapsedMs > 0 ? done / (progress.elapsedMs / 1000) : 0;
  const remaining = rate > 0 ? (progress.total - done) / rate : Number.NaN;
  const eta = Number.isFinite(remaining) ? `${Math.ceil(remaining)} s` : '?';
  return [
    `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`,
    `${done}/${progress.total}`,
    `submitted ${progress.submitted}`,
    `decided ${progress.decided}`,
    `stored ${progress.stored}`,
    `failed ${progress.failed}`,
    `in flight ${progress.inFlight}`,
    `${rate.toFixed(1)} ep/s`,
    `eta ${eta}`,
  ].join('  ');
}
