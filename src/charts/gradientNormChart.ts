/**
 * GradientNormChart: ‖∂L/∂h_t‖ over the timesteps of one input, on a log scale, one line per layer and direction
 * (reverse dashed). The vanishing gradient picture: with a plain RNN the norm falls by orders of magnitude from the last
 * letter back to the first; an LSTM's cell state keeps it flatter. The caption states the ratio in numbers.
 */
import type { ChartTheme } from './chartTheme';
import { formatValue, visibleSymbol } from './format';
import { gradientNormSeries, layerLabel, vanishingNote, vanishingRatio } from './inspectData';
import type { GradientLayer } from './inspectData';
import { LineChart } from './lineChart';

export type { GradientLayer } from './inspectData';

export interface GradientNormOptions {
  /** Accessible name; default 'Gradient norm ‖∂L/∂h_t‖ per timestep'. */
  title?: string;
  height?: number;
  onSelectStep?: (step: number) => void;
  theme?: Partial<ChartTheme>;
}

export interface GradientNormData {
  /** The symbols fed, one per timestep. */
  tokens: readonly string[];
  /** InspectionTrace.layers (only layer, direction and gradNorms are read). */
  layers: readonly GradientLayer[];
  /** Name of the class the loss was taken for (InspectionTrace.targetClass), for the caption. */
  targetClassName?: string;
  selectedStep?: number | null;
  /**
   * The weights are as initialised (no training step yet): the ratio then describes random weights, so
   * the caption says so instead of reading it as a finding.
   */
  isUntrained?: boolean;
}

export class GradientNormChart {
  private readonly chart: LineChart;

  constructor(container: HTMLElement, options: GradientNormOptions = {}) {
    this.chart = new LineChart(container, {
      title: options.title ?? 'Gradient norm ‖∂L/∂h_t‖ per timestep',
      xLabel: 'timestep',
      yLabel: '‖∂L/∂hₜ‖ (log scale)',
      height: options.height ?? 220,
      isLogY: true,
      formatY: formatValue,
      onSelectX: options.onSelectStep ? (x) => options.onSelectStep?.(Math.round(x)) : undefined,
      theme: options.theme,
    });
  }

  update(data: GradientNormData): void {
    const { tokens } = data;
    const steps = tokens.length;
    const isBidirectional = data.layers.some((entry) => entry.direction === 'reverse');
    const notes = data.layers
      .map((entry) => {
        const ratio = vanishingRatio(entry.gradNorms, entry.direction);
        if (!ratio) return null;
        return vanishingNote(layerLabel(entry.layer, entry.direction, isBidirectional), ratio);
      })
      .filter((note): note is string => note !== null);
    const target = data.targetClassName ? ` for the loss of “${data.targetClassName}”` : '';
    this.chart.update({
      series: gradientNormSeries(data.layers),
      xDomain: [-0.5, Math.max(0, steps - 1) + 0.5],
      xTicks: {
        values: Array.from({ length: steps }, (_, step) => step),
        // Whole words: the chart cuts a long one to its room and keeps the whole word in the label's tooltip.
        format: (x) => visibleSymbol(tokens[x] ?? String(x + 1)),
      },
      formatXReadout: (x) => `step ${x + 1}: “${tokens[x] ?? ''}”`,
      selectedX: data.selectedStep ?? null,
      caption:
        notes.length === 0
          ? 'Needs at least two timesteps.'
          : data.isUntrained
            ? `Untrained weights (random, not learned): ${notes.join('; ')}. Nothing to read into this yet — train, then look again.`
            : `Gradient reaching the first step read, relative to the last${target}: ${notes.join('; ')}. Far below 1 is the vanishing gradient.`,
    });
  }

  refreshTheme(): void {
    this.chart.refreshTheme();
  }

  destroy(): void {
    this.chart.destroy();
  }
}
