/**
 * A kept run's name, edited in place: saved when the field is left, Escape puts the kept name back. The field is
 * uncontrolled (typing re-renders nothing), so a name changed from outside, as a run carried on to more epochs
 * renames itself while its name is still the app's own, is written into it, unless the student is editing it.
 * A one-line name in a text area: a name longer than its line (a race's default on a phone) wraps onto a second
 * line instead of scrolling inside the field; Enter adds no line break, and one pasted in is kept as a space.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { cleanRunName, RUN_NAME_MAX_LENGTH } from '../state/runRecord';

/** Whether the browser sizes the field to its text itself (field-sizing: content; not in every browser yet). */
const sizesItself = (): boolean => typeof CSS === 'undefined' || CSS.supports('field-sizing', 'content');

/** Where the browser does not, the text area's height is set to its text's by hand. */
function fitHeight(field: HTMLTextAreaElement): void {
  if (sizesItself()) return;
  field.style.height = 'auto';
  field.style.height = `${field.scrollHeight + field.offsetHeight - field.clientHeight}px`;
}

export function RunNameField({ name, onRename }: { name: string; onRename: (name: string) => void }) {
  const inputRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const input = inputRef.current;
    if (input && document.activeElement !== input) input.value = name;
    if (input) fitHeight(input);
  }, [name]);
  useLayoutEffect(() => {
    const input = inputRef.current;
    if (!input || typeof ResizeObserver === 'undefined' || sizesItself()) return;
    // The line's width changes with the window: the name may wrap onto more or fewer lines.
    const observer = new ResizeObserver(() => fitHeight(input));
    observer.observe(input.parentElement ?? input);
    return () => observer.disconnect();
  }, []);
  return (
    <textarea
      ref={inputRef}
      className="run-name"
      aria-label="Run name"
      rows={1}
      defaultValue={name}
      maxLength={RUN_NAME_MAX_LENGTH}
      onKeyDown={(event) => {
        // Escape cancels the edit: the kept name comes back, so leaving the field afterwards saves nothing.
        if (event.key === 'Escape') event.currentTarget.value = name;
        // A name is one line: Enter breaks none (the field wraps a long name by itself).
        if (event.key === 'Enter') event.preventDefault();
      }}
      onInput={(event) => fitHeight(event.currentTarget)}
      onBlur={(event) => {
        const cleaned = cleanRunName(event.target.value.replace(/\s*[\r\n]+\s*/g, ' '));
        // The field shows the name as kept (trimmed, 'Unnamed run' for an empty one).
        event.target.value = cleaned;
        fitHeight(event.target);
        if (cleaned !== name) onRename(cleaned);
      }}
      data-testid="run-name"
    />
  );
}
