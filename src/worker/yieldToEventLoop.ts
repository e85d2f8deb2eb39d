/**
 * Let the worker's event loop run between training steps, so `pause`, `step` and `reset` messages are
 * handled while a run is going. A macrotask is needed (a resolved promise would starve the message
 * queue); `setTimeout(0)` is clamped to 4 ms once nested, which at ~10 ms per step would cost ~30%
 * of the speed, while a MessageChannel message is delivered without a clamp.
 */
export type YieldToEventLoop = () => Promise<void>;

export function createYieldToEventLoop(): YieldToEventLoop {
  if (typeof MessageChannel === 'undefined') return () => new Promise((resolve) => setTimeout(resolve, 0));
  let channel: MessageChannel | null = null;
  const waiting: (() => void)[] = [];
  return () =>
    new Promise<void>((resolve) => {
      if (channel === null) {
        channel = new MessageChannel();
        channel.port1.onmessage = () => waiting.shift()?.();
      }
      waiting.push(resolve);
      channel.port2.postMessage(null);
    });
}
