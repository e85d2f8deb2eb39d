/**
 * Progress output shared by the training commands: a bar with ETA on stderr.
 */

/** `m:ss`. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** One-line progress bar, redrawn in place on a terminal, every 10% otherwise. */
export function progressBar(): (done: number, total: number, label: string, elapsedSeconds: number) => void {
  let lastDecile = -1;
  return (done, total, label, elapsedSeconds) => {
    const fraction = total === 0 ? 1 : done / total;
    const width = 30;
    const filled = Math.round(fraction * width);
    const eta = done === 0 ? '?' : formatDuration((elapsedSeconds / done) * (total - done));
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label} ETA ${eta}`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
    else if (Math.floor(fraction * 10) !== lastDecile) {
      lastDecile = Math.floor(fraction * 10);
      process.stderr.write(`${line}\n`);
    }
  };
}
