/** The Generate names task's controls: its Model card, Train view and Generate view (Inspect step). */
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { AppShell } from './AppShell';

export class GeneratePage {
  constructor(private readonly page: Page) {}

  get taskOption(): Locator {
    return this.page.getByTestId('task-names-gen');
  }
  get names(): Locator {
    return this.page.getByTestId('generated-names');
  }
  get strip(): Locator {
    return this.page.getByTestId('top5-strip');
  }
  get testResult(): Locator {
    return this.page.getByTestId('generator-test-result');
  }
  get epochSamples(): Locator {
    return this.page.getByTestId('epoch-samples');
  }
  get forcingTable(): Locator {
    return this.page.getByTestId('forcing-table');
  }

  async choose(): Promise<void> {
    await this.taskOption.check();
    await expect(this.taskOption).toBeChecked();
  }

  /** Open the app on wasm, choose Generate names, wait for the data and build a generator of `hiddenSize` units. */
  async buildOnWasm(shell: AppShell, hiddenSize: number, more: Record<string, number> = {}): Promise<void> {
    await shell.open('backend=wasm');
    await this.choose();
    await shell.waitForData();
    await shell.goTo('model');
    await this.setNumber('generator-hidden', hiddenSize);
    for (const [testId, value] of Object.entries(more)) await this.setNumber(testId, value);
    await this.build();
  }

  async setNumber(testId: string, value: number): Promise<void> {
    const field = this.page.getByTestId(testId);
    await field.fill(String(value));
    await field.blur();
  }

  async build(): Promise<void> {
    await this.page.getByTestId('generator-build').click();
    await expect(this.page.getByTestId('generator-built')).toBeVisible();
  }

  async setTemperature(value: number): Promise<void> {
    await this.page.getByTestId('temperature').fill(String(value));
    await expect(this.page.getByTestId('temperature-value')).toHaveText(value.toFixed(2));
  }

  /** The names drawn, once a draw for the current settings is on screen (it replaces `previous`, if given). */
  async namesText(previous?: string): Promise<string> {
    if (previous !== undefined) await expect(this.names).not.toHaveText(previous);
    await expect(this.names.locator('li')).toHaveCount(5);
    return (await this.names.textContent()) ?? '';
  }
}
