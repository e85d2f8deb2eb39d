/**
 * The worker's side of classifier races: one race at a time, beside the message queue (like the training
 * loop), its events gathered and posted at most once per interval so the main thread stays free, its end
 * posted as a `taskRaceFinished` record. A new race or `stopTaskRace` ends the old one; a backend switch
 * waits for the race to stop first (its tensors belong to the backend being replaced).
 */
import type { Dataset } from '../data/types';
import { eventBuffer } from './eventBuffer';
import type { FromWorker } from './protocol';
import { serializeError } from './protocol';
import { TaskRace, TaskRaceError, type TaskRaceEnvironment } from './taskRace';
import type { TaskRaceEvent, TaskRaceMember } from './taskRaceRecord';

export interface TaskRaceHostOptions extends TaskRaceEnvironment {
  post(message: FromWorker): void;
  now(): number;
  /** Least time between two progress messages (ms). */
  intervalMs: number;
}

export class TaskRaceHost {
  private current: { runId: number; race: TaskRace; done: Promise<void> } | null = null;

  constructor(private readonly options: TaskRaceHostOptions) {}

  /** Start a race on `dataset` (ending any earlier one). Throws TaskRaceError when the request cannot be raced. */
  start(runId: number, dataId: string, members: readonly TaskRaceMember[], dataset: Dataset | null): void {
    if (dataset === null) throw new TaskRaceError('Choose a data set before starting a race.');
    if (dataset.id !== dataId) throw new TaskRaceError('The data changed before the race began; start it again.');
    const race = new TaskRace(dataset, members, this.options);
    this.current?.race.stop('a new race began');
    const events = eventBuffer<TaskRaceEvent>((batch) => this.options.post({ type: 'taskRaceProgress', runId, events: batch }), this.options.now, this.options.intervalMs);
    const done = race
      .run((event) => events.add(event))
      .then((record) => {
        events.flush();
        this.options.post({ type: 'taskRaceFinished', runId, record });
      })
      .catch((error: unknown) => this.options.post({ type: 'error', where: 'train', runId, error: serializeError(error) }))
      .finally(() => {
        if (this.current?.race === race) this.current = null;
      });
    this.current = { runId, race, done };
  }

  /** Stop the race `runId` after its current step (ignored for an older race). */
  stop(runId: number): void {
    if (this.current?.runId === runId) this.current.race.stop('stopped');
  }

  /** Stop whatever race runs and wait until its sessions are disposed (before a backend switch). */
  async stopAndWait(reason: string): Promise<void> {
    const current = this.current;
    if (!current) return;
    current.race.stop(reason);
    await current.done;
  }
}
