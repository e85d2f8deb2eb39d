/**
 * Typed access to the app's test hook (`window.__rnnPlayground`, src/ui/testHook.ts's RnnPlaygroundTestApi)
 * from the test side. Its own module so page objects and the fixtures both import it without importing
 * each other.
 */
import type { Page } from '@playwright/test';
import type { RnnPlaygroundTestApi } from '../src/ui/testHook';

/** The hook's read-only facts (its methods are called through `AppHook` below). */
export type HookFacts = {
  [K in keyof RnnPlaygroundTestApi as RnnPlaygroundTestApi[K] extends (...args: never[]) => unknown ? never : K]: RnnPlaygroundTestApi[K];
};

/** Typed access to `window.__rnnPlayground` from the test side. */
export class AppHook {
  constructor(private readonly page: Page) {}

  /** Wait until the app has installed its hook (first render). */
  async ready(): Promise<void> {
    await this.page.waitForFunction(() => window.__rnnPlayground !== undefined);
  }

  /** One fact, e.g. `await app.read('trainingStep')`. */
  async read<K extends keyof HookFacts>(key: K): Promise<HookFacts[K]> {
    return this.page.evaluate((name) => {
      const api = window.__rnnPlayground;
      if (!api) throw new Error('window.__rnnPlayground is not installed');
      return api[name as keyof typeof api] as never;
    }, key);
  }

  async resetLongTasks(): Promise<void> {
    await this.page.evaluate(() => window.__rnnPlayground?.resetLongTasks());
  }

  /** The current model's log-probabilities for `text`, as numbers (exact, for before/after comparisons). */
  async logProbsOf(text: string): Promise<number[]> {
    return this.page.evaluate(async (input) => {
      const api = window.__rnnPlayground;
      if (!api) throw new Error('window.__rnnPlayground is not installed');
      return api.logProbsOf(input);
    }, text);
  }

  /** The current model's log-probabilities for each text (exact: equal arrays mean equal weights, for practical purposes). */
  async logProbs(texts: string[]): Promise<number[][]> {
    return this.page.evaluate((inputs) => {
      const api = window.__rnnPlayground;
      if (!api) throw new Error('window.__rnnPlayground is not installed');
      return api.logProbs(inputs);
    }, texts);
  }

  /** The names generator's teacher-forced log-probabilities of `text` for `condition` (exact, for before/after comparisons). */
  async generatorLogProbs(text: string, condition: string): Promise<number[][]> {
    return this.page.evaluate(([input, language]) => {
      const api = window.__rnnPlayground;
      if (!api) throw new Error('window.__rnnPlayground is not installed');
      return api.generatorLogProbs(input, language);
    }, [text, condition] as const);
  }

  /** The own-text model's log-probabilities of each character of `text` (exact, for before/after comparisons). */
  async textLogProbs(text: string): Promise<number[]> {
    return this.page.evaluate(async (input) => {
      const api = window.__rnnPlayground;
      if (!api) throw new Error('window.__rnnPlayground is not installed');
      return api.textLogProbs(input);
    }, text);
  }

  /** Make the worker throw an uncaught error; the app notices and restarts it by itself. */
  async crashWorker(): Promise<void> {
    await this.page.evaluate(() => window.__rnnPlayground?.crashWorker());
  }

  /**
   * Lose the worker's GPU: its WebGL context (WEBGL_lose_context) and its WebGPU device (destroy()), also those kept
   * after a switch away; the app notices the loss by itself.
   */
  async loseGpu(): Promise<void> {
    await this.page.evaluate(() => window.__rnnPlayground?.loseGpu());
  }

  /**
   * The current worker's browser offers no WebGPU adapter from now on (`isRefused`), as Chromium after repeated GPU
   * crashes, or offers them again.
   */
  async refuseGpuAdapters(isRefused: boolean): Promise<void> {
    await this.page.evaluate((refused) => window.__rnnPlayground?.refuseGpuAdapters(refused), isRefused);
  }

  async restartWorker(reason?: string, failedBackend?: boolean): Promise<void> {
    await this.page.evaluate(([why, failed]) => window.__rnnPlayground?.restartWorker(why, failed), [reason, failedBackend] as const);
  }
}
