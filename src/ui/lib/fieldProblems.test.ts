import { describe, expect, it } from 'vitest';
import { blockedReason, hasFieldProblems, NO_FIELD_PROBLEMS, numberProblem, withFieldProblem } from './fieldProblems';

describe('numberProblem', () => {
  it('accepts values in range and names what is wrong otherwise', () => {
    expect(numberProblem('32', { min: 4, max: 256, isInteger: true })).toBeNull();
    expect(numberProblem('0.003', { min: 1e-5, max: 1 })).toBeNull();
    expect(numberProblem('0', { min: 4, max: 256, isInteger: true })).toBe('Between 4 and 256.');
    expect(numberProblem('-1', { min: 1e-5, max: 1 })).toBe('Between 0.00001 and 1.');
    expect(numberProblem('4.5', { min: 4, max: 256, isInteger: true })).toBe('Enter a whole number.');
    expect(numberProblem('', { min: 4, max: 256 })).toBe('Enter a number.');
    expect(numberProblem('  ', { min: 4, max: 256 })).toBe('Enter a number.');
  });
});

describe('field problems of a form', () => {
  it('blocks an action while any field is invalid, naming each one', () => {
    let problems = withFieldProblem(NO_FIELD_PROBLEMS, 'Hidden size', 'Between 4 and 256.');
    problems = withFieldProblem(problems, 'Learning rate (Adam)', 'Between 0.00001 and 1.');
    problems = withFieldProblem(problems, 'Training steps', 'Between 10 and 5000.');
    expect(hasFieldProblems(problems)).toBe(true);
    expect(blockedReason(problems, 'race')).toBe(
      'To race, fix Hidden size: between 4 and 256; Learning rate (Adam): between 0.00001 and 1; Training steps: between 10 and 5000.',
    );
  });

  it('lets the action run once every field is fixed again', () => {
    let problems = withFieldProblem(NO_FIELD_PROBLEMS, 'Hidden size', 'Between 4 and 256.');
    problems = withFieldProblem(problems, 'Training steps', 'Enter a whole number.');
    expect(blockedReason(problems, 'race')).toBe('To race, fix Hidden size: between 4 and 256; Training steps: enter a whole number.');
    problems = withFieldProblem(problems, 'Hidden size', null);
    expect(blockedReason(problems, 'race')).toBe('To race, fix Training steps: enter a whole number.');
    problems = withFieldProblem(problems, 'Training steps', null);
    expect(hasFieldProblems(problems)).toBe(false);
    expect(blockedReason(problems, 'race')).toBeNull();
  });

  it('keeps the same object when nothing changes (no render loop for fields that report every render)', () => {
    const problems = withFieldProblem(NO_FIELD_PROBLEMS, 'Epochs', 'Between 1 and 100.');
    expect(withFieldProblem(problems, 'Epochs', 'Between 1 and 100.')).toBe(problems);
    expect(withFieldProblem(problems, 'Batch size', null)).toBe(problems);
    expect(withFieldProblem(NO_FIELD_PROBLEMS, 'Epochs', null)).toBe(NO_FIELD_PROBLEMS);
  });
});
