/**
 * Run one expression in a Chromium page served by Vite's dev server, for the profilers (`npm run
 * profile:webgl`, `npm run profile:webgpu -- --browser`): the dev server lets the page import a profiler's
 * module by its source path, and Chromium gets the e2e tests' flags, so it profiles the browser students use.
 */
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { chromiumArgs } from './chromiumArgs';

/**
 * Evaluate `expression` (a string, not a function: tsx would add helpers to a function's source that the page
 * does not have) in a fresh page at the dev server's root, and return its value.
 */
export async function evaluateInDevServerPage<T>(expression: string): Promise<T> {
  const server = await createServer({ logLevel: 'warn', server: { host: 'localhost', port: 0 } });
  await server.listen();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('The Vite dev server did not report its address.');
    await page.goto(url);
    return (await page.evaluate(expression)) as T;
  } finally {
    await browser.close();
    await server.close();
  }
}
