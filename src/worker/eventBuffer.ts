/**
 * A race's events (classifier races and memory-lab races alike), gathered and posted at most once per
 * `intervalMs` so that a fast race does not flood the main thread with messages. Every event other than a step
 * (the start, an evaluation, an insight, a divergence) is rare and is what the charts draw: it goes at once,
 * with the steps gathered before it.
 */
export interface EventBuffer<E> {
  add(event: E): void;
  /** Post what is gathered now (the race's end). */
  flush(): void;
}

export function eventBuffer<E extends { kind: string }>(post: (events: E[]) => void, now: () => number, intervalMs: number): EventBuffer<E> {
  let pending: E[] = [];
  let lastPost = -Infinity;
  const flush = () => {
    if (pending.length === 0) return;
    post(pending);
    pending = [];
    lastPost = now();
  };
  return {
    add(event) {
      pending.push(event);
      if (event.kind !== 'step' || now() - lastPost >= intervalMs) flush();
    },
    flush,
  };
}
