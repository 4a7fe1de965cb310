/** A progress display for long CLI work. */
export interface ProgressBar {
  /** Sets the number of completed units and an optional label (e.g. the current file). */
  update(done: number, label?: string): void;
  /** Ends the bar (prints the final state). */
  finish(label?: string): void;
}

export interface ProgressBarOptions {
  /** Stream to draw on. @default process.stderr */
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Text before the bar. @default '' */
  title?: string;
  /** Units: 'items' prints `3/10`, 'bytes' prints MB. @default 'items' */
  unit?: 'items' | 'bytes';
  /** Without a TTY, print a line at most this often (ms); `0` disables non-TTY output. @default 5000 */
  plainInterval?: number;
}

const formatAmount = (n: number, unit: 'items' | 'bytes'): string => (unit === 'bytes' ? `${(n / 1e6).toFixed(1)} MB` : String(n));

/**
 * A progress bar: redrawn in place on a terminal, occasional plain lines otherwise (logs, CI).
 * @param total - the number of units of work (> 0).
 */
export function createProgressBar(total: number, options: ProgressBarOptions = {}): ProgressBar {
  if (!Number.isFinite(total) || total < 0) throw new RangeError(`createProgressBar: total must be a non-negative number, got ${total}`);
  const stream = options.stream ?? process.stderr;
  const tty = Boolean((stream as { isTTY?: boolean }).isTTY);
  const unit = options.unit ?? 'items';
  const title = options.title ? `${options.title} ` : '';
  const plainInterval = options.plainInterval ?? 5000;
  const started = Date.now();
  let lastPlain = 0;
  let lastDraw = 0;

  const line = (done: number, label?: string): string => {
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const elapsed = (Date.now() - started) / 1000;
    const eta = frac > 0 && frac < 1 ? ` eta ${Math.round((elapsed / frac) * (1 - frac))} s` : '';
    const width = 24;
    const filled = Math.round(frac * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    return `${title}${bar} ${Math.round(frac * 100)}% ${formatAmount(done, unit)}/${formatAmount(total, unit)}${eta}${label ? ` ${label}` : ''}`;
  };

  return {
    update(done: number, label?: string) {
      const now = Date.now();
      if (tty) {
        if (now - lastDraw < 80 && done < total) return;
        lastDraw = now;
        const cols = (stream as { columns?: number }).columns ?? 100;
        stream.write(`\r${line(done, label).slice(0, cols - 1).padEnd(cols - 1)}`);
      } else if (plainInterval > 0 && now - lastPlain >= plainInterval) {
        lastPlain = now;
        stream.write(`${line(done, label)}\n`);
      }
    },
    finish(label?: string) {
      const text = `${line(total, label)} in ${((Date.now() - started) / 1000).toFixed(1)} s`;
      stream.write(tty ? `\r${text}\n` : `${text}\n`);
    },
  };
}
