/** The Memory lab (header button, or `lab=memory` in the link): its levers, the race and the race's result. */
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

export class MemoryLabPage {
  readonly lab: Locator;
  readonly controls: Locator;
  readonly charts: Locator;
  readonly raceButton: Locator;
  readonly raceResult: Locator;

  constructor(private readonly page: Page) {
    this.lab = page.getByTestId('memory-lab');
    this.controls = this.lab.locator('.train-controls');
    this.charts = this.lab.locator('.memory-charts');
    this.raceButton = page.getByTestId('memory-race');
    this.raceResult = page.getByTestId('memory-race-result');
  }

  async setNumber(testId: string, value: number): Promise<void> {
    const field = this.page.getByTestId(testId);
    await field.fill(String(value));
    await field.blur();
  }

  /** The smallest race the lab runs in seconds (distance 4, hidden 4, 10 steps), waited for to its result. */
  async raceTiny(): Promise<void> {
    await this.page.getByTestId('memory-distance').fill('4');
    await this.setNumber('memory-hidden', 4);
    await this.setNumber('memory-steps', 10);
    await this.raceButton.click();
    await expect(this.raceResult).toBeVisible({ timeout: 240_000 });
  }

  /** One cell's ‖∂L/∂h_t‖ heatmap (rnn, lstm, gru): its figure, with the cell's name as caption. */
  gradientHeatmap(cell: string): Locator {
    return this.page.getByTestId(`memory-gradients-${cell}`);
  }

  /**
   * A heatmap's cells as drawn (px): the block of cells is its hover area, its rows and columns those its name counts
   * ("… 2 training step × 6 timestep t"); `figureWidth` the box the heatmap has. Waits until the drawing is as wide
   * as its box (after a change of window or type the chart draws again on the next frame).
   */
  async heatmapCells(cell: string): Promise<{ cellWidth: number; cellHeight: number; plotWidth: number; figureWidth: number }> {
    const figure = this.gradientHeatmap(cell);
    const drawnForItsBox = () =>
      figure.evaluate((element) => {
        const svg = element.querySelector('svg');
        const box = element.querySelector('.heatmap-view');
        return svg !== null && box !== null && Math.abs(Number(svg.getAttribute('width')) - box.clientWidth) < 1;
      });
    await expect.poll(drawnForItsBox, { message: `${cell}: the heatmap drawn for the width of its box` }).toBe(true);
    return figure.evaluate((element) => {
      const svg = element.querySelector('svg');
      const block = element.querySelector('rect.hit-area');
      const counts = /: (\d+) .* × (\d+) /.exec(svg?.getAttribute('aria-label') ?? '');
      if (!block || !counts) throw new Error('the heatmap has no block of cells');
      const { width, height } = block.getBoundingClientRect();
      return { cellWidth: width / Number(counts[2]), cellHeight: height / Number(counts[1]), plotWidth: width, figureWidth: element.getBoundingClientRect().width };
    });
  }
}
