/** Step 3, Model: cell, sizes, presets, build, the diagram, parameter table, equations, and GloVe (words). */
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { CellType } from '../../src/model/types';

export class ModelPage {
  readonly hiddenSize: Locator;
  readonly numLayers: Locator;
  readonly bidirectional: Locator;
  readonly dropout: Locator;
  readonly embeddingDim: Locator;
  readonly trainableEmbedding: Locator;
  readonly buildButton: Locator;
  readonly buildState: Locator;
  readonly parameterTable: Locator;
  readonly parameterTotal: Locator;
  readonly diagram: Locator;
  readonly equations: Locator;
  readonly modelError: Locator;
  readonly glovePanel: Locator;
  readonly gloveFile: Locator;
  readonly gloveCoverage: Locator;
  readonly gloveError: Locator;

  constructor(readonly page: Page) {
    const screen = page.getByTestId('screen-model');
    this.hiddenSize = screen.getByTestId('hidden-size');
    this.numLayers = screen.getByTestId('num-layers');
    this.bidirectional = screen.getByTestId('bidirectional');
    this.dropout = screen.getByTestId('dropout');
    this.embeddingDim = screen.getByTestId('embedding-dim');
    this.trainableEmbedding = screen.getByTestId('trainable-embedding');
    this.buildButton = screen.getByTestId('build-model');
    this.buildState = screen.getByTestId('build-state');
    this.parameterTable = screen.getByTestId('parameter-table');
    this.parameterTotal = screen.getByTestId('parameter-total');
    this.diagram = screen.getByTestId('network-diagram');
    this.equations = screen.getByTestId('cell-equations');
    this.modelError = screen.getByTestId('error-model');
    this.glovePanel = screen.getByTestId('glove-panel');
    this.gloveFile = screen.getByTestId('glove-file');
    this.gloveCoverage = screen.getByTestId('glove-coverage');
    this.gloveError = screen.getByTestId('error-glove');
  }

  async chooseCell(cell: CellType): Promise<void> {
    await this.page.getByTestId(`cell-${cell}`).check();
  }

  async applyPreset(id: string): Promise<void> {
    await this.page.getByTestId(`preset-${id}`).click();
  }

  async setHiddenSize(size: number): Promise<void> {
    await this.hiddenSize.fill(String(size));
  }

  async setEmbeddingDim(size: number): Promise<void> {
    await this.embeddingDim.fill(String(size));
  }

  /** Build (or rebuild) and wait until the built model matches the settings. */
  async build(): Promise<void> {
    await this.buildButton.click();
    await expect(this.buildState).toHaveText(/matches these settings/);
  }
}
