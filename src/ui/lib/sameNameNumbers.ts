/**
 * Kept runs that share a name (Reset and train again keeps "LSTM 8 · Adam 0.005 · 1 epoch" each time, with the
 * same steps and often the same result) look alike in the list, and a message naming one ("untick one first to
 * compare …") fits them all. Each such run gets a number among its namesakes, shown after its name in the list and
 * in what names it, so "#2" is the same run in both. Pure (sameNameNumbers.test.ts).
 */

/** What the numbering reads of a kept run. */
export interface NamedRun {
  id: string;
  name: string;
  /** When it was kept (ms): namesakes are numbered in that order, so pinning or sorting renumbers nothing. */
  createdAt: number;
}

/** Run id → its number (1 = kept first) among the runs of the same name; a run whose name is its own has none. */
export function sameNameNumbers(runs: readonly NamedRun[]): Map<string, number> {
  const byName = new Map<string, NamedRun[]>();
  for (const run of runs) byName.set(run.name, [...(byName.get(run.name) ?? []), run]);
  const numbers = new Map<string, number>();
  for (const namesakes of byName.values()) {
    if (namesakes.length < 2) continue;
    const inOrderKept = [...namesakes].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    inOrderKept.forEach((run, index) => numbers.set(run.id, index + 1));
  }
  return numbers;
}

/** A run as a message names it: its name quoted, then its number where another run has the same name. */
export function runReference(name: string, number: number | undefined): string {
  return number === undefined ? `"${name}"` : `"${name}" #${number}`;
}
