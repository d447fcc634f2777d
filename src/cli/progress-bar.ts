/**
 * A one-line progress display for long work on a terminal: redrawn in place on a TTY, printed as a
 * plain line every few seconds otherwise (CI logs, pipes), always on stderr so stdout stays for data.
 */
export interface ProgressLine {
  readonly done: number;
  readonly total: number;
  /** Short fields after the bar, e.g. ["812 img/s", "D 1.21"]. */
  readonly fields: readonly string[];
}

const WIDTH = 24;
const PLAIN_INTERVAL_MS = 5000;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export function renderProgress(line: ProgressLine): string {
  const fraction = line.total > 0 ? Math.min(1, line.done / line.total) : 0;
  const filled = Math.round(fraction * WIDTH);
  const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
  const pct = `${Math.floor(fraction * 100)}%`.padStart(4);
  return [`${bar} ${line.done}/${line.total} ${pct}`, ...line.fields].join('  ');
}

export class ProgressBar {
  private lastPlain = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(line: ProgressLine): void {
    const text = renderProgress(line);
    if (this.stream.isTTY) {
      this.stream.write(`\r\x1b[2K${text.slice(0, (this.stream.columns ?? 120) - 1)}`);
      this.drawn = true;
    } else if (Date.now() - this.lastPlain >= PLAIN_INTERVAL_MS || line.done >= line.total) {
      this.stream.write(`${text}\n`);
      this.lastPlain = Date.now();
    }
  }

  /** Ends the in-place line so that what follows starts on a fresh one. */
  finish(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
