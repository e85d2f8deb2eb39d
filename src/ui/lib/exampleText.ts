/**
 * How long a text Encode, Model's "Unroll over" and Inspect take, and how a longer one is cut. Every example of the
 * built-in data sets fits whole: names are at most 20 letters, SST-2's longest sentence is 283 characters (56
 * tokens). The limit protects Inspect's trace, which runs the network over every prefix of the text (a `[T, T]`
 * batch), so its cost grows with the square of the symbols it unrolls over:
 * - a character model unrolls once per character: 200 characters, 200 steps;
 * - a word model once per token, at most one per two characters (a one-letter word and a space): 400 characters
 *   are at most 200 tokens, the character level's cost, and about 75 words of SST-2's 5.4 characters a token.
 * (Training reads at most MAX_SEQUENCE_LENGTH symbols of an example; an upload's longer examples are cut there.)
 */
import type { InputLevel } from '../../data/types';

/** Most characters (code points) of an example text, per input level. */
export const EXAMPLE_TEXT_LIMITS: Readonly<Record<InputLevel, number>> = { chars: 200, words: 400 };

/** The longest example text any level takes: a link's `text=` is kept up to this before its task's level is known. */
export const LONGEST_EXAMPLE_TEXT = Math.max(...Object.values(EXAMPLE_TEXT_LIMITS));

/**
 * A typed, pasted or linked text as it is kept: a pasted megabyte only as far as it matters, past every level's
 * limit (in UTF-16 units, two per code point at most), so it still reads as cut.
 */
export function keptExampleText(text: string): string {
  return text.slice(0, 2 * LONGEST_EXAMPLE_TEXT + 2);
}

/** An example text as the inputs read it, and where it was cut (null when it fits whole). */
export interface ExampleTextRead {
  text: string;
  /** The limit it was cut at, in characters; null when nothing was left out. */
  cutAt: number | null;
}

/**
 * `text` cut to its level's limit, by code point so an emoji is never split in half; a word model's text at the
 * last whole word before it (the stub of a cut word, "excha", would be read as an unknown word nobody typed).
 */
export function readExampleText(text: string, level: InputLevel): ExampleTextRead {
  const limit = EXAMPLE_TEXT_LIMITS[level];
  const characters = Array.from(text);
  if (characters.length <= limit) return { text, cutAt: null };
  let end = limit;
  if (level === 'words' && !/\s/u.test(characters[limit])) {
    const lastSpace = characters.slice(0, limit).findLastIndex((character) => /\s/u.test(character));
    if (lastSpace > 0) end = lastSpace;
  }
  return { text: characters.slice(0, end).join(''), cutAt: limit };
}

/** The last few words of a cut text, to show where it now ends ("…in favor o"). */
export function cutTextEnding(text: string, characters = 24): string {
  const all = Array.from(text);
  return all.length <= characters ? text : `…${all.slice(-characters).join('')}`;
}
