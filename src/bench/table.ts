/** The benchmark's text table: the same in the terminal and on bench.html. Pure string formatting. */
import type { BenchRun } from './types';

function cell(value: number | string | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return value.toFixed(digits);
}

/** A race column: seconds when reached, `>cap (best)` when not, `—` when not run. */
function raceCell(row: BenchRun, name: BenchRun['races'][number]['name']): string {
  const race = row.races.find((candidate) => candidate.name === name);
  if (!race) return '—';
  if (race.seconds !== null) return `${race.seconds.toFixed(1)}`;
  return `>${race.capSeconds} (${race.best.toFixed(3)})`;
}

function memoryCell(start: number | null, end: number | null, digits: number): string {
  if (start === null && end === null) return '—';
  return `${cell(start, digits)}→${cell(end, digits)}`;
}

const HEADER = [
  'where',
  'backend',
  'config',
  'ms/step',
  'p10',
  'p90',
  'steps/s',
  'kernels',
  'disp',
  'trace',
  'n',
  's→0.78',
  's→m0.45',
  's→0.70',
  'tensors',
  'heap MB',
];

/** Rows as an aligned text table, followed by errors and notes keyed by row number. */
export function formatTable(rows: readonly BenchRun[]): string {
  const lines: string[][] = [HEADER];
  const footnotes: string[] = [];
  rows.forEach((row, index) => {
    const marks: string[] = [];
    if (row.error) {
      footnotes.push(`[${index + 1}] ERROR ${row.error}`);
      marks.push(`[${index + 1}]`);
    }
    for (const note of row.notes) footnotes.push(`[${index + 1}] ${note}`);
    if (row.notes.length > 0 && !row.error) marks.push(`[${index + 1}]`);
    lines.push([
      row.where,
      row.backend,
      row.config + (marks.length > 0 ? ` ${marks[0]}` : ''),
      cell(row.msPerStepMedian),
      cell(row.msPerStepP10),
      cell(row.msPerStepP90),
      cell(row.stepsPerSecond, 2),
      cell(row.kernelsPerStep, 0),
      cell(row.dispatchesPerStep, 0),
      cell(row.msPerTrace),
      String(row.stepsMeasured),
      raceCell(row, 'secondsTo078'),
      raceCell(row, 'secondsToMacro045'),
      raceCell(row, 'secondsTo070'),
      memoryCell(row.tensorsStart, row.tensorsEnd, 0),
      memoryCell(row.heapStartMB, row.heapEndMB, 1),
    ]);
  });
  const widths = HEADER.map((_, column) => Math.max(...lines.map((line) => line[column].length)));
  const text = lines.map((line) =>
    line
      .map((value, column) => (column < 3 ? value.padEnd(widths[column]) : value.padStart(widths[column])))
      .join('  ')
      .trimEnd(),
  );
  text.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));
  const endurance = rows.flatMap(describeEndurance);
  const adapters = [...new Set(rows.filter((row) => row.adapter).map((row) => `${row.where} ${row.backend}: ${row.adapter}`))];
  return [...text, '', ...endurance, ...adapters.map((line) => `adapter  ${line}`), ...footnotes].join('\n');
}

function signed(value: number, digits: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
}

/** Soak and rebuild summaries: growth is what matters there, so it is spelled out. */
function describeEndurance(row: BenchRun): string[] {
  const label = `${row.where} ${row.backend} ${row.config}`;
  const lines: string[] = [];
  if (row.soak && row.soak.samples.length > 0) {
    const { samples, tensorGrowth, heapGrowthMB, slowdown } = row.soak;
    const first = samples[0];
    const last = samples[samples.length - 1];
    lines.push(
      `soak ${label}: ${row.soak.minutes} min, ${row.soak.totalSteps} steps; ` +
        `ms/step ${first.msPerStepMedian} → ${last.msPerStepMedian} (last third / first third ×${slowdown.toFixed(2)}); ` +
        `tensors ${first.tensors} → ${last.tensors} (${signed(tensorGrowth, 0)}); ` +
        `heap ${cell(first.heapMB)} → ${cell(last.heapMB)} MB (${heapGrowthMB === null ? '?' : signed(heapGrowthMB, 1)})`,
    );
    for (const sample of samples) {
      lines.push(
        `  minute ${String(sample.minute).padStart(3)}: ${String(sample.steps).padStart(5)} steps, ` +
          `${sample.msPerStepMedian.toFixed(1)} ms/step, ${sample.tensors} tensors, heap ${cell(sample.heapMB)} MB`,
      );
    }
  }
  if (row.rebuilds) {
    const { count, tensorsBefore, tensorsAfter, heapBeforeMB, heapMidMB, heapAfterMB, msPerRebuild } = row.rebuilds;
    const heapGrowth = heapBeforeMB !== null && heapAfterMB !== null ? signed(heapAfterMB - heapBeforeMB, 1) : '?';
    const secondHalf = heapMidMB !== null && heapAfterMB !== null ? signed(heapAfterMB - heapMidMB, 1) : '?';
    lines.push(
      `rebuilds ${label}: ${count} × (build, 1 step, dispose), ${msPerRebuild} ms each; ` +
        `tensors ${tensorsBefore} → ${tensorsAfter} (${signed(tensorsAfter - tensorsBefore, 0)}); ` +
        `heap ${cell(heapBeforeMB)} → ${cell(heapMidMB)} → ${cell(heapAfterMB)} MB (${heapGrowth}; second half ${secondHalf})`,
    );
  }
  if (lines.length > 0) lines.push('');
  return lines;
}
