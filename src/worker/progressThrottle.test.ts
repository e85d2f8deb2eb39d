import { describe, expect, it } from 'vitest';
import { ProgressThrottle } from './progressThrottle';
import { createYieldToEventLoop } from './yieldToEventLoop';

describe('ProgressThrottle', () => {
  it('sends the first step at once, then at most once per interval, every step exactly once', () => {
    let now = 0;
    const throttle = new ProgressThrottle(() => now, 200);
    const sent: number[][] = [];
    for (let step = 1; step <= 50; step++) {
      now += 30;
      throttle.record(step, 1 / step, 2 / step, 30);
      if (throttle.isDue()) sent.push(Array.from(throttle.take().trainLoss.filter((_, index) => index % 2 === 0)));
    }
    expect(sent[0]).toEqual([1]);
    // 1,500 ms of steps at one batch per 200 ms after the first.
    expect(sent.length).toBe(8);
    expect(sent.flat()).toEqual(Array.from({ length: sent.flat().length }, (_, index) => index + 1));
    expect(throttle.pendingSteps).toBe(50 - sent.flat().length);
    expect(throttle.stepsPerSecond()).toBeCloseTo(1000 / 30);
  });

  it('pairs each gradient norm with its step and starts afresh after clear', () => {
    let now = 0;
    const throttle = new ProgressThrottle(() => now, 200);
    throttle.record(4, 0.5, 3, 10);
    throttle.record(5, 0.25, 6, 10);
    const batch = throttle.take();
    expect(Array.from(batch.trainLoss)).toEqual([4, 0.5, 5, 0.25]);
    expect(Array.from(batch.gradNorm)).toEqual([4, 3, 5, 6]);
    now = 50;
    throttle.record(6, 0.1, 1, 10);
    expect(throttle.isDue()).toBe(false);
    throttle.clear();
    expect(throttle.pendingSteps).toBe(0);
    expect(throttle.stepsPerSecond()).toBe(0);
    throttle.record(1, 1, 1, 10);
    expect(throttle.isDue()).toBe(true);
  });
});

describe('createYieldToEventLoop', () => {
  it('resolves on a later task, not in the same microtask queue, and serves many waiters', async () => {
    const yieldToEventLoop = createYieldToEventLoop();
    let resolvedCount = 0;
    const waits = [yieldToEventLoop(), yieldToEventLoop(), yieldToEventLoop()].map((wait) => wait.then(() => resolvedCount++));
    for (let turn = 0; turn < 10; turn++) await Promise.resolve();
    expect(resolvedCount).toBe(0);
    await Promise.all(waits);
    expect(resolvedCount).toBe(3);
  });
});
