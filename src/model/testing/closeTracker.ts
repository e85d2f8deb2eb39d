/**
 * An `ExpectClose` for the parity suites that also remembers the worst absolute error per label, so a
 * suite can print how close it came.
 */
import { expect } from 'vitest';
import { closeness } from './fixtures';
import type { ExpectClose } from './torchParity';

export function trackedExpectClose(worst: Record<string, number>): ExpectClose {
  return (label, actual, expected) => {
    const result = closeness(actual, expected);
    worst[label] = Math.max(worst[label] ?? 0, result.maxAbs);
    expect(result.failures, `${label}: ${result.worst} (max |Δ| ${result.maxAbs})`).toBe(0);
  };
}

/** The worst errors, rounded for a log line. */
export function describeWorst(worst: Record<string, number>): string {
  return JSON.stringify(worst, (_, value: unknown) => (typeof value === 'number' ? Number(value.toExponential(2)) : value));
}
