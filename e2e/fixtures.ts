/**
 * The e2e fixture every spec uses (tldraw's e2e shape): a page that
 * - fails the test on any console error or uncaught page error (from the page and its workers),
 * - fails the test on any request that leaves the app's origin (the Content-Security-Policy promise of
 *   the app: nothing leaves the browser; data: and blob: URLs stay inside it),
 * - fails the test on any dialog (alert/confirm/prompt): nothing the user types may run,
 * - skips the first-visit walk-through unless a test asks for it,
 * - reads the app's typed test hook through `AppHook` (hook.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { test as base, expect } from '@playwright/test';
import { AppHook } from './hook';
import { AppShell } from './pages/AppShell';
import { DataPage } from './pages/DataPage';
import { EncodePage } from './pages/EncodePage';
import { InspectPage } from './pages/InspectPage';
import { ModelPage } from './pages/ModelPage';
import { TrainPage } from './pages/TrainPage';

/** Same key as src/ui/state/persistence.ts: set, the walk-through counts as seen. */
const WALKTHROUGH_KEY = 'rnn-playground/walkthrough-seen';

/** Where step screenshots are copied for people to look at (gitignored): `e2e-artifacts/` beside `e2e/`. */
export function artifactDir(testInfo: TestInfo): string {
  return path.resolve(testInfo.project.testDir, '..', 'e2e-artifacts');
}

export interface PlaygroundFixtures {
  /** Whether the first-visit walk-through is marked as seen before the app loads (default true). */
  skipWalkthrough: boolean;
  /** Console errors a test expects on purpose (none by default: keep this empty unless a test explains why). */
  allowedConsoleErrors: RegExp[];
  app: AppHook;
  shell: AppShell;
  dataPage: DataPage;
  encodePage: EncodePage;
  modelPage: ModelPage;
  trainPage: TrainPage;
  inspectPage: InspectPage;
  /** Every URL the page (and its workers) requested, in order. */
  requests: string[];
}

function describeConsole(type: string, text: string, location: string): string {
  return `[console.${type}] ${text}${location ? ` (${location})` : ''}`;
}

export const test = base.extend<PlaygroundFixtures>({
  skipWalkthrough: [true, { option: true }],
  allowedConsoleErrors: [[], { option: true }],

  requests: async ({ context }, use) => {
    const urls: string[] = [];
    // The context sees requests from every page and worker it owns.
    context.on('request', (request) => urls.push(request.url()));
    await use(urls);
  },

  page: async ({ page, skipWalkthrough, allowedConsoleErrors, requests, baseURL }, use) => {
    const problems: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      if (allowedConsoleErrors.some((pattern) => pattern.test(text))) return;
      const { url, lineNumber } = message.location();
      problems.push(describeConsole(message.type(), text, url ? `${url}:${lineNumber}` : ''));
    });
    page.on('pageerror', (error) => problems.push(`[pageerror] ${error.name}: ${error.message}`));
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => undefined);
    });
    if (skipWalkthrough) {
      await page.addInitScript((key) => {
        try {
          localStorage.setItem(key, '1');
        } catch {
          // A page without storage shows the tour; the test will notice.
        }
      }, WALKTHROUGH_KEY);
    }

    await use(page);

    const origin = new URL(baseURL ?? 'http://localhost/').origin;
    const outside = requests.filter((url) => {
      if (url.startsWith('data:') || url.startsWith('blob:')) return false;
      return new URL(url).origin !== origin;
    });
    expect(outside, `requests that left the app's origin ${origin}`).toEqual([]);
    expect(dialogs, 'dialogs opened (something the user typed ran as code?)').toEqual([]);
    expect(problems, 'console errors and uncaught page errors').toEqual([]);
  },

  app: async ({ page }, use) => {
    await use(new AppHook(page));
  },
  shell: async ({ page, app }, use) => {
    await use(new AppShell(page, app));
  },
  dataPage: async ({ page }, use) => {
    await use(new DataPage(page));
  },
  encodePage: async ({ page }, use) => {
    await use(new EncodePage(page));
  },
  modelPage: async ({ page }, use) => {
    await use(new ModelPage(page));
  },
  trainPage: async ({ page, app }, use) => {
    await use(new TrainPage(page, app));
  },
  inspectPage: async ({ page }, use) => {
    await use(new InspectPage(page));
  },
});

export { expect };

/**
 * Screenshot of the page as a test artifact (in the HTML report) and as `e2e-artifacts/<name>.png`,
 * so people can look at every step without opening the report.
 */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string, fullPage = true): Promise<void> {
  const image = await page.screenshot({ fullPage, animations: 'disabled' });
  await testInfo.attach(name, { body: image, contentType: 'image/png' });
  const directory = artifactDir(testInfo);
  await mkdir(directory, { recursive: true });
  await writeFile(path.join(directory, `${name}.png`), image);
}
