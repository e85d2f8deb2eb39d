/**
 * The one word tokeniser: every word-level text goes through it, the training sentences that build a vocabulary and
 * the text a user types alike, so the two always agree.
 *
 * SST-2 comes tokenised Penn-Treebank style (`it 's charming , funny and moving .`, `do n't`, `-lrb-`, `` `` ``); a
 * sentence typed naturally (`It's charming, funny and moving.`) must give the same tokens, or `It's`, `charming,`
 * and `moving.` all fall to `<unk>`. So each whitespace-separated chunk is split the way PTB splits it: punctuation
 * off the ends, clitics off the word (`'s 'm 'd 'll 're 've n't`), brackets as `-lrb-`/`-rrb-`, double quotes as
 * `` `` `` and `''`, `/` and `*` escaped. Every rule leaves an already tokenised chunk as it is (`'s`, `n't`, `mr.`,
 * `u.s.`, `'70s`, `-lrb-`, `\/`), so the corpus gives exactly the tokens it gave when this split on spaces only
 * (wordTokens.test.ts checks every SST-2 sentence), and a tokenised text tokenises to itself. Each token also keeps
 * the characters it was typed as (`tokenizeAsTyped`), so the screen can show `“`, `’s` and `—` where the model reads
 * `` `` ``, `'s` and `--`.
 */

/** Titles kept with their period even before a capital ("Mr. Smith"); PTB keeps these whole. */
const TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'prof', 'vs']);
/** Abbreviations kept with their period before a lower-case word, a number or punctuation (the ones SST-2 has). */
const ABBREVIATIONS = new Set(['jr', 'sr', 'etc', 'inc', 'co', 'bros', 'al', 'sept', 'pa', 'wash']);
/** Words that begin with an apostrophe and are not an opening quote (`'em`, rock `'n'` roll, `'til`). */
const APOSTROPHE_WORDS = new Set(["'s", "'m", "'d", "'ll", "'re", "'ve", "'em", "'n", "'n'", "'til", "'cause", "'tis", "'twas", "ol'"]);
const OPENING_BRACKETS: Readonly<Record<string, string>> = { '(': '-lrb-', '[': '-lsb-', '{': '-lcb-' };
const CLOSING_BRACKETS: Readonly<Record<string, string>> = { ')': '-rrb-', ']': '-rsb-', '}': '-rcb-' };

/** A token and the characters of the input it was read from (`“` for `` `` ``, `(` for `-lrb-`, `10/10` for `10\/10`). */
export interface TypedToken {
  /** The token as the vocabulary and the model read it (PTB's form, lower-cased on request). */
  token: string;
  /** The input's own characters for it, as typed (case kept). */
  typed: string;
}

/**
 * Tokens of `text`, lower-cased on request (after splitting: whether a period ends a sentence depends on the next
 * word's capital). Runs of whitespace separate chunks; each chunk splits as PTB would.
 */
export function tokenize(text: string, lowercase = true): string[] {
  return tokenizeAsTyped(text, lowercase).map(({ token }) => token);
}

/**
 * `tokenize`, each token with the span of `text` it came from. The one place that knows which typed characters
 * became which token: the screen shows `typed` (the student's “ ” ’s —), the model reads `token` (PTB's `` '' 's --).
 */
export function tokenizeAsTyped(text: string, lowercase = true): TypedToken[] {
  const ascii = typographicToAscii(text);
  const tokens: TypedToken[] = [];
  const chunks = [...ascii.text.matchAll(/\S+/g)];
  chunks.forEach((chunk, position) => {
    let offset = chunk.index;
    for (const piece of splitChunk(chunk[0], chunks[position + 1]?.[0])) {
      const typed = text.slice(ascii.sourceStarts[offset], ascii.sourceEnds[offset + piece.length - 1]);
      tokens.push({ token: lowercase ? piece.token.toLowerCase() : piece.token, typed });
      offset += piece.length;
    }
  });
  return tokens;
}

/**
 * The tokens a word model read from `text`, for the screen: each in the characters the student typed for it,
 * lower-cased where the model lower-cased it (`It’s “great”` → `it`, `’s`, `“`, `great`, `”`). Tokens that are not
 * `tokenize`'s for this text (a vocabulary split on whitespace only reads each typed chunk whole) are already as
 * typed and are shown as they are.
 */
export function tokensAsTyped(text: string, tokens: readonly string[]): string[] {
  const read = tokenizeAsTyped(text, false);
  const isSameSplit = read.length === tokens.length && read.every(({ token }, position) => token === tokens[position] || token.toLowerCase() === tokens[position]);
  if (!isSameSplit) return [...tokens];
  return read.map(({ token, typed }, position) => (token === tokens[position] ? typed : typed.toLowerCase()));
}

/** Text with, for each of its UTF-16 units, the span [start, end) of the original text it stands for. */
interface MappedText {
  text: string;
  sourceStarts: number[];
  sourceEnds: number[];
}

/** Replace every match of the global `pattern`; each replacement's units stand for the whole span of their match. */
function replaceMapped(source: MappedText, pattern: RegExp, replacement: (match: string) => string): MappedText {
  if (source.text.search(pattern) === -1) return source; // the usual case: nothing to replace, nothing to copy
  const result: MappedText = { text: '', sourceStarts: [], sourceEnds: [] };
  const copy = (from: number, to: number) => {
    result.text += source.text.slice(from, to);
    for (let unit = from; unit < to; unit++) {
      result.sourceStarts.push(source.sourceStarts[unit]);
      result.sourceEnds.push(source.sourceEnds[unit]);
    }
  };
  let position = 0;
  for (const match of source.text.matchAll(pattern)) {
    copy(position, match.index);
    const replaced = replacement(match[0]);
    const start = source.sourceStarts[match.index];
    const end = source.sourceEnds[match.index + match[0].length - 1];
    result.text += replaced;
    for (let unit = 0; unit < replaced.length; unit++) {
      result.sourceStarts.push(start);
      result.sourceEnds.push(end);
    }
    position = match.index + match[0].length;
  }
  copy(position, source.text.length);
  return result;
}

/** Curly quotes, dashes and the ellipsis character as the corpus writes them; `/` and `*` escaped as PTB escapes them. */
function typographicToAscii(text: string): MappedText {
  const units = Array.from({ length: text.length }, (_, unit) => unit);
  let mapped: MappedText = { text, sourceStarts: units, sourceEnds: units.map((unit) => unit + 1) };
  const rules: [RegExp, (match: string) => string][] = [
    [/[\u2019\u02bc]/g, () => "'"],
    [/\u2018/g, () => '`'],
    [/\u201c/g, () => '``'],
    [/\u201d/g, () => "''"],
    [/\u2026/g, () => '...'],
    [/[\u2013\u2014]/g, () => '--'],
    [/-{2,}/g, () => ' -- '], // a dash is a token even between words (great--really), as in the corpus
    [/(?<!\\)[/*]/g, (match) => `\\${match}`],
  ];
  for (const [pattern, replacement] of rules) mapped = replaceMapped(mapped, pattern, replacement);
  return mapped;
}

/** A token and how many characters of its chunk it was read from. */
interface ChunkPiece {
  token: string;
  length: number;
}

/** One whitespace-free chunk → its tokens, in order and covering it. `next` is the following chunk, to tell "Mr. Smith" from "fun. The". */
function splitChunk(chunk: string, next: string | undefined): ChunkPiece[] {
  if (isWholeToken(chunk)) return [{ token: chunk, length: chunk.length }];
  const head: ChunkPiece[] = [];
  const tail: ChunkPiece[] = [];
  let core = chunk;
  // Opening punctuation, left to right.
  for (;;) {
    if (core.startsWith('``') || core.startsWith('"')) {
      const length = core.startsWith('"') ? 1 : 2;
      head.push({ token: '``', length });
      core = core.slice(length);
    } else if (core[0] in OPENING_BRACKETS) {
      head.push({ token: OPENING_BRACKETS[core[0]], length: 1 });
      core = core.slice(1);
    } else if (core.length > 1 && (core[0] === '$' || core[0] === '#' || core[0] === '`')) {
      head.push({ token: core[0], length: 1 });
      core = core.slice(1);
    } else break;
    if (isWholeToken(core)) break;
  }
  // Closing punctuation, right to left (so `fun."` is fun . '').
  while (core !== '' && !isWholeToken(core)) {
    const peeled = peelEnd(core, tail[0]?.token ?? next);
    if (peeled === null) break;
    tail.unshift({ token: peeled.token, length: core.length - peeled.rest.length });
    core = peeled.rest;
  }
  // An apostrophe opening a word that is not a clitic or an elision ('em, '70s) is an opening single quote: `.
  if (core.length > 1 && core.startsWith("'") && !isWholeToken(core) && !/^'\d/.test(core)) {
    head.push({ token: '`', length: 1 });
    core = core.slice(1);
  }
  const words = splitWord(core).map((token) => ({ token, length: token.length }));
  return [...head, ...words, ...tail].filter((piece) => piece.token !== '');
}

/** Tokens the corpus already has that no rule may cut: punctuation tokens, `-lrb-`, `'s`, `n't`, `'n'`. */
function isWholeToken(chunk: string): boolean {
  return (
    /^(\.+|[?!]+|[,;:%&=+-]|--|``|''|`|'|\$|#|-[lr][rsc]b-)$/.test(chunk) ||
    APOSTROPHE_WORDS.has(chunk.toLowerCase()) ||
    /^n't$/i.test(chunk)
  );
}

/** The last punctuation token of `core` and what is left, or null if `core` ends in a word. */
function peelEnd(core: string, next: string | undefined): { token: string; rest: string } | null {
  const cut = (length: number, token = core.slice(-length)) => ({ token, rest: core.slice(0, -length) });
  if (core.endsWith("''")) return cut(2);
  if (core.endsWith('"')) return cut(1, "''");
  const last = core[core.length - 1];
  if (last in CLOSING_BRACKETS) return cut(1, CLOSING_BRACKETS[last]);
  if (/[,;:%]/.test(last)) return cut(1);
  const marks = /[?!]+$/.exec(core);
  if (marks) return cut(marks[0].length);
  const dots = /\.{2,}$/.exec(core);
  if (dots) return cut(dots[0].length, '...');
  // A closing single quote or a plural possessive (the films' ending): ' is its own token, as in the corpus.
  if (last === "'" && /[\p{L}\p{N}]'$/u.test(core)) return cut(1);
  if (last === '.' && !keepsPeriod(core, next)) return cut(1);
  return null;
}

/**
 * Whether `word.` is an abbreviation (keeps its period) rather than a word ending a sentence. Initials (`u.s.`, `j.`)
 * and the listed abbreviations keep it; at the end of the text or before a capital only initials and titles do, and
 * never the one-letter words "a" and "i" (they end sentences as words). Before a separate "." a period is always the
 * abbreviation's (the corpus writes `etc. .`), and "no." is one only before a number (`no. 1`).
 */
function keepsPeriod(word: string, next: string | undefined): boolean {
  const stem = word.slice(0, -1).toLowerCase();
  if (next === '.') return true;
  const isInitials = /^(\p{L}\.)*\p{L}$/u.test(stem) && stem !== 'a' && stem !== 'i';
  if (next === undefined) return isInitials;
  if (/^["'`([]*\p{Lu}/u.test(next)) return isInitials || TITLES.has(stem);
  if (stem === 'no') return /^\d/.test(next);
  return isInitials || stem === 'a' || stem === 'i' || TITLES.has(stem) || ABBREVIATIONS.has(stem);
}

/** Clitics off a word as PTB splits them: don't → do n't, can't → ca n't, it's → it 's, cannot → can not. */
function splitWord(word: string): string[] {
  const negation = /^(.*[\p{L}\p{N}])(n't)$/iu.exec(word);
  if (negation) return [negation[1], negation[2]];
  const clitic = /^(.*[\p{L}\p{N}])('s|'m|'d|'ll|'re|'ve)$/iu.exec(word);
  if (clitic) return [...splitWord(clitic[1]), clitic[2]];
  const cannot = /^(can)(not)$/i.exec(word);
  if (cannot) return [cannot[1], cannot[2]];
  return [word];
}
