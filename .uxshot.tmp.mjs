import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:4791/';
const args = ['--no-sandbox'];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
const mode = process.argv[2] ?? 'phone';
const vp = mode === 'phone' ? { width: 390, height: 844 } : mode === 'present' ? { width: 1920, height: 1080 } : { width: 1280, height: 800 };
const context = await browser.newContext({ viewport: vp, reducedMotion: 'reduce' });
const page = await context.newPage();
page.on('console', (m) => { if (m.type() === 'error') console.log('console error', m.text()); });
const q = process.argv[3] ?? 'backend=wasm';
if (process.argv[4] !== 'tour') await page.addInitScript(() => localStorage.setItem('rnn-playground/walkthrough-seen', '1'));
await page.goto(base + '?' + q);
await page.waitForFunction(() => window.__rnnPlayground !== undefined);
await page.waitForTimeout(1500);
const steps = (process.argv[5] ?? 'data,encode,model,train,inspect').split(',');
if (process.argv[4] === 'tour') { await page.screenshot({ path: `/tmp/uxshots/${mode}-tour.png` }); process.exit(0); }
for (const step of steps) {
  await page.getByTestId(`step-tab-${step}`).click();
  if (step === 'train' && process.argv[6] === 'play') {
    await page.getByTestId('play').click();
    await page.waitForTimeout(Number(process.argv[7] ?? 15000));
  }
  await page.waitForTimeout(1200);
  await page.screenshot({ path: `/tmp/uxshots/${mode}-${step}.png`, fullPage: process.argv[8] === 'full' });
  const header = await page.locator('header.app-header').boundingBox();
  const bar = await page.locator('nav.step-bar').boundingBox();
  console.log(step, 'header', header?.height, 'stepbar', bar?.height, 'scrollW', await page.evaluate(() => document.documentElement.scrollWidth));
}
await browser.close();
