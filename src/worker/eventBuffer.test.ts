/** The race event buffer: steps within an interval travel together; anything else goes at once with them. */
import { describe, expect, it } from 'vitest';
import { eventBuffer } from './eventBuffer';
import type { TaskRaceEvent } from './taskRaceRecord';

describe('eventBuffer', () => {
  it('gathers steps within an interval into one message, and sends the start and evaluations at once', () => {
    let now = 0;
    const posted: TaskRaceEvent[][] = [];
    const buffer = eventBuffer<TaskRaceEvent>((events) => posted.push(events), () => now, 60);
    buffer.add({ kind: 'started', shared: 's', totalSteps: 9, validationSampleSize: 1 });
    for (let step = 1; step <= 5; step++) {
      now += 10;
      buffer.add({ kind: 'step', member: 0, step, loss: 1, gradNorm: 1 });
    }
    expect(posted.map((events) => events.map((event) => event.kind))).toEqual([['started']]);
    now += 10;
    buffer.add({ kind: 'step', member: 0, step: 6, loss: 1, gradNorm: 1 });
    expect(posted).toHaveLength(2);
    expect(posted[1]).toHaveLength(6);
    buffer.add({ kind: 'evaluation', member: 0, step: 6, loss: 1, accuracy: 0.5, macroAccuracy: 0.5 });
    expect(posted).toHaveLength(3);
  });
});
