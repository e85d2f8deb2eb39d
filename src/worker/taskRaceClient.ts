/**
 * The main thread's side of a classifier race: at most one race is awaited at a time; its events go to its
 * listener and events of any other race id (an older race the user replaced) are dropped. The promise settles
 * exactly once: with the record when the race finishes or is stopped, or with an error when the worker refuses
 * it, fails during it, or is restarted under it (a race never hangs).
 */
import type { ErrorMessage, TaskRaceFinishedMessage, TaskRaceProgressMessage } from './protocol';
import type { TaskRaceEvent, TaskRaceRecord } from './taskRaceRecord';
import { WorkerError } from './requests';

/** A race that ended because the worker under it stopped; the message says so and what to do. */
export class RaceInterruptedError extends Error {
  override name = 'RaceInterruptedError';
  constructor(reason: string) {
    super(`The race was interrupted: the training worker restarted (${reason}). Its progress is lost; start the race again.`);
  }
}

interface PendingRace {
  runId: number;
  onEvents: (events: TaskRaceEvent[]) => void;
  resolve: (record: TaskRaceRecord) => void;
  reject: (error: Error) => void;
}

export class TaskRaceChannel {
  private current: PendingRace | null = null;

  /** The run id of the race awaited now, or null. */
  get runId(): number | null {
    return this.current?.runId ?? null;
  }

  /** Await race `runId` (the caller sends the start message); a race awaited before is dropped: its promise rejects. */
  begin(runId: number, onEvents: (events: TaskRaceEvent[]) => void): Promise<TaskRaceRecord> {
    this.current?.reject(new Error('Replaced by a newer race.'));
    return new Promise<TaskRaceRecord>((resolve, reject) => {
      this.current = { runId, onEvents, resolve, reject };
    });
  }

  /** Route a race message; messages of other races are ignored. */
  receive(message: TaskRaceProgressMessage | TaskRaceFinishedMessage): void {
    const race = this.current;
    if (!race || message.runId !== race.runId) return;
    if (message.type === 'taskRaceProgress') {
      race.onEvents(message.events);
      return;
    }
    this.current = null;
    race.resolve(message.record);
  }

  /** An error from the worker: true (and the race's promise rejects) when it belongs to the race awaited. */
  receiveError(message: ErrorMessage): boolean {
    const race = this.current;
    if (!race || message.runId !== race.runId) return false;
    this.current = null;
    race.reject(new WorkerError(message.where, message.error));
    return true;
  }

  /** The worker is gone (restart, crash, app closed): the race awaited rejects with `error`. */
  rejectAll(error: Error): void {
    const race = this.current;
    this.current = null;
    race?.reject(error);
  }
}
