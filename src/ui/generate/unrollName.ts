/**
 * A name as the generator's unrolled steps, for the Model step's picture: at step t the network reads the previous
 * symbol (the begin mark, then the letters) and is taught the next one (the letters, then the end mark). Built by the
 * training data's own encoding (data/generation.ts), so the picture shows exactly what a training step is fed.
 */
import { NAME_ALPHABET, normalizeChars } from '../../data/names';
import { encodeForGeneration, symbolLayout, symbolName } from '../../data/generation';
import { stepLabel } from './NameInternals';
import type { SymbolLayout } from '../../data/generation';

export interface UnrolledName {
  /** What each step reads: 'begin', then the letters. */
  inputs: string[];
  /** What each step is taught to write: the letters, then 'end'. */
  targets: string[];
  /** Characters the 57-letter alphabet has no place for, which the steps leave out (accents are only simplified). */
  dropped: string[];
}

const NAME_LAYOUT = symbolLayout(NAME_ALPHABET);

/** A symbol id as Inspect's columns label it: 'begin' / 'end' for the marks, a space made visible. */
function shownSymbol(layout: SymbolLayout, id: number): string {
  return stepLabel(symbolName(layout, id));
}

export function unrollName(name: string, layout: SymbolLayout = NAME_LAYOUT): UnrolledName {
  const steps = encodeForGeneration(name, layout);
  return {
    inputs: steps.previous.map((id) => shownSymbol(layout, id)),
    targets: steps.targets.map((id) => shownSymbol(layout, id)),
    dropped: normalizeChars(name, layout.alphabet).dropped,
  };
}

/** One training step of a name, as the tensors hold it. */
export interface GeneratorStepRow {
  /** 1-based step. */
  t: number;
  /** The previous symbol read ('begin' or a letter) and its index among the letters, end and begin. */
  reads: string;
  readsIndex: number;
  /** The two lit columns of x_t = [one-hot condition; one-hot previous symbol]. */
  litColumns: [number, number];
  /** The symbol taught (a letter or 'end') and its index among the outputs (the letters, then end). */
  taught: string;
  taughtIndex: number;
}

/**
 * `name`'s steps for a generator conditioned on condition `condition` of `conditionCount`: what each step's input row
 * lights and which output it is taught, by the training data's own encoding.
 */
export function generatorStepRows(name: string, condition: number, conditionCount: number, layout: SymbolLayout = NAME_LAYOUT): GeneratorStepRow[] {
  const steps = encodeForGeneration(name, layout);
  return steps.previous.map((readsIndex, position) => ({
    t: position + 1,
    reads: shownSymbol(layout, readsIndex),
    readsIndex,
    litColumns: [condition, conditionCount + readsIndex],
    taught: shownSymbol(layout, steps.targets[position]),
    taughtIndex: steps.targets[position],
  }));
}
