/**
 * The frame around every screen: the five step tabs, the header (task title, backend badge and
 * selector, presenter toggle), the notice bar, the worker's error note and the first-visit tour.
 */
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { AppHook } from '../hook';

export type StepId = 'data' | 'encode' | 'model' | 'train' | 'inspect';
import type { BackendChoice } from '../../src/model/backendTypes';

export class AppShell {
  readonly taskTitle: Locator;
  /** The header's badge: the only one, on every screen. */
  readonly backendBadge: Locator;
  readonly backendSelect: Locator;
  /** "Try WebGPU again": shown while another backend runs than the one chosen. */
  readonly backendRetry: Locator;
  /** The "Why?" panel: the choice, why another backend runs, the backend's own reason and adapter. */
  readonly backendWhy: Locator;
  readonly presenterToggle: Locator;
  readonly notice: Locator;
  readonly workerError: Locator;
  readonly walkthrough: Locator;

  constructor(
    readonly page: Page,
    private readonly app: AppHook,
  ) {
    const header = page.locator('header.app-header');
    this.taskTitle = page.getByTestId('task-title');
    this.backendBadge = header.getByTestId('backend-badge');
    this.backendSelect = header.getByTestId('backend-select');
    this.backendRetry = header.getByTestId('backend-retry');
    this.backendWhy = header.getByTestId('backend-reason');
    this.presenterToggle = page.getByTestId('presenter-toggle');
    this.notice = page.getByTestId('notice');
    this.workerError = page.getByTestId('error-worker');
    this.walkthrough = page.getByTestId('walkthrough');
  }

  /** Open the app (optionally with query parameters such as `backend=wasm`) and wait for its hook and first data. */
  async open(query = ''): Promise<void> {
    await this.page.goto(query ? `./?${query}` : './');
    await this.app.ready();
    await this.waitForData();
  }

  /** The built-in or uploaded data is on screen (the title leaves "Loading data…"). */
  async waitForData(): Promise<void> {
    await expect(this.taskTitle).not.toHaveText(/Loading data/);
  }

  tab(step: StepId): Locator {
    return this.page.getByTestId(`step-tab-${step}`);
  }

  screen(step: StepId): Locator {
    return this.page.getByTestId(`screen-${step}`);
  }

  async goTo(step: StepId): Promise<void> {
    await this.tab(step).click();
    await expect(this.tab(step)).toHaveAttribute('aria-selected', 'true');
    await expect(this.screen(step)).toBeVisible();
  }

  async chooseBackend(choice: BackendChoice): Promise<void> {
    await this.backendSelect.selectOption(choice);
  }

  /** Open the "Why?" panel (a disclosure: a click outside closes it) unless it is open. */
  async openBackendWhy(): Promise<void> {
    if (await this.backendWhy.isHidden()) await this.page.getByTestId('backend-why').click();
    await expect(this.backendWhy).toBeVisible();
  }

  /** The badge names the active backend in plain words ("Running on WebGPU (…)"); `data-active` holds its id. */
  async expectBackend(active: string): Promise<void> {
    await expect(this.backendBadge).toHaveAttribute('data-active', active);
  }

  async togglePresenter(): Promise<void> {
    await this.presenterToggle.click();
  }
}
