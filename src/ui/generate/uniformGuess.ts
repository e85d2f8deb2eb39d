/**
 * The yardstick under a language model's loss chart: knowing nothing, a model guesses uniformly among its outputs,
 * and it has one more output than its alphabet has symbols, the end mark (data/generation.ts's symbolLayout: EOS).
 * A name ends with it; a text never asks for it, yet an untrained text model spreads its guess over it too, so its
 * loss starts near ln(symbols + 1). Saying so keeps "25 symbols" from contradicting "an alphabet of 24 symbols".
 */

/** What the model writes: names (end of name) or the student's own text (end of text, never a target there). */
export type GeneratedKind = 'names' | 'text';

const OUTPUT_WORDS: Record<GeneratedKind, { symbols: string; endMark: string }> = {
  names: { symbols: 'letters', endMark: 'the end-of-name mark' },
  text: { symbols: 'symbols of your text', endMark: 'the end-of-text mark, which your text never asks for' },
};

/** The outputs a model of `alphabetSize` symbols guesses among: its symbols and the end mark (chance is ln of this). */
export function lmOutputCount(alphabetSize: number): number {
  return alphabetSize + 1;
}

/** The loss chart's caption: uniform guessing among `alphabetSize` symbols and the end mark, in nats per character. */
export function uniformGuessNote(alphabetSize: number, kind: GeneratedKind): string {
  const outputs = lmOutputCount(alphabetSize);
  const words = OUTPUT_WORDS[kind];
  return `Guessing uniformly among ${outputs} outputs (the ${alphabetSize} ${words.symbols} and ${words.endMark}): ln ${outputs} = ${Math.log(outputs).toFixed(2)} nats per character.`;
}
