/** The "Your text" lab: the text, the model's settings and transport, the samples, the units and the saliency strip. */
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

export class TextLabPage {
  readonly toggle: Locator;
  readonly draft: Locator;
  readonly summary: Locator;
  readonly error: Locator;
  readonly testResult: Locator;
  readonly sample: Locator;
  readonly colouredCharacters: Locator;
  readonly ranked: Locator;
  readonly saliencyBars: Locator;
  readonly playButton: Locator;
  readonly stepButton: Locator;
  readonly buildButton: Locator;
  /** Why Play, Step and New weights are refused while a setting shows an invalid value. */
  readonly settingsBlocked: Locator;
  /** "The training loss is far above chance" (the Train screen's note, in the lab's words). */
  readonly highLossNote: Locator;

  constructor(private readonly page: Page) {
    this.toggle = page.getByTestId('text-lab-toggle');
    this.draft = page.getByTestId('text-draft');
    this.summary = page.getByTestId('text-summary');
    this.error = page.getByTestId('text-error');
    this.testResult = page.getByTestId('text-test-result');
    this.sample = page.getByTestId('text-sample-output');
    this.colouredCharacters = page.getByTestId('unit-char');
    this.ranked = page.getByTestId('units-ranked');
    this.saliencyBars = page.getByTestId('saliency-bar');
    this.playButton = page.getByTestId('text-play');
    this.stepButton = page.getByTestId('text-step');
    this.buildButton = page.getByTestId('text-build');
    this.settingsBlocked = page.getByTestId('text-settings-blocked');
    this.highLossNote = page.getByTestId('text-lab').getByTestId('high-loss-note');
  }

  async open(): Promise<void> {
    await this.toggle.click();
    await this.reopened();
  }

  /** The lab is open (a visit whose link names it opens there) and what was kept last time is back. */
  async reopened(): Promise<void> {
    await expect(this.page.getByTestId('text-lab'), 'Your text is open').toBeVisible();
    await expect(this.toggle).toHaveAttribute('aria-pressed', 'true');
    // What was kept last time is back once the text can be edited again.
    await expect(this.draft).toBeEnabled();
  }

  async useText(text: string): Promise<void> {
    await this.draft.fill(text);
    await this.page.getByTestId('text-use').click();
    await expect(this.summary).toBeVisible();
  }

  async upload(name: string, bytes: Buffer): Promise<void> {
    await this.page.getByTestId('text-file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
  }

  async setNumber(testId: string, value: number): Promise<void> {
    await this.page.getByTestId(testId).fill(String(value));
  }

  /** Empty the field, then type `text` key by key, as a student does (every keystroke is a change the form sees). */
  async typeNumber(testId: string, text: string): Promise<void> {
    const field = this.page.getByTestId(testId);
    await field.fill('');
    await field.pressSequentially(text);
  }
}
