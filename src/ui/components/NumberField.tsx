/**
 * A labelled number input that keeps what the user is typing (e.g. "0.0") and only reports valid
 * values in range; an out-of-range value is explained next to the field instead of being applied.
 */
import { useEffect, useId, useState } from 'react';

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
}

export function NumberField({ label, value, min, max, step, isInteger = false, onChange, testId, disabled }: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [problem, setProblem] = useState<string | null>(null);

  // Follow outside changes (a preset, an opened model) unless they equal what is typed.
  useEffect(() => {
    setText((current) => (Number(current) === value ? current : String(value)));
    setProblem(null);
  }, [value]);

  function commit(next: string) {
    setText(next);
    const number = Number(next);
    if (next.trim() === '' || !Number.isFinite(number)) {
      setProblem('Enter a number.');
    } else if (isInteger && !Number.isInteger(number)) {
      setProblem('Enter a whole number.');
    } else if (number < min || number > max) {
      setProblem(`Between ${min} and ${max}.`);
    } else {
      setProblem(null);
      if (number !== value) onChange(number);
    }
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
