/** Combining the browser's two passes: ms/step on every backend, then races on the fastest. Pure. */
import type { BenchConfigName, BenchRun } from '../../bench/types';
import type { BackendName } from '../../worker/protocol';

/** For each configuration, the backend with the lowest median ms/step among rows that worked. */
export function fastestBackends(rows: readonly BenchRun[]): Map<BenchConfigName, BackendName> {
  const fastest = new Map<BenchConfigName, BenchRun>();
  for (const row of rows) {
    if (row.error || row.msPerStepMedian === null) continue;
    const best = fastest.get(row.config);
    if (!best || row.msPerStepMedian < best.msPerStepMedian!) fastest.set(row.config, row);
  }
  return new Map([...fastest].map(([config, row]) => [config, row.backend]));
}

/** Copy a races-only row's results into the ms/step row of the same backend and configuration. */
export function mergeRaces(rows: BenchRun[], raceRows: readonly BenchRun[]): void {
  for (const raceRow of raceRows) {
    const row = rows.find((candidate) => candidate.backend === raceRow.backend && candidate.config === raceRow.config);
    if (!row) continue;
    row.races = raceRow.races;
    row.secondsTo078 = raceRow.secondsTo078;
    row.secondsToMacro045 = raceRow.secondsToMacro045;
    row.secondsTo070 = raceRow.secondsTo070;
    if (raceRow.error) row.notes.push(`races failed: ${raceRow.error}`);
  }
}
