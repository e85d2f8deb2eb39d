/**
 * The invalid number fields of one form (lib/fieldProblems.ts): pass `report` to each NumberField's
 * `onProblemChange`, and refuse the form's action while `problems` has an entry.
 */
import { useCallback, useState } from 'react';
import { NO_FIELD_PROBLEMS, withFieldProblem, type FieldProblems } from '../lib/fieldProblems';

export interface FieldProblemsState {
  problems: FieldProblems;
  /** Stable across renders, so a field's effect that calls it runs only when its own problem changes. */
  report(label: string, problem: string | null): void;
}

export function useFieldProblems(): FieldProblemsState {
  const [problems, setProblems] = useState<FieldProblems>(NO_FIELD_PROBLEMS);
  const report = useCallback((label: string, problem: string | null) => setProblems((previous) => withFieldProblem(previous, label, problem)), []);
  return { problems, report };
}
