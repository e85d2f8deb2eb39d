/**
 * Features of a text, one number per character, and the ranking of hidden units by how well their activation
 * follows a feature (Pearson correlation over the characters), as Karpathy, Johnson and Fei-Fei's
 * "Visualizing and Understanding Recurrent Networks" looks for quote, bracket and line-length cells. A
 * student picks a built-in feature or writes a regular expression (characters inside a match are 1); no
 * user code is ever evaluated as JavaScript.
 */

/** The built-in features, in the order the picker lists them. */
export const BUILTIN_FEATURES = ['inside-quotes', 'inside-brackets', 'position-in-word', 'position-in-line', 'vowel', 'whitespace', 'uppercase', 'digit', 'punctuation'] as const;
export type BuiltinFeature = (typeof BUILTIN_FEATURES)[number];

/** What each feature measures, for the picker and the legend. */
export const FEATURE_LABELS: Record<BuiltinFeature, string> = {
  'inside-quotes': 'inside "quotes" (1 inside, 0 outside)',
  'inside-brackets': 'inside brackets ( [ { (nesting depth)',
  'position-in-word': 'position in the word (0 outside words)',
  'position-in-line': 'position in the line (characters since the line began)',
  vowel: 'vowel (Latin, Greek, Cyrillic)',
  whitespace: 'space or line end',
  uppercase: 'capital letter',
  digit: 'digit',
  punctuation: 'punctuation',
};

/** A feature or pattern the ranking cannot use, in the user's words. */
export class FeatureError extends Error {
  override name = 'FeatureError';
}

const OPENING_QUOTES = new Set(['“', '«', '„', '‘']);
const CLOSING_QUOTES = new Set(['”', '»', '’']);
const STRAIGHT_QUOTES = new Set(['"']);
const OPENING_BRACKETS = new Set(['(', '[', '{']);
const CLOSING_BRACKETS = new Set([')', ']', '}']);
const VOWELS = new Set([...'aeiouyAEIOUYαεηιουωΑΕΗΙΟΥΩаеёиоуыэюяАЕЁИОУЫЭЮЯ']);
const WORD_CHARACTER = /[\p{L}\p{M}\p{N}]/u;

function isVowel(character: string): boolean {
  // Accented vowels count: the base letter decides (é → e).
  return VOWELS.has(character) || VOWELS.has(character.normalize('NFD')[0]);
}

/** The value of a built-in feature at every character. */
export function featureValues(characters: readonly string[], feature: BuiltinFeature): Float64Array {
  const values = new Float64Array(characters.length);
  switch (feature) {
    case 'inside-quotes': {
      let isInside = false;
      characters.forEach((character, position) => {
        if (STRAIGHT_QUOTES.has(character)) isInside = !isInside;
        else if (OPENING_QUOTES.has(character)) isInside = true;
        else if (CLOSING_QUOTES.has(character)) isInside = false;
        else values[position] = isInside ? 1 : 0;
      });
      return values;
    }
    case 'inside-brackets': {
      let depth = 0;
      characters.forEach((character, position) => {
        if (OPENING_BRACKETS.has(character)) depth++;
        else if (CLOSING_BRACKETS.has(character)) depth = Math.max(0, depth - 1);
        else values[position] = depth;
      });
      return values;
    }
    case 'position-in-word': {
      let run = 0;
      characters.forEach((character, position) => {
        run = WORD_CHARACTER.test(character) ? run + 1 : 0;
        values[position] = run;
      });
      return values;
    }
    case 'position-in-line': {
      let column = 0;
      characters.forEach((character, position) => {
        values[position] = column;
        column = character === '\n' ? 0 : column + 1;
      });
      return values;
    }
    case 'vowel':
      return mark(characters, isVowel);
    case 'whitespace':
      return mark(characters, (character) => /\s/u.test(character));
    case 'uppercase':
      return mark(characters, (character) => /\p{Lu}/u.test(character));
    case 'digit':
      return mark(characters, (character) => /\p{Nd}/u.test(character));
    case 'punctuation':
      return mark(characters, (character) => /\p{P}/u.test(character));
  }
}

function mark(characters: readonly string[], test: (character: string) => boolean): Float64Array {
  return Float64Array.from(characters, (character) => (test(character) ? 1 : 0));
}

/** Longest pattern accepted. */
export const MAX_PATTERN_LENGTH = 200;

/**
 * 1 for every character inside a match of `pattern` (a JavaScript regular expression, Unicode mode, all
 * matches), else 0. Patterns with a quantified group that is itself repeated — `(a+)+`, `(\w*)*` — are refused:
 * on a few thousand characters they can backtrack for minutes and freeze the tab.
 */
export function patternValues(characters: readonly string[], pattern: string): Float64Array {
  if (pattern.trim() === '') throw new FeatureError('Write a pattern first, for example [aeiou] or \\d+ or "[^"]*".');
  if (pattern.length > MAX_PATTERN_LENGTH) throw new FeatureError(`The pattern is ${pattern.length} characters long; at most ${MAX_PATTERN_LENGTH} are accepted.`);
  if (/\([^()]*[+*}][^()]*\)\s*[+*{]/.test(pattern)) {
    throw new FeatureError('A repeated group that itself repeats, like (a+)+, can take minutes to match; write it without the outer repeat.');
  }
  let expression: RegExp;
  try {
    expression = new RegExp(pattern, 'gu');
  } catch (error) {
    throw new FeatureError(`The pattern is not a valid regular expression: ${(error as Error).message}`);
  }
  // Offsets in UTF-16 code units → character (code point) index.
  const text = characters.join('');
  const characterAt = new Int32Array(text.length + 1);
  let unit = 0;
  characters.forEach((character, index) => {
    for (let k = 0; k < character.length; k++) characterAt[unit + k] = index;
    unit += character.length;
  });
  characterAt[text.length] = characters.length;
  const values = new Float64Array(characters.length);
  for (const match of text.matchAll(expression)) {
    const start = match.index;
    const end = start + match[0].length;
    for (let position = characterAt[start]; position < characterAt[end]; position++) values[position] = 1;
  }
  return values;
}

/** One unit's agreement with a feature. */
export interface RankedUnit {
  unit: number;
  /** Pearson correlation of the unit's activation with the feature over the characters, in [−1, 1]. */
  correlation: number;
}

/**
 * Units of `activations` (`[T·H]` row-major, row t = after reading character t) ordered by |correlation|
 * with `feature` (`[T]`), strongest first; a unit that never changes gets 0.
 */
export function rankUnits(activations: Float32Array, hiddenSize: number, feature: ArrayLike<number>): RankedUnit[] {
  const count = feature.length;
  if (activations.length !== count * hiddenSize) throw new RangeError(`${activations.length} activations are not ${count} characters × ${hiddenSize} units.`);
  let featureMean = 0;
  for (let t = 0; t < count; t++) featureMean += feature[t];
  featureMean /= Math.max(1, count);
  let featureSquares = 0;
  for (let t = 0; t < count; t++) featureSquares += (feature[t] - featureMean) ** 2;
  if (count < 2 || featureSquares === 0) throw new FeatureError('The feature has the same value at every character of this text, so no unit can follow it: pick another feature or another text.');
  const ranked: RankedUnit[] = [];
  for (let unit = 0; unit < hiddenSize; unit++) {
    let mean = 0;
    for (let t = 0; t < count; t++) mean += activations[t * hiddenSize + unit];
    mean /= count;
    let covariance = 0;
    let squares = 0;
    for (let t = 0; t < count; t++) {
      const centred = activations[t * hiddenSize + unit] - mean;
      covariance += centred * (feature[t] - featureMean);
      squares += centred * centred;
    }
    ranked.push({ unit, correlation: squares === 0 ? 0 : covariance / Math.sqrt(squares * featureSquares) });
  }
  return ranked.sort((a, b) => Math.abs(b.correlation) - Math.abs(a.correlation) || a.unit - b.unit);
}

/** One unit's activation at every character (a column of `activations`). */
export function unitColumn(activations: Float32Array, hiddenSize: number, unit: number): Float32Array {
  const count = activations.length / hiddenSize;
  const column = new Float32Array(count);
  for (let t = 0; t < count; t++) column[t] = activations[t * hiddenSize + unit];
  return column;
}
