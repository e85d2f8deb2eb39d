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
}
