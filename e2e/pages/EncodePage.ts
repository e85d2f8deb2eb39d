/** Step 2, Encode: a typed name as its one-hot grid (or a sentence as tokens and ids). */
import type { Locator, Page } from '@playwright/test';

export class EncodePage {
  readonly input: Locator;
  readonly oneHotGrid: Locator;
  /** "T × 1 × 57". */
  readonly oneHotShape: Locator;
  readonly droppedLetters: Locator;
  readonly tokenIds: Locator;
  /** "A batch: padding and masking": the typed text and three training examples, padded to T. */
  readonly paddedBatch: Locator;

  constructor(readonly page: Page) {
    const screen = page.getByTestId('screen-encode');
    this.input = screen.getByTestId('encode-input');
    this.oneHotGrid = screen.getByTestId('one-hot-grid');
    this.oneHotShape = screen.getByTestId('one-hot-shape');
    this.droppedLetters = screen.getByTestId('dropped-letters');
    this.tokenIds = screen.getByTestId('token-ids');
    this.paddedBatch = screen.getByTestId('padded-batch');
  }

  async type(text: string): Promise<void> {
    await this.input.fill(text);
  }

  /** The padded batch's row for the typed text ("yours"). */
  typedBatchRow(): Locator {
    return this.paddedBatch.locator('tr.is-typed');
  }
}
