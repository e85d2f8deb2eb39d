import { describe, expect, it } from 'vitest';
import { readSst2Files, resolveDataDir } from '../cli/dataDir';
import { parseSst2, prepareSst2Dataset, vocabularyFromDataset } from './sst2';
import { encodeWords } from './vocabulary';
import { tokenize, tokenizeAsTyped, tokensAsTyped } from './wordTokens';

/** Natural text → the corpus's PTB form (how SST-2 writes the same sentence). */
const TYPED_AS_CORPUS: [string, string][] = [
  ["It's charming, funny and moving.", "it 's charming , funny and moving ."],
  ["I don't like it. They can't act, won't try and we're bored!", "i do n't like it . they ca n't act , wo n't try and we 're bored !"],
  ["I'm sure he'd say we'll see what they've done; I cannot.", "i 'm sure he 'd say we 'll see what they 've done ; i can not ."],
  ['Mr. Smith (the lead) is from the U.S. and says "wow" -- really?!', "mr. smith -lrb- the lead -rrb- is from the u.s. and says `` wow '' -- really ?!"],
  ["The films' ending is 'great' and/or dull... No. 1 in the '70s: $9.50.", "the films ' ending is ` great ' and\\/or dull ... no. 1 in the '70s : $ 9.50 ."],
  ['So did I. Then it ended with Jason X.', 'so did i . then it ended with jason x.'],
  ['It\u2019s \u201cgreat\u201d\u2014really\u2026', "it 's `` great '' -- really ..."],
  ["Rock 'n' roll, ol' man, see 'em. Say no.", "rock 'n' roll , ol' man , see 'em . say no ."],
];

describe('tokenize', () => {
  it('splits on runs of whitespace and lower-cases on request', () => {
    expect(tokenize("  it 's  not\tGood .\n")).toEqual(['it', "'s", 'not', 'good', '.']);
    expect(tokenize('Not Good', false)).toEqual(['Not', 'Good']);
    expect(tokenize('   ')).toEqual([]);
  });

  it.each(TYPED_AS_CORPUS)('reads %j as the corpus writes it', (typed, corpus) => {
    expect(tokenize(typed)).toEqual(corpus.split(' '));
    expect(tokenize(corpus)).toEqual(corpus.split(' '));
  });

  it('tokenises its own output to itself (an upload cut to 100 words is re-read the same)', () => {
    for (const [typed] of TYPED_AS_CORPUS) {
      const tokens = tokenize(typed, false);
      expect(tokenize(tokens.join(' '), false)).toEqual(tokens);
    }
  });

  it('keeps case-sensitive decisions on the typed text, then lower-cases', () => {
    expect(tokenize("DON'T (Go)", false)).toEqual(['DO', "N'T", '-lrb-', 'Go', '-rrb-']);
    expect(tokenize("DON'T (Go)")).toEqual(['do', "n't", '-lrb-', 'go', '-rrb-']);
  });
});

describe('tokenize on SST-2', () => {
  const files = readSst2Files(resolveDataDir([], process.env));
  const sentences = [files.train, files.dev, files.test].flatMap((text) => parseSst2(text, 'sst2').map((example) => example.text));

  it('gives every corpus sentence exactly the tokens it had when tokens were split on whitespace only', () => {
    expect(sentences).toHaveLength(6920 + 872 + 1821);
    const changed = sentences.filter((sentence) => {
      const before = sentence.toLowerCase().split(/\s+/).filter((token) => token !== '');
      return JSON.stringify(tokenize(sentence)) !== JSON.stringify(before);
    });
    expect(changed).toEqual([]);
  });

  it('finds every word of a naturally typed sentence in the vocabulary', () => {
    const vocabulary = vocabularyFromDataset(prepareSst2Dataset(files));
    const encoded = encodeWords("It's charming, funny and moving.", vocabulary);
    expect(encoded.tokens).toEqual(['it', "'s", 'charming', ',', 'funny', 'and', 'moving', '.']);
    expect(encoded.unknownPositions).toEqual([]);
    expect(encodeWords("I don't think it's (really) good.", vocabulary).unknownPositions).toEqual([]);
  });
});

describe('tokens as typed', () => {
  it('keeps, for each token, the characters the student typed for it', () => {
    expect(tokenizeAsTyped('a \u201ccurly\u201d film')).toEqual([
      { token: 'a', typed: 'a' },
      { token: '``', typed: '\u201c' },
      { token: 'curly', typed: 'curly' },
      { token: "''", typed: '\u201d' },
      { token: 'film', typed: 'film' },
    ]);
    expect(tokenizeAsTyped('It\u2019s great \u2014 really\u2026 10/10', false).map(({ token, typed }) => [token, typed])).toEqual([
      ['It', 'It'],
      ["'s", '\u2019s'],
      ['great', 'great'],
      ['--', '\u2014'],
      ['really', 'really'],
      ['...', '\u2026'],
      ['10\\/10', '10/10'],
    ]);
    expect(tokenizeAsTyped('great\u2014really, don\u2019t').map(({ typed }) => typed)).toEqual(['great', '\u2014', 'really', ',', 'do', 'n\u2019t']);
  });

  it('gives the tokens tokenize gives, each typed span in order, together the typed text without its spaces', () => {
    const texts = [...TYPED_AS_CORPUS.flat(), 'a \u2018quoted\u2019 ---dash--- and/or a*b \u201c(x)\u201d!', 'emoji \u{1F600}\u2014ok\u2026'];
    for (const text of texts) {
      const typedTokens = tokenizeAsTyped(text);
      expect(typedTokens.map(({ token }) => token)).toEqual(tokenize(text));
      expect(typedTokens.map(({ typed }) => typed).join('')).toBe(text.replace(/\s+/g, ''));
    }
  });

  it('shows what the model read in the student\'s own characters, lower-cased as the model reads it', () => {
    const typed = 'Wasn\'t it "great"? (No.) I\'d say... meh; 10/10 [sic] {ok} and/or a*b \'quoted\'';
    expect(tokensAsTyped(typed, tokenize(typed))).toEqual(
      ['was', "n't", 'it', '"', 'great', '"', '?', '(', 'no', '.', ')', 'i', "'d", 'say', '...', 'meh', ';', '10/10', '[', 'sic', ']', '{', 'ok', '}', 'and/or', 'a*b', "'", 'quoted', "'"],
    );
    const curly = 'A \u201ccurly\u201d film \u2014 it\u2019s great';
    expect(tokenize(curly)).toEqual(['a', '``', 'curly', "''", 'film', '--', 'it', "'s", 'great']);
    expect(tokensAsTyped(curly, tokenize(curly))).toEqual(['a', '\u201c', 'curly', '\u201d', 'film', '\u2014', 'it', '\u2019s', 'great']);
    expect(tokensAsTyped(curly, tokenize(curly, false))).toEqual(['A', '\u201c', 'curly', '\u201d', 'film', '\u2014', 'it', '\u2019s', 'great']);
  });

  it('shows tokens split another way (a vocabulary split on whitespace only) as they are: they are the typed chunks', () => {
    expect(tokensAsTyped("it's \u201cgreat\u201d", ["it's", '\u201cgreat\u201d'])).toEqual(["it's", '\u201cgreat\u201d']);
  });
});
