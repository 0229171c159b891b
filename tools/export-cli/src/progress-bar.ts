/** `[#########-----------]  4,500/10,000 records  45%` */
export function renderProgressBar(done: number, total: number, label: string, width = 30): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${label} ${Math.round(fraction * 100)}%`;
}

/** A progress bar on stderr: redrawn in place on a terminal, one line per 10% otherwise (logs, CI). */
export class ProgressReporter {
  private lastDecile = -1;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly interactive = Boolean(process.stderr.isTTY),
  ) {}

  update(done: number, total: number, label: string): void {
    if (this.interactive) {
      this.stream.write(`\r${renderProgressBar(done, total, label)}`);
      return;
    }
    const decile = total > 0 ? Math.floor((10 * done) / total) : 0;
    if (decile !== this.lastDecile) {
      this.lastDecile = decile;
      this.stream.write(`${renderProgressBar(done, total, label)}\n`);
    }
  }

  finish(message: string): void {
    this.stream.write(`${this.interactive ? '\n' : ''}${message}\n`);
  }
}
