/**
 * Pure data preparation for ConfusionMatrix: row normalisation, the cells with their tooltip facts, and a summary.
 * Layout of `counts`: `[C * C]` row-major, rows = true class, columns = predicted class (model/types.ts EvalMetrics).
 */

export class ConfusionShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfusionShapeError';
  }
}

function checkCounts(counts: ArrayLike<number>, classCount: number): void {
  if (!Number.isInteger(classCount) || classCount < 1) {
    throw new ConfusionShapeError(`A confusion matrix needs at least one class; got ${classCount}.`);
  }
  if (counts.length !== classCount * classCount) {
    throw new ConfusionShapeError(
      `A confusion matrix for ${classCount} classes needs ${classCount * classCount} counts, but ${counts.length} were given.`,
    );
  }
}

/**
 * Each row divided by its total: the share of a true class's examples that went to each prediction (the diagonal is
 * that class's recall). Why rows: with Russian at 47 % of the names, raw counts would paint one bright row and hide
 * every small class; per-row shares make Korean's 94 names as visible as Russian's 9,408. Empty rows stay all zero.
 */
export function rowNormalise(counts: ArrayLike<number>, classCount: number): Float64Array {
  checkCounts(counts, classCount);
  const shares = new Float64Array(classCount * classCount);
  for (let row = 0; row < classCount; row += 1) {
    let total = 0;
    for (let col = 0; col < classCount; col += 1) total += counts[row * classCount + col];
    if (total <= 0) continue;
    for (let col = 0; col < classCount; col += 1) shares[row * classCount + col] = counts[row * classCount + col] / total;
  }
  return shares;
}

export interface ConfusionCell {
  /** Key for joins and the mistakes record: `${trueClass}:${predictedClass}`. */
  key: string;
  trueClass: number;
  predictedClass: number;
  count: number;
  /** count / rowTotal, 0 for an empty row. */
  share: number;
  rowTotal: number;
}

/** One cell per (true, predicted) pair, row-major, with what the tooltip needs. */
export function confusionCells(counts: ArrayLike<number>, classCount: number): ConfusionCell[] {
  const shares = rowNormalise(counts, classCount);
  const cells: ConfusionCell[] = [];
  for (let row = 0; row < classCount; row += 1) {
    let rowTotal = 0;
    for (let col = 0; col < classCount; col += 1) rowTotal += counts[row * classCount + col];
    for (let col = 0; col < classCount; col += 1) {
      const index = row * classCount + col;
      cells.push({ key: `${row}:${col}`, trueClass: row, predictedClass: col, count: counts[index], share: shares[index], rowTotal });
    }
  }
  return cells;
}

export interface ConfusionSummary {
  total: number;
  correct: number;
  /** Plain accuracy: correct / total. */
  accuracy: number;
  /** Mean recall over classes that have examples. */
  macroAccuracy: number;
  rowTotals: number[];
}

export function confusionSummary(counts: ArrayLike<number>, classCount: number): ConfusionSummary {
  checkCounts(counts, classCount);
  let total = 0;
  let correct = 0;
  let recallSum = 0;
  let classesPresent = 0;
  const rowTotals: number[] = [];
  for (let row = 0; row < classCount; row += 1) {
    let rowTotal = 0;
    for (let col = 0; col < classCount; col += 1) rowTotal += counts[row * classCount + col];
    rowTotals.push(rowTotal);
    const diagonal = counts[row * classCount + row];
    total += rowTotal;
    correct += diagonal;
    if (rowTotal > 0) {
      recallSum += diagonal / rowTotal;
      classesPresent += 1;
    }
  }
  return {
    total,
    correct,
    accuracy: total > 0 ? correct / total : 0,
    macroAccuracy: classesPresent > 0 ? recallSum / classesPresent : 0,
    rowTotals,
  };
}

/** Width of a digit as a share of the font size (a little over most sans-serif fonts' 0.55–0.64). */
const DIGIT_WIDTH = 0.62;

/**
 * The font size (px) of the numbers inside cells of side `cellSize`, or null when no readable size fits (colour
 * alone then, the number on hover). It follows the labels' size `labelFontSize`, so presenter mode's larger type
 * reaches the cells too (they stayed at 9–10 px beside 19 px labels, a cap of 0.42 × the cell), and shrinks only as
 * far as a two-character share ("74", "<1") needs to fit inside the cell with a margin. Below 60% of the label size
 * (never below 8 px) a number would no longer be read with the labels, so it is left out.
 */
export function cellFontSize(cellSize: number, labelFontSize: number): number | null {
  const margin = Math.max(2, cellSize * 0.1);
  const fitsWidth = (cellSize - 2 * margin) / (2 * DIGIT_WIDTH);
  const fitsHeight = cellSize * 0.75;
  const size = Math.floor(Math.min(labelFontSize, fitsWidth, fitsHeight) * 2) / 2;
  return size >= Math.max(8, labelFontSize * 0.6) ? size : null;
}

/** The size for one cell's `text`: `fontSize`, smaller for a longer text ("100") so it still fits the cell. */
export function cellTextFontSize(text: string, cellSize: number, fontSize: number): number {
  const margin = Math.max(2, cellSize * 0.1);
  return Math.min(fontSize, (cellSize - 2 * margin) / (Array.from(text).length * DIGIT_WIDTH));
}

/** The text printed inside a cell: its row share as a whole percent, '' for empty cells, '<1' rather than '0'. */
export function cellText(cell: ConfusionCell): string {
  if (cell.count <= 0) return '';
  const percent = cell.share * 100;
  return percent < 0.5 ? '<1' : String(Math.round(percent));
}

/** Up to `limit` misclassified examples for a cell (the worker sends up to 5 per cell). */
export function cellExamples(mistakes: Readonly<Record<string, readonly string[]>> | undefined, cell: ConfusionCell, limit = 5): string[] {
  return (mistakes?.[cell.key] ?? []).slice(0, limit);
}

/**
 * A cell's examples as one line: names as they are ("Rossi, Bianchi"); texts holding a space or a comma each in
 * quotes, since a sentence of SST-2 has commas of its own ("deepen them ." and "` de niro …" ran together).
 */
export function exampleList(examples: readonly string[]): string {
  return examples.map((example) => (/[\s,]/.test(example) ? `“${example}”` : example)).join(', ');
}

/**
 * The matrix in words, for readers who cannot see the canvas (and everyone else, under it): accuracy and the
 * `limit` largest off-diagonal cells, e.g. "Most often confused: Spanish → Italian (12), Czech → Russian (9)."
 * Ranked by count (ties by position), so it names the mistakes that matter most to the score.
 */
export function confusionText(counts: ArrayLike<number>, classes: readonly string[], limit = 3): string {
  const classCount = classes.length;
  const summary = confusionSummary(counts, classCount);
  if (summary.total === 0) return 'No evaluation yet.';
  const mistakes = confusionCells(counts, classCount)
    .filter((cell) => cell.trueClass !== cell.predictedClass && cell.count > 0)
    .sort((a, b) => b.count - a.count || a.trueClass - b.trueClass || a.predictedClass - b.predictedClass)
    .slice(0, Math.max(0, limit));
  const accuracy = `${summary.correct} of ${summary.total} right (${Math.round(summary.accuracy * 1000) / 10}%).`;
  if (mistakes.length === 0) return `${accuracy} No mistakes.`;
  const listed = mistakes.map((cell) => `${classes[cell.trueClass]} → ${classes[cell.predictedClass]} (${cell.count})`).join(', ');
  return `${accuracy} Most often confused (true → predicted): ${listed}.`;
}
