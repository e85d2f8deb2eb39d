import { cutTextEnding } from '../lib/exampleText';

interface ExampleCutNoteProps {
  /** The id the input names in aria-describedby, so a screen reader hears the note with the field. */
  id: string;
  /** The text as the screen reads it (already cut). */
  text: string;
  /** The limit it was cut at; nothing is drawn when null (the text is whole). */
  cutAt: number | null;
  /** Who reads the text on this screen ("Inspect", "Encode", "The diagram"). */
  reader: string;
}

/**
 * Said under an example-text input whenever a typed or pasted text was longer than the inputs take: a student who
 * pastes a long sentence must know that the verdict on screen is for a shorter one, and where it ends.
 */
export function ExampleCutNote({ id, text, cutAt, reader }: ExampleCutNoteProps) {
  if (cutAt === null) return null;
  return (
    <p id={id} className="warning-note" role="status" data-testid="example-cut-note">
      Cut at {cutAt} characters: {reader} reads the text up to “{cutTextEnding(text)}” and leaves out what followed.
    </p>
  );
}
