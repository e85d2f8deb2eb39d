/**
 * Whether the number fields of a form hold what an action may use. A NumberField passes up only valid
 * values, so with a field showing "0" the form's state still holds the last valid value: an action that
 * read that state would run with values other than those on screen. Each field reports its problem (or
 * null) under its label; an action is refused while any is left, and the refusal names every one.
 */

/** The range a number field accepts. */
export interface NumberLimits {
  min: number;
  max: number;
  isInteger?: boolean;
}

/** What is wrong with `text` typed into a field with `limits`, in words, or null when it is a valid value. */
export function numberProblem(text: string, { min, max, isInteger = false }: NumberLimits): string | null {
  const number = Number(text);
  if (text.trim() === '' || !Number.isFinite(number)) return 'Enter a number.';
  if (isInteger && !Number.isInteger(number)) return 'Enter a whole number.';
  if (number < min || number > max) return `Between ${min} and ${max}.`;
  return null;
}

/** The problems of a form's fields, by field label; a valid field has no entry. */
export type FieldProblems = Readonly<Record<string, string>>;

export const NO_FIELD_PROBLEMS: FieldProblems = Object.freeze({});

/**
 * `problems` with the field `label`'s problem set (or cleared with null). Unchanged problems give back the same
 * object, so a field that reports on every render causes no new render.
 */
export function withFieldProblem(problems: FieldProblems, label: string, problem: string | null): FieldProblems {
  if (problem === null) {
    if (!(label in problems)) return problems;
    const rest = { ...problems };
    delete rest[label];
    return rest;
  }
  return problems[label] === problem ? problems : { ...problems, [label]: problem };
}

export function hasFieldProblems(problems: FieldProblems): boolean {
  return Object.keys(problems).length > 0;
}

/**
 * Why `action` ("race", "train") cannot run, naming each invalid field and its range, e.g. "To race, fix Hidden size:
 * between 4 and 256; Training steps: between 10 and 5000."; null when every field is valid. The colon (not brackets)
 * keeps a label's own brackets readable: "Learning rate (Adam): between 0.00001 and 1".
 */
export function blockedReason(problems: FieldProblems, action: string): string | null {
  const parts = Object.entries(problems).map(([label, problem]) => `${label}: ${lowerFirst(problem.replace(/\.$/, ''))}`);
  if (parts.length === 0) return null;
  return `To ${action}, fix ${parts.join('; ')}.`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
