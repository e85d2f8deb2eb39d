/**
 * PrefixPredictionChart: the prediction after each prefix, one x position per token (the letters of a name, the words
 * of a sentence), so the student sees the guess change letter by letter ("Nie…" drifting to Dutch) or "not good"
 * turning negative. Two classes: one line P(positive) with a 0.5 "undecided" midline. More: the leading classes' lines.
 *
 * Built on LineChart (same hover read-out, same axes); clicking a step calls `onSelectStep(t)`, and `selectedStep`
 * is drawn as an accent rule so it lines up with the heatmaps' selected column.
 */
import type { ChartTheme } from './chartTheme';
import { formatShare, visibleSymbol } from './format';
import type { MatrixLike } from './heatmapData';
import { prefixCaption, prefixSeries, prefixText } from './inspectData';
import type { PrefixSeriesOptions } from './inspectData';
import { LineChart } from './lineChart';

export interface PrefixPredictionOptions extends PrefixSeriesOptions {
  /** Accessible name; default 'Prediction after each prefix'. */
  title?: string;
  /** Tokens are words (joined with spaces in read-outs) rather than letters. */
  isWords?: boolean;
  height?: number;
  onSelectStep?: (step: number) => void;
  theme?: Partial<ChartTheme>;
}

export interface PrefixPredictionData {
  /** The symbols fed, one per timestep (InspectionTrace.tokens). */
  tokens: readonly string[];
  /** Log-probabilities after each prefix, `[T, C]` (InspectionTrace.prefixLogProbs). */
  prefixLogProbs: MatrixLike;
  classes: readonly string[];
  selectedStep?: number | null;
}

export class PrefixPredictionChart {
  private readonly chart: LineChart;

  constructor(
    container: HTMLElement,
    private readonly options: PrefixPredictionOptions = {},
  ) {
    this.chart = new LineChart(container, {
      title: options.title ?? 'Prediction after each prefix',
      xLabel: options.isWords ? 'prefix ending at word' : 'prefix ending at letter',
      yLabel: 'probability',
      height: options.height ?? 240,
      yDomain: [0, 1],
      yTickFormat: (value) => `${Math.round(value * 100)}%`,
      formatY: formatShare,
      onSelectX: options.onSelectStep ? (x) => options.onSelectStep?.(Math.round(x)) : undefined,
      theme: options.theme,
    });
  }

  update(data: PrefixPredictionData): void {
    const { tokens } = data;
    const prepared = prefixSeries(data.prefixLogProbs, data.classes, this.options);
    const isWords = this.options.isWords ?? false;
    const steps = data.prefixLogProbs.rows;
    this.chart.update({
      series: prepared.series,
      xDomain: [-0.5, Math.max(0, steps - 1) + 0.5],
      xTicks: {
        values: Array.from({ length: steps }, (_, step) => step),
        // Whole words: the chart cuts a long one to its room and keeps the whole word in the label's tooltip.
        format: (x) => visibleSymbol(tokens[x] ?? String(x + 1)),
      },
      formatXReadout: (x) => `prefix “${prefixText(tokens, x, isWords)}”`,
      referenceLines: prepared.mode === 'binary' ? [{ y: 0.5, label: 'undecided' }] : [],
      selectedX: data.selectedStep ?? null,
      caption: prefixCaption(data.prefixLogProbs, data.classes, this.options),
    });
  }

  refreshTheme(): void {
    this.chart.refreshTheme();
  }

  destroy(): void {
    this.chart.destroy();
  }
}
