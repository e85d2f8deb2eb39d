/**
 * One field of a kept settings record, read back safely: the stored value where it is one of the allowed ones, the
 * fallback (the field's default) where it is not. Each field falls back on its own, so one bad field keeps the others.
 */
import type { NumberLimits } from '../lib/fieldProblems';

/** `value` if it is one of `allowed`, else `fallback`. */
export function storedChoice<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.find((item) => item === value) ?? fallback;
}

/** `value` if it is a finite number within `limits` (whole where they say so), else `fallback`. */
export function storedNumber(value: unknown, { min, max, isInteger }: Required<NumberLimits>, fallback: number): number {
  const isValid = typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max && (!isInteger || Number.isInteger(value));
  return isValid ? value : fallback;
}
