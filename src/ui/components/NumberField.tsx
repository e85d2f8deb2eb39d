/**
 * A labelled number input that keeps what the user is typing (e.g. "0.0") and only reports valid
 * values in range; an out-of-range value is explained next to the field instead of being applied.
 * Because the form then still holds the last valid value, the field also reports whether what it shows is
 * valid (`onProblemChange`, under its label): the form refuses its action until it is (hooks/useFieldProblems).
 */
import { useEffect, useId, useState } from 'react';
import { numberProblem } from '../lib/fieldProblems';

interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number | 'any';
  isInteger?: boolean;
  onChange: (value: number) => void;
  testId?: string;
  disabled?: boolean;
  /** Told the field's problem in words whenever it changes, null once valid again or when the field goes away. */
  onProblemChange?: (label: string, problem: string | null) => void;
}

export function NumberField({ label, value, min, max, step, isInteger = false, onChange, testId, disabled, onProblemChange }: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [problem, setProblem] = useState<string | null>(null);

  // Follow outside changes (a preset, an opened model) unless they equal what is typed.
  useEffect(() => {
    setText((current) => (Number(current) === value ? current : String(value)));
    setProblem(null);
  }, [value]);
  // A disabled field (Layers once the tutorial's network is chosen) can be neither fixed nor read: it shows the
  // value in use and holds nothing back, or the form's action would stay refused over a field nobody can edit.
  useEffect(() => {
    if (!disabled) return;
    setText(String(value));
    setProblem(null);
  }, [disabled, value]);

  useEffect(() => {
    onProblemChange?.(label, problem);
  }, [onProblemChange, label, problem]);
  // A field that goes away (presenter mode, clipping turned off) no longer holds anything back.
  useEffect(() => () => onProblemChange?.(label, null), [onProblemChange, label]);

  function commit(next: string) {
    setText(next);
    const found = numberProblem(next, { min, max, isInteger });
    setProblem(found);
    if (found === null && Number(next) !== value) onChange(Number(next));
  }

  return (
    <div className="number-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode={isInteger ? 'numeric' : 'decimal'}
        value={text}
        min={min}
        max={max}
        step={step ?? (isInteger ? 1 : 'any')}
        onChange={(event) => commit(event.target.value)}
        aria-invalid={problem !== null}
        aria-describedby={problem ? `${id}-problem` : undefined}
        data-testid={testId}
        disabled={disabled}
      />
      {problem && (
        <span id={`${id}-problem`} className="field-problem" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}
