/** Number formatting used across the screens, in one place so every screen reads the same. */

export function formatInteger(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function formatPercent(value: number, digits = 1): string {
  return `${(value * 100).toFixed(digits)}%`;
}

export function formatLogProb(value: number): string {
  return `(${value.toFixed(2)})`;
}

/**
 * A duration as the Train screen's ETA says it, short enough to stay on the progress line beside Epoch, Step and
 * Steps/s in the controls column: seconds under ten minutes, whole minutes under an hour (the seconds of a
 * 20-minute estimate are noise), hours and minutes past that.
 */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  if (whole < 600) return `${Math.floor(whole / 60)} min ${(whole % 60).toString().padStart(2, '0')} s`;
  const minutes = Math.round(whole / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${(minutes % 60).toString().padStart(2, '0')} min`;
}

export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && Math.abs(value) < 10 ** -digits) return value.toExponential(1);
  return value.toFixed(digits);
}

/** Plain words for anything thrown. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
