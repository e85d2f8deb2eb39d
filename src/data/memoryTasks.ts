/**
 * Synthetic long-memory tasks for the memory lab, generated from a seed (no files). In each the answer
 * depends on something seen `distance` or more steps before the step where the answer is read, so the
 * gradient that teaches the network to keep it must travel back that far.
 *
 * Every task is written as one symbol id per step (the network reads them one-hot) and one class per
 * readout step; flags such as "this value is marked" are folded into the symbol, so a single one-hot
 * vocabulary describes each task:
 *
 *   first-symbol  x₀ = y ∈ {0..7}, then `distance` distractors drawn from 8 OTHER symbols, then a query
 *                 marker; read y at the query (many-to-one, chance 1/8).
 *   adding        digits 0..4, two of them marked: the first at step 0, the second anywhere in 1..distance;
 *                 read the sum of the two marked digits (0..8) at the query (many-to-one).
 *   parity        bits, three of them marked: step 0 and two other steps in 1..distance; read the XOR of the
 *                 marked bits at the query (many-to-one, chance 1/2).
 *   copy          4 symbols, `distance` blanks, a "go" marker, then read the 4 symbols back, one at each of
 *                 the next 4 steps (many-to-many, chance 1/8 per symbol).
 *
 * The first-symbol task keeps its distractors apart from the symbols to remember and ends with a query
 * marker: with distractors drawn from the same 8 symbols, LSTM and GRU also failed to learn it at
 * distance 40 in 400 steps (measured in PyTorch), which hides the contrast the lab is about.
 */
import { SeededRandom } from './random';

/** The tasks, in the order the lab lists them (the first is the default). */
export const MEMORY_TASKS = ['first-symbol', 'adding', 'parity', 'copy'] as const;
export type MemoryTaskName = (typeof MEMORY_TASKS)[number];

/** Distances the generators accept: parity needs two steps for its other marked bits; 500 keeps a batch's unroll affordable. */
export const MEMORY_DISTANCE_LIMITS = { min: 2, max: 500 } as const;

/** How many symbols the copy task reads back. */
export const COPY_LENGTH = 4;

/** Symbols the first-symbol and copy tasks remember (and their distractor count). */
const RECALL_SYMBOLS = 8;
/** Digits of the adding task: sums 0..8. */
const ADDING_DIGITS = 5;
/** Marked bits of the parity task (step 0 and two more). */
const PARITY_MARKED = 3;

/** What the lab and the engine need to know about a task, besides its generator. */
export interface MemoryTaskSpec {
  name: MemoryTaskName;
  title: string;
  /** One line a student reads in the task picker. */
  description: string;
  /** Display labels of the input symbols, in id order; the input is one-hot over these. */
  symbols: readonly string[];
  /** Display labels of the answer classes, in id order. */
  classes: readonly string[];
  /** Accuracy of always answering the most likely class (what "no memory" scores). */
  chance: number;
  /** Steps in one sequence at `distance`. */
  seqLength(distance: number): number;
  /** The steps where the head is read (one answer each), ascending, the same for every sequence. */
  readoutSteps(distance: number): number[];
}

const digits = (count: number) => Array.from({ length: count }, (_, i) => String(i));
const letters = (count: number) => Array.from({ length: count }, (_, i) => String.fromCharCode(97 + i));

const FIRST_SYMBOL: MemoryTaskSpec = {
  name: 'first-symbol',
  title: 'Recall the first symbol',
  description: 'A digit, then a run of letters, then "?": answer the digit.',
  // 0-7 remembered, a-h distractors, a blank (unused here, kept so the layout matches the copy task's idea) and the query.
  symbols: [...digits(RECALL_SYMBOLS), ...letters(RECALL_SYMBOLS), '_', '?'],
  classes: digits(RECALL_SYMBOLS),
  chance: 1 / RECALL_SYMBOLS,
  seqLength: (distance) => distance + 2,
  readoutSteps: (distance) => [distance + 1],
};

const ADDING: MemoryTaskSpec = {
  name: 'adding',
  title: 'Adding problem',
  description: 'Digits, two of them marked (the first at the start): answer the sum of the marked two.',
  symbols: [...digits(ADDING_DIGITS), ...digits(ADDING_DIGITS).map((digit) => `${digit}*`), '?'],
  classes: digits(2 * ADDING_DIGITS - 1),
  // The most likely sum (4) comes from 5 of the 25 digit pairs.
  chance: ADDING_DIGITS / (ADDING_DIGITS * ADDING_DIGITS),
  seqLength: (distance) => distance + 2,
  readoutSteps: (distance) => [distance + 1],
};

const PARITY: MemoryTaskSpec = {
  name: 'parity',
  title: 'Parity of marked bits',
  description: 'Bits, three of them marked (the first at the start): answer whether an odd number of marked bits are 1.',
  symbols: ['0', '1', '0*', '1*', '?'],
  classes: ['even', 'odd'],
  chance: 1 / 2,
  seqLength: (distance) => distance + 2,
  readoutSteps: (distance) => [distance + 1],
};

const COPY: MemoryTaskSpec = {
  name: 'copy',
  title: 'Copy after a delay',
  description: `${COPY_LENGTH} digits, a run of blanks, then "!": answer the ${COPY_LENGTH} digits in order, one per step.`,
  symbols: [...digits(RECALL_SYMBOLS), '_', '!'],
  classes: digits(RECALL_SYMBOLS),
  chance: 1 / RECALL_SYMBOLS,
  seqLength: (distance) => 2 * COPY_LENGTH + distance + 1,
  readoutSteps: (distance) => Array.from({ length: COPY_LENGTH }, (_, j) => COPY_LENGTH + distance + 1 + j),
};

const SPECS: Record<MemoryTaskName, MemoryTaskSpec> = { 'first-symbol': FIRST_SYMBOL, adding: ADDING, parity: PARITY, copy: COPY };

/** The description of `task`. */
export function memoryTaskSpec(task: MemoryTaskName): MemoryTaskSpec {
  return SPECS[task];
}

/** Sequences of one task at one distance; every sequence has the same length and readout steps. */
export interface MemoryBatch {
  task: MemoryTaskName;
  distance: number;
  batchSize: number;
  seqLength: number;
  /** `[B·T]` symbol ids, batch-major (row b·T + t). */
  symbols: Int32Array;
  /** Steps where the answer is read, ascending. */
  readoutSteps: readonly number[];
  /** `[B·R]` class ids, batch-major (row b·R + r for readout step r). */
  targets: Int32Array;
}

/** Refuse a distance the generators cannot honour, with the range. */
export function validateDistance(distance: number): void {
  if (!Number.isInteger(distance) || distance < MEMORY_DISTANCE_LIMITS.min || distance > MEMORY_DISTANCE_LIMITS.max) {
    throw new RangeError(`The distance must be a whole number from ${MEMORY_DISTANCE_LIMITS.min} to ${MEMORY_DISTANCE_LIMITS.max}, got ${distance}.`);
  }
}

/** `count` distinct steps drawn uniformly from [from, to] (count ≤ to − from + 1). */
function distinctSteps(random: SeededRandom, count: number, from: number, to: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(from + random.nextInt(to - from + 1));
  return [...chosen];
}

/** Fill one sequence `row` of `symbols` (length T) and its answers `answers` (length R). */
function writeSequence(task: MemoryTaskName, distance: number, random: SeededRandom, row: Int32Array, answers: Int32Array): void {
  switch (task) {
    case 'first-symbol': {
      const remembered = random.nextInt(RECALL_SYMBOLS);
      row[0] = remembered;
      for (let t = 1; t <= distance; t++) row[t] = RECALL_SYMBOLS + random.nextInt(RECALL_SYMBOLS);
      row[distance + 1] = FIRST_SYMBOL.symbols.length - 1;
      answers[0] = remembered;
      return;
    }
    case 'adding': {
      for (let t = 0; t <= distance; t++) row[t] = random.nextInt(ADDING_DIGITS);
      const [second] = distinctSteps(random, 1, 1, distance);
      // A marked digit d is symbol ADDING_DIGITS + d.
      answers[0] = row[0] + row[second];
      row[0] += ADDING_DIGITS;
      row[second] += ADDING_DIGITS;
      row[distance + 1] = ADDING.symbols.length - 1;
      return;
    }
    case 'parity': {
      for (let t = 0; t <= distance; t++) row[t] = random.nextInt(2);
      const marked = [0, ...distinctSteps(random, PARITY_MARKED - 1, 1, distance)];
      let parity = 0;
      for (const t of marked) {
        parity ^= row[t];
        // A marked bit b is symbol 2 + b.
        row[t] += 2;
      }
      row[distance + 1] = PARITY.symbols.length - 1;
      answers[0] = parity;
      return;
    }
    case 'copy': {
      const blank = RECALL_SYMBOLS;
      const go = RECALL_SYMBOLS + 1;
      row.fill(blank);
      for (let j = 0; j < COPY_LENGTH; j++) {
        row[j] = random.nextInt(RECALL_SYMBOLS);
        answers[j] = row[j];
      }
      row[COPY_LENGTH + distance] = go;
      return;
    }
  }
}

/** `batchSize` fresh sequences of `task` at `distance`, drawn from `random` (which advances). */
export function memoryBatch(task: MemoryTaskName, distance: number, batchSize: number, random: SeededRandom): MemoryBatch {
  validateDistance(distance);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`The batch size must be a whole number ≥ 1, got ${batchSize}.`);
  const spec = SPECS[task];
  const seqLength = spec.seqLength(distance);
  const readoutSteps = spec.readoutSteps(distance);
  const symbols = new Int32Array(batchSize * seqLength);
  const targets = new Int32Array(batchSize * readoutSteps.length);
  for (let b = 0; b < batchSize; b++) {
    writeSequence(task, distance, random, symbols.subarray(b * seqLength, (b + 1) * seqLength), targets.subarray(b * readoutSteps.length, (b + 1) * readoutSteps.length));
  }
  return { task, distance, batchSize, seqLength, symbols, readoutSteps, targets };
}

/*
 * Seeds. A training stream uses the even number 2·seed and a held-out set the odd number 2·(base + distance) + 1,
 * both below 2³²: SeededRandom folds such a number to its own 32 bits unchanged before a bijective mix, so no
 * training seed can ever produce the held-out set's sequences, and every run at one distance, whatever its
 * seed, cell or lever, is scored on the same held-out sequences.
 */
const HELD_OUT_BASE = 12_345;
const MAX_TRAINING_SEED = 2 ** 31 - 1;

/** The PRNG seed of the training stream of run seed `seed` (0 ≤ seed < 2³¹). */
export function trainingStreamSeed(seed: number): number {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_TRAINING_SEED) throw new RangeError(`The seed must be a whole number from 0 to ${MAX_TRAINING_SEED}, got ${seed}.`);
  return 2 * seed;
}

/** The PRNG seed of the held-out set at `distance` (odd, so never a training stream's). */
export function heldOutSeed(distance: number): number {
  validateDistance(distance);
  return 2 * (HELD_OUT_BASE + distance) + 1;
}

/** The fixed held-out set of `task` at `distance`: the same `count` sequences for every run. */
export function heldOutSet(task: MemoryTaskName, distance: number, count: number): MemoryBatch {
  return memoryBatch(task, distance, count, new SeededRandom(heldOutSeed(distance)));
}

/** Fresh training batches, one per call, reproducible from the run's seed. */
export interface MemoryStream {
  next(): MemoryBatch;
}

/** The training stream of a run: same task, distance, batch size and seed → the same batches in the same order. */
export function trainingStream(task: MemoryTaskName, distance: number, batchSize: number, seed: number): MemoryStream {
  validateDistance(distance);
  const random = new SeededRandom(trainingStreamSeed(seed));
  return { next: () => memoryBatch(task, distance, batchSize, random) };
}
