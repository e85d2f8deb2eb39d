/** Step 1, Data: the task picker, class chart, sample rows, splits, sampling, and the upload panel. */
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { InputLevel, TaskId } from '../../src/data/types';

/** A file made in the test: `page.setInputFiles` takes it as a buffer, nothing touches the disk. */
export interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export class DataPage {
  readonly classChart: Locator;
  readonly majorityNote: Locator;
  readonly sampleRows: Locator;
  readonly splitSizes: Locator;
  readonly lengthHistogram: Locator;
  readonly dataError: Locator;
  readonly uploadPanel: Locator;
  readonly uploadFile: Locator;
  readonly uploadError: Locator;
  readonly uploadPreview: Locator;
  /** The preview's heading: "Preview: <file> (<n> classes, <level>)". */
  readonly uploadPreviewTitle: Locator;
  readonly uploadWarnings: Locator;
  readonly uploadUse: Locator;
  readonly uploadUsed: Locator;

  constructor(readonly page: Page) {
    const screen = page.getByTestId('screen-data');
    this.classChart = screen.getByTestId('class-count-chart').first();
    this.majorityNote = screen.getByTestId('majority-note');
    this.sampleRows = screen.getByTestId('sample-rows');
    this.splitSizes = screen.getByTestId('split-sizes');
    this.lengthHistogram = screen.getByTestId('length-histogram').first();
    this.dataError = screen.getByTestId('error-data');
    this.uploadPanel = screen.getByTestId('upload-panel');
    this.uploadFile = screen.getByTestId('upload-file');
    this.uploadError = screen.getByTestId('error-upload');
    this.uploadPreview = screen.getByTestId('upload-preview');
    this.uploadPreviewTitle = screen.getByTestId('upload-preview-title');
    this.uploadWarnings = screen.getByTestId('upload-warnings');
    this.uploadUse = screen.getByTestId('upload-use');
    this.uploadUsed = screen.getByTestId('upload-used');
  }

  task(task: TaskId): Locator {
    return this.page.getByTestId(`task-${task}`);
  }

  async pickTask(task: TaskId): Promise<void> {
    await this.task(task).check();
    await expect(this.task(task)).toBeChecked();
  }

  async chooseLevel(level: InputLevel): Promise<void> {
    await this.page.getByTestId(`upload-level-${level}`).check();
  }

  /** Choose files in the upload panel's picker (the panel parses them in the worker at once). */
  async upload(files: FilePayload | FilePayload[]): Promise<void> {
    await this.uploadFile.setInputFiles(Array.isArray(files) ? files : [files]);
  }

  /** Upload a good file, wait for its preview, and adopt it as the current data. */
  async uploadAndUse(files: FilePayload | FilePayload[]): Promise<void> {
    await this.upload(files);
    await expect(this.uploadPreview).toBeVisible();
    await this.uploadUse.click();
    await expect(this.uploadUsed).toBeVisible();
  }

  /** The preview's sample-row texts (the first column). */
  previewTexts(): Locator {
    return this.uploadPreview.locator('td.sample-text');
  }
}
