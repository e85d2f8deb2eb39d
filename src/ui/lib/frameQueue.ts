/**
 * One chart redraw per animation frame. While training, the worker, the GPU process and this thread share
 * two cores; a frame that redraws every chart at once becomes one long task. Queued by key, so a chart
 * that is asked again before its turn is drawn once, with its newest data.
 */
type Job = () => void;

const queue = new Map<string, Job>();
let frame = 0;

function runOne(): void {
  frame = 0;
  const next = queue.entries().next();
  if (next.done) return;
  const [key, job] = next.value;
  queue.delete(key);
  job();
  if (queue.size > 0) frame = requestAnimationFrame(runOne);
}

/** Run `job` in a coming frame, replacing a job with the same key that has not run yet (it keeps its place). */
export function scheduleDraw(key: string, job: Job): void {
  queue.set(key, job);
  if (frame === 0) frame = requestAnimationFrame(runOne);
}

/** Forget a chart's pending draw (it is being destroyed). */
export function cancelDraw(key: string): void {
  queue.delete(key);
}
