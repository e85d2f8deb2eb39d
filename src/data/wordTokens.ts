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
 * (wordTokens.test.ts checks every SST-2 sentence), and a tokenised text tokenises to itself.
 */

/** Titles kept with their period even before a capital ("Mr. Smith"); PTB keeps these whole. */
const TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'prof', 'vs']);
/** Abbreviations kept with their period before a lower-case word, a number or punctuation (the ones SST-2 has). */
const ABBREVIATIONS = new Set(['jr', 'sr', 'etc', 'inc', 'co', 'bros', 'al', 'sept', 'pa', 'wash']);
/** Words that begin with an apostrophe and are not an opening quote (`'em`, rock `'n'` roll, `'til`). */
const APOSTROPHE_WORDS = new Set(["'s", "'m", "'d", "'ll", "'re", "'ve", "'em", "'n", "'n'", "'til", "'cause", "'tis", "'twas", "ol'"]);
const OPENING_BRACKETS: Readonly<Record<string, string>> = { '(': '-lrb-', '[': '-lsb-', '{': '-lcb-' };
const CLOSING_BRACKETS: Readonly<Record<string, string>> = { ')': '-rrb-', ']': '-rsb-', '}': '-rcb-' };

/**
 * Tokens of `text`, lower-cased on request (after splitting: whether a period ends a sentence depends on the next
 * word's capital). Runs of whitespace separate chunks; each chunk splits as PTB would.
 */
export function tokenize(text: string, lowercase = true): string[] {
  const chunks = typographicToAscii(text)
    .split(/\s+/)
    .filter((chunk) => chunk !== '');
  const tokens = chunks.flatMap((chunk, position) => splitChunk(chunk, chunks[position + 1]));
  return lowercase ? tokens.map((token) => token.toLowerCase()) : tokens;
}

/** Curly quotes, dashes and the ellipsis character as the corpus writes them; `/` and `*` escaped as PTB escapes them. */
function typographicToAscii(text: string): string {
  return text
    .replace(/[\u2019\u02bc]/g, "'")
    .replace(/\u2018/g, '`')
    .replace(/\u201c/g, '``')
    .replace(/\u201d/g, "''")
    .replace(/\u2026/g, '...')
    .replace(/[\u2013\u2014]/g, '--')
    .replace(/-{2,}/g, ' -- ') // a dash is a token even between words (great--really), as in the corpus
    .replace(/(?<!\\)([/*])/g, '\\$1');
}

/** One whitespace-free chunk → its tokens. `next` is the following chunk (as typed), to tell "Mr. Smith" from "fun. The". */
function splitChunk(chunk: string, next: string | undefined): string[] {
  if (isWholeToken(chunk)) return [chunk];
  const head: string[] = [];
  const tail: string[] = [];
  let core = chunk;
  // Opening punctuation, left to right.
  for (;;) {
    if (core.startsWith('``') || core.startsWith('"')) {
      head.push('``');
      core = core.slice(core.startsWith('"') ? 1 : 2);
    } else if (core[0] in OPENING_BRACKETS) {
      head.push(OPENING_BRACKETS[core[0]]);
      core = core.slice(1);
    } else if (core.length > 1 && (core[0] === '$' || core[0] === '#' || core[0] === '`')) {
      head.push(core[0]);
      core = core.slice(1);
    } else break;
    if (isWholeToken(core)) break;
  }
  // Closing punctuation, right to left (so `fun."` is fun . '').
  while (core !== '' && !isWholeToken(core)) {
    const peeled = peelEnd(core, tail[0] ?? next);
    if (peeled === null) break;
    tail.unshift(peeled.token);
    core = peeled.rest;
  }
  // An apostrophe opening a word that is not a clitic or an elision ('em, '70s) is an opening single quote: `.
  if (core.length > 1 && core.startsWith("'") && !isWholeToken(core) && !/^'\d/.test(core)) {
    head.push('`');
    core = core.slice(1);
  }
  return [...head, ...splitWord(core), ...tail].filter((token) => token !== '');
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

/** PTB's escapes of brackets and double quotes, back to the characters a reader types. */
const DISPLAY_OF_ESCAPE: Readonly<Record<string, string>> = {
  '-lrb-': '(',
  '-rrb-': ')',
  '-lsb-': '[',
  '-rsb-': ']',
  '-lcb-': '{',
  '-rcb-': '}',
  '``': '"',
  "''": '"',
  '`': "'",
};

/**
 * A token as a person writes it, for the screen only: the model still reads the PTB token. `-lrb-` → `(`, `` `` ``
 * and `''` → `"`, the opening single quote `` ` `` → `'`, and the escaped `\/` and `\*` inside a token (`10\/10`,
 * `and\/or`) → `/` and `*`. A curly quote typed as `“` shows as the straight `"` it was read as; case stays lowered,
 * as the model reads it. Any other token is shown as it is.
 */
export function displayToken(token: string): string {
  const lowered = token.toLowerCase();
  if (lowered in DISPLAY_OF_ESCAPE) return DISPLAY_OF_ESCAPE[lowered];
  return token.replace(/\\([/*])/g, '$1');
}
