import { describe, expect, it } from 'vitest';
import { COPY_LENGTH, heldOutSeed, heldOutSet, MEMORY_TASKS, memoryBatch, memoryTaskSpec, trainingStream, trainingStreamSeed, type MemoryBatch, type MemoryTaskName } from './memoryTasks';
import { SeededRandom } from './random';

/** Sequence b as its display labels (independent of the generator's id arithmetic). */
function labelsOf(batch: MemoryBatch, b: number): string[] {
  const symbols = memoryTaskSpec(batch.task).symbols;
  return [...batch.symbols.subarray(b * batch.seqLength, (b + 1) * batch.seqLength)].map((id) => symbols[id]);
}

function answersOf(batch: MemoryBatch, b: number): string[] {
  const classes = memoryTaskSpec(batch.task).classes;
  const count = batch.readoutSteps.length;
  return [...batch.targets.subarray(b * count, (b + 1) * count)].map((id) => classes[id]);
}

/** The answer worked out from the labels alone, as a student would. */
function expectedAnswers(task: MemoryTaskName, labels: string[]): string[] {
  const marked = labels.filter((label) => label.endsWith('*')).map((label) => Number(label[0]));
  switch (task) {
    case 'first-symbol':
      return [labels[0]];
    case 'adding':
      return [String(marked[0] + marked[1])];
    case 'parity':
      return [marked.reduce((sum, bit) => sum + bit, 0) % 2 === 1 ? 'odd' : 'even'];
    case 'copy':
      return labels.slice(0, COPY_LENGTH);
  }
}

describe('memory task generators', () => {
  for (const task of MEMORY_TASKS) {
    describe(task, () => {
      const distance = 12;
      const batch = memoryBatch(task, distance, 200, new SeededRandom(7));

      it('labels every sequence with the answer its symbols imply', () => {
        for (let b = 0; b < batch.batchSize; b++) expect(answersOf(batch, b)).toEqual(expectedAnswers(task, labelsOf(batch, b)));
      });

      it('puts the first thing to remember at least `distance` steps before its readout', () => {
        const spec = memoryTaskSpec(task);
        expect(batch.seqLength).toBe(spec.seqLength(distance));
        const firstReadout = batch.readoutSteps[0];
        // Step 0 always holds something the answer needs (the symbol, a marked digit or bit, the first copied symbol).
        for (let b = 0; b < batch.batchSize; b++) {
          const labels = labelsOf(batch, b);
          if (task === 'adding' || task === 'parity') expect(labels[0].endsWith('*')).toBe(true);
          if (task === 'first-symbol' || task === 'copy') expect(spec.classes).toContain(labels[0]);
          // Nothing the answer needs sits in the last `distance` steps before the first readout, except the second marked value.
          const between = labels.slice(1, firstReadout);
          if (task === 'first-symbol') expect(between.every((label) => /^[a-h]$/.test(label))).toBe(true);
          if (task === 'copy') expect(labels.slice(COPY_LENGTH, firstReadout).filter((label) => label === '_').length).toBe(distance);
        }
        expect(firstReadout).toBeGreaterThanOrEqual(distance + 1);
        if (task === 'copy') {
          for (let j = 0; j < COPY_LENGTH; j++) expect(batch.readoutSteps[j] - j).toBeGreaterThan(distance);
        }
      });

      it('ends a many-to-one sequence with the query, and a copy sequence reads every step after "go"', () => {
        for (let b = 0; b < 5; b++) {
          const labels = labelsOf(batch, b);
          if (task === 'copy') {
            expect(labels[COPY_LENGTH + distance]).toBe('!');
            expect(batch.readoutSteps).toEqual(Array.from({ length: COPY_LENGTH }, (_, j) => COPY_LENGTH + distance + 1 + j));
          } else {
            expect(labels.at(-1)).toBe('?');
            expect(batch.readoutSteps).toEqual([batch.seqLength - 1]);
          }
        }
      });

      it('gives the same data for the same seed, and other data for another seed', () => {
        const again = memoryBatch(task, distance, 200, new SeededRandom(7));
        expect(again.symbols).toEqual(batch.symbols);
        expect(again.targets).toEqual(batch.targets);
        expect(memoryBatch(task, distance, 200, new SeededRandom(8)).symbols).not.toEqual(batch.symbols);
      });
    });
  }

  it('draws the second marked digit of the adding task across the whole distance', () => {
    const batch = memoryBatch('adding', 10, 2000, new SeededRandom(3));
    const positions = new Set<number>();
    for (let b = 0; b < batch.batchSize; b++) {
      const labels = labelsOf(batch, b);
      labels.forEach((label, t) => {
        if (t > 0 && label.endsWith('*')) positions.add(t);
      });
      expect(labels.filter((label) => label.endsWith('*'))).toHaveLength(2);
    }
    expect([...positions].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('answers near the chance rate with balanced classes (first symbol: each digit about 1/8)', () => {
    const batch = memoryBatch('first-symbol', 5, 8000, new SeededRandom(11));
    const counts = new Array<number>(8).fill(0);
    for (const target of batch.targets) counts[target]++;
    for (const count of counts) expect(Math.abs(count / 8000 - 1 / 8)).toBeLessThan(0.02);
  });

  it('refuses a distance outside the range and a bad batch size', () => {
    expect(() => memoryBatch('first-symbol', 1, 4, new SeededRandom(1))).toThrow(/distance must be a whole number from 2/);
    expect(() => memoryBatch('first-symbol', 40.5, 4, new SeededRandom(1))).toThrow(/distance/);
    expect(() => memoryBatch('first-symbol', 40, 0, new SeededRandom(1))).toThrow(/batch size/);
  });
});

describe('training stream and held-out set', () => {
  it('replays the same batches in the same order from the same seed', () => {
    const a = trainingStream('first-symbol', 20, 16, 3);
    const b = trainingStream('first-symbol', 20, 16, 3);
    for (let i = 0; i < 3; i++) expect(a.next().symbols).toEqual(b.next().symbols);
    const other = trainingStream('first-symbol', 20, 16, 4);
    expect(other.next().symbols).not.toEqual(trainingStream('first-symbol', 20, 16, 3).next().symbols);
  });

  it('fixes the held-out set per distance, whatever the run seed', () => {
    expect(heldOutSet('parity', 30, 100).symbols).toEqual(heldOutSet('parity', 30, 100).symbols);
    expect(heldOutSet('parity', 31, 100).targets).not.toEqual(heldOutSet('parity', 30, 100).targets);
  });

  it('never seeds a training stream with a held-out seed', () => {
    // Training seeds are even and held-out seeds odd: no run seed can replay the held-out sequences.
    for (const seed of [0, 1, 2, 12_345, 12_385, 2 ** 31 - 1]) expect(trainingStreamSeed(seed) % 2).toBe(0);
    for (const distance of [2, 40, 500]) expect(heldOutSeed(distance) % 2).toBe(1);
    const heldOut = heldOutSet('first-symbol', 40, 64);
    for (const seed of [0, 1, 2, 3, 12_385, 24_731]) {
      expect(trainingStream('first-symbol', 40, 64, seed).next().symbols).not.toEqual(heldOut.symbols);
    }
  });

  it('refuses a negative or fractional run seed', () => {
    expect(() => trainingStream('copy', 10, 4, -1)).toThrow(/seed must be a whole number/);
    expect(() => trainingStream('copy', 10, 4, 1.5)).toThrow(/seed/);
  });
});
