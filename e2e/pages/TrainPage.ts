/**
 * Step 4, Train: transport (Play/Pause/Step/Reset and their keys), optimiser settings, progress,
 * the live charts and the confusion matrix; and the divergence note.
 */
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { OptimizerName } from '../../src/model/types';
import type { AppHook } from '../hook';

/** A curve read back from a LineChart's SVG: data values recovered through the y axis' ticks. */
export interface CurveReading {
  /** Points as drawn (after the chart's min/max decimation), in data units. */
  values: number[];
}

export class TrainPage {
  readonly playButton: Locator;
  readonly pauseButton: Locator;
  readonly stepButton: Locator;
  readonly resetButton: Locator;
  readonly runStatus: Locator;
  readonly progress: Locator;
  readonly progressStep: Locator;
  readonly progressEpoch: Locator;
  readonly optimizer: Locator;
  readonly learningRate: Locator;
  readonly batchSize: Locator;
  readonly epochs: Locator;
  readonly clipEnabled: Locator;
  readonly sampling: Locator;
  readonly lossChart: Locator;
  readonly accuracyChart: Locator;
  readonly gradNormChart: Locator;
  readonly confusionMatrix: Locator;
  /** The matrix's hover and keyboard read-out of one cell. */
  readonly confusionTooltip: Locator;
  /** The examples of the cell opened with a click (or Space), under the matrix. */
  readonly confusionMistakes: Locator;
  /** "Baselines: always answering X scores …" under the settings. */
  readonly baselineNote: Locator;
  readonly divergedNote: Locator;
  /** The learning rate is probably too high: the loss stays far above chance (finite, so no diverged note). */
  readonly highLossNote: Locator;
  readonly trainError: Locator;
  readonly keysHint: Locator;

  constructor(
    readonly page: Page,
    private readonly app: AppHook,
  ) {
    const screen = page.getByTestId('screen-train');
    this.playButton = screen.getByTestId('play');
    this.pauseButton = screen.getByTestId('pause');
    this.stepButton = screen.getByTestId('step');
    this.resetButton = screen.getByTestId('reset');
    this.runStatus = screen.getByTestId('run-status');
    this.progress = screen.getByTestId('progress');
    this.progressStep = screen.getByTestId('progress-step');
    this.progressEpoch = screen.getByTestId('progress-epoch');
    this.optimizer = screen.getByTestId('optimizer');
    this.learningRate = screen.getByTestId('learning-rate');
    this.batchSize = screen.getByTestId('batch-size');
    this.epochs = screen.getByTestId('epochs');
    this.clipEnabled = screen.getByTestId('clip-enabled');
    this.sampling = screen.getByTestId('train-sampling');
    this.lossChart = screen.getByTestId('loss-chart');
    this.accuracyChart = screen.getByTestId('accuracy-chart');
    this.gradNormChart = screen.getByTestId('grad-norm-chart');
    this.confusionMatrix = screen.getByTestId('confusion-matrix');
    this.confusionTooltip = this.confusionMatrix.getByRole('tooltip');
    this.confusionMistakes = screen.getByTestId('confusion-mistakes');
    this.baselineNote = screen.getByTestId('baseline-note');
    this.divergedNote = screen.getByTestId('diverged-note');
    this.highLossNote = screen.getByTestId('high-loss-note');
    this.trainError = screen.getByTestId('error-train');
    this.keysHint = screen.locator('.keys-hint');
  }

  async setOptimiser(settings: { optimizer?: OptimizerName; learningRate?: number; batchSize?: number; epochs?: number }): Promise<void> {
    if (settings.optimizer !== undefined) await this.optimizer.selectOption(settings.optimizer);
    if (settings.learningRate !== undefined) await this.learningRate.fill(String(settings.learningRate));
    if (settings.batchSize !== undefined) await this.batchSize.fill(String(settings.batchSize));
    if (settings.epochs !== undefined) await this.epochs.fill(String(settings.epochs));
  }

  async play(): Promise<void> {
    await this.playButton.click();
    await expect.poll(() => this.app.read('status')).toBe('training');
  }

  async pause(): Promise<void> {
    await this.pauseButton.click();
    await expect.poll(() => this.app.read('status')).not.toBe('training');
  }

  /**
   * Exactly `count` batches, one Step press each, every one waited for: unlike `trainSteps`, which polls a running
   * Play and can overshoot (a fast small model runs to the end of a short epoch between two polls).
   */
  async stepTimes(count: number): Promise<void> {
    const start = await this.app.read('trainingStep');
    for (let done = 1; done <= count; done += 1) {
      await this.stepButton.click();
      await expect.poll(() => this.app.read('trainingStep')).toBe(start + done);
      await this.waitUntilIdle();
    }
  }

  /** Train until the hook reports at least `steps` steps, then pause. */
  async trainSteps(steps: number): Promise<void> {
    await this.play();
    await expect.poll(() => this.app.read('trainingStep'), { timeout: 240_000 }).toBeGreaterThanOrEqual(steps);
    await this.pause();
  }

  /** Wait until the worker is idle (not training) so step counts stop moving. */
  async waitUntilIdle(): Promise<void> {
    await expect.poll(() => this.app.read('status')).not.toBe('training');
  }

  /** A LineChart series (e.g. 'train-loss') read back from the SVG: pixel y → value through two y-axis ticks. */
  async readCurve(chart: Locator, seriesId: string): Promise<CurveReading> {
    return chart.evaluate((root, id) => {
      const path = root.querySelector(`g.line-series[data-series="${id}"] path`);
      const d = path?.getAttribute('d') ?? '';
      const numbers = (d.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g) ?? []).map(Number);
      const pixelYs: number[] = [];
      for (let index = 1; index < numbers.length; index += 2) pixelYs.push(numbers[index]);
      const ticks = [...root.querySelectorAll('g.y-axis g.tick')]
        .map((tick) => {
          const match = /translate\([^,]+,\s*(-?[\d.]+)\)/.exec(tick.getAttribute('transform') ?? '');
          const value = Number((tick.textContent ?? '').replace(/[−–]/g, '-').replace(/[^\d.eE+-]/g, ''));
          return match ? { y: Number(match[1]), value } : null;
        })
        .filter((tick): tick is { y: number; value: number } => tick !== null && Number.isFinite(tick.value));
      if (ticks.length < 2) return { values: [] };
      const [a, b] = [ticks[0], ticks[ticks.length - 1]];
      const slope = (b.value - a.value) / (b.y - a.y);
      return { values: pixelYs.map((y) => a.value + (y - a.y) * slope) };
    }, seriesId);
  }

  /**
   * A LineChart reference line (e.g. "always positive") read back from the SVG: its y through two y-axis ticks, or null.
   * d3 draws ticks half a pixel lower than their value, so compare two lines' difference rather than one line's value.
   */
  async readReferenceLine(chart: Locator, label: string): Promise<number | null> {
    return chart.evaluate((root, wanted) => {
      const translateY = (element: Element) => {
        const match = /translate\([^,]+,\s*(-?[\d.]+)\)/.exec(element.getAttribute('transform') ?? '');
        return match ? Number(match[1]) : null;
      };
      const line = [...root.querySelectorAll('g.references g.reference')].find((group) => group.textContent === wanted);
      const y = line ? translateY(line) : null;
      const ticks = [...root.querySelectorAll('g.y-axis g.tick')]
        .map((tick) => ({ y: translateY(tick), value: Number((tick.textContent ?? '').replace(/[−–]/g, '-').replace(/[^\d.eE+-]/g, '')) }))
        .filter((tick): tick is { y: number; value: number } => tick.y !== null && Number.isFinite(tick.value));
      if (y === null || ticks.length < 2) return null;
      const [a, b] = [ticks[0], ticks[ticks.length - 1]];
      return a.value + ((y - a.y) * (b.value - a.value)) / (b.y - a.y);
    }, label);
  }

  /** Confusion cells drawn (rows × columns) and the row totals shown beside them. */
  async confusionShape(): Promise<{ cells: number; rowTotals: number[] }> {
    return this.confusionMatrix.evaluate((root) => ({
      // Cells are canvas pixels; the chart states how many classes it laid out (cells = classes²).
      cells: Number(root.querySelector('g.cells')?.getAttribute('data-class-count') ?? 0) ** 2,
      rowTotals: [...root.querySelectorAll('g.row-totals text')].map((text) => Number((text.textContent ?? '').replace(/,/g, ''))),
    }));
  }
}
