/**
 * The page's main-thread tasks over a stretch of a test, from a Chromium trace ('toplevel' RunTask
 * events): each task's wall time and its thread (CPU) time. The 'longtask' entries the app's test hook
 * counts are wall time, which on a loaded machine (two cores shared by many jobs, load average 18 seen)
 * stretches a 60 ms task to 500 ms while the thread waits for a core; the thread time is what the page
 * itself cost, so hard limits are set on it and the wall time is reported beside it.
 */
import type { Page } from '@playwright/test';

export interface MainThreadTasks {
  /** Longest task, wall clock, ms. */
  longestWallMs: number;
  /** Longest task, main-thread CPU time, ms. */
  longestThreadMs: number;
  /** Tasks over 50 ms of CPU time. */
  longThreadTasks: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Trace `page` while `during` runs; returns its main thread's longest tasks. */
export async function traceMainThread(page: Page, during: () => Promise<void>): Promise<MainThreadTasks> {
  const browser = page.context().browser();
  if (!browser) throw new Error('Tracing needs a browser (not a persistent context).');
  await browser.startTracing(page, { categories: ['toplevel', '__metadata'] });
  let buffer: Buffer;
  try {
    await during();
  } finally {
    buffer = await browser.stopTracing();
  }
  const { traceEvents } = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] };
  const mainThreads = new Set(
    traceEvents.filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain').map((event) => `${event.pid}:${event.tid}`),
  );
  const tasks = traceEvents.filter((event) => event.ph === 'X' && (event.name === 'ThreadControllerImpl::RunTask' || event.name === 'RunTask') && mainThreads.has(`${event.pid}:${event.tid}`));
  if (tasks.length === 0) throw new Error('The trace holds no main-thread tasks: is the "toplevel" category still recorded?');
  if (!tasks.some((task) => task.tdur !== undefined)) throw new Error('The trace has no thread times (tdur): Chromium recorded wall times only.');
  const threadMs = tasks.map((task) => (task.tdur ?? 0) / 1000);
  return {
    longestWallMs: Math.max(...tasks.map((task) => (task.dur ?? 0) / 1000)),
    longestThreadMs: Math.max(...threadMs),
    longThreadTasks: threadMs.filter((ms) => ms > 50).length,
  };
}
