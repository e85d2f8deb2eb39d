import { describe, expect, it } from 'vitest';
import type { GeneratedText } from '../../model/types';
import { compareForcing, divergenceStep } from './teacherForcing';

const ALPHABET = 'abc';
/** A row of log-probabilities over a, b, c, <EOS> from plain probabilities. */
const row = (...probabilities: number[]) => probabilities.map(Math.log);

function freeRun(symbols: string[]): GeneratedText {
  return { condition: 'A', text: symbols.filter((symbol) => symbol !== '<EOS>').join(''), steps: symbols.map((symbol) => ({ symbol, logProb: 0, top: [] })), ended: symbols.at(-1) === '<EOS>' };
}

describe('compareForcing', () => {
  const scored = [row(0.5, 0.3, 0.1, 0.1), row(0.2, 0.1, 0.6, 0.1), row(0.1, 0.1, 0.1, 0.7)];

  it('reads the true symbol probability and the teacher-forced best at each step, EOS last', () => {
    const steps = compareForcing(['a', 'b', '<EOS>'], scored, freeRun(['a', 'b', '<EOS>']), ALPHABET);
    expect(steps.map((step) => step.truth)).toEqual(['a', 'b', '<EOS>']);
    expect(steps.map((step) => step.truthProbability)).toEqual([0.5, 0.1, 0.7].map((p) => expect.closeTo(p, 12)));
    expect(steps.map((step) => step.forcedBest)).toEqual(['a', 'c', '<EOS>']);
    expect(steps[1].forcedBestProbability).toBeCloseTo(0.6, 12);
    expect(divergenceStep(steps)).toBeNull();
  });

  it('marks every step from the first free-running choice that leaves the name, and a run that ended early', () => {
    const steps = compareForcing(['a', 'b', '<EOS>'], scored, freeRun(['a', 'c', 'a', '<EOS>']), ALPHABET);
    expect(steps.map((step) => step.hasDiverged)).toEqual([false, true, true]);
    expect(divergenceStep(steps)).toBe(1);
    const short = compareForcing(['a', 'b', '<EOS>'], scored, freeRun(['a']), ALPHABET);
    expect(short.map((step) => step.free)).toEqual(['a', null, null]);
    expect(divergenceStep(short)).toBe(1);
  });

  it('refuses scores that do not match the symbols', () => {
    expect(() => compareForcing(['a', 'b', 'c', '<EOS>'], scored, freeRun([]), ALPHABET)).toThrow('Expected 4 scored steps, got 3.');
  });
});
