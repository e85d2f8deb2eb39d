/**
 * A kept run's name, edited in place: saved when the field is left, Escape puts the kept name back. The field is
 * uncontrolled (typing re-renders nothing), so a name changed from outside, as a run carried on to more epochs
 * renames itself while its name is still the app's own, is written into it, unless the student is editing it.
 */
import { useEffect, useRef } from 'react';
import { cleanRunName, RUN_NAME_MAX_LENGTH } from '../state/runRecord';

export function RunNameField({ name, onRename }: { name: string; onRename: (name: string) => void }) {
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const input = inputRef.current;
    if (input && document.activeElement !== input) input.value = name;
  }, [name]);
  return (
    <input
      ref={inputRef}
      type="text"
      className="run-name"
      aria-label="Run name"
      defaultValue={name}
      maxLength={RUN_NAME_MAX_LENGTH}
      onKeyDown={(event) => {
        // Escape cancels the edit: the kept name comes back, so leaving the field afterwards saves nothing.
        if (event.key === 'Escape') event.currentTarget.value = name;
      }}
      onBlur={(event) => {
        const cleaned = cleanRunName(event.target.value);
        // The field shows the name as kept (trimmed, 'Unnamed run' for an empty one).
        event.target.value = cleaned;
        if (cleaned !== name) onRename(cleaned);
      }}
      data-testid="run-name"
    />
  );
}
