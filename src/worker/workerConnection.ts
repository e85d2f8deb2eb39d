/**
 * One trainer worker's lifetime on the main thread: create it, send `init` first, hold what is written
 * before `init` could go out (while `auto` looks up the remembered backend), deliver its messages, and
 * report a crash (`error` / `messageerror`) — only for the worker that is still current.
 */
import type { BackendName, FromWorker, ToWorker } from './protocol';

export interface ConnectionEvents {
  onMessage(message: FromWorker): void;
  onCrash(reason: string): void;
}

export class WorkerConnection {
  private readonly worker: Worker;
  /** Messages written before `init` went out, or null once it did. */
  private outbox: { message: ToWorker; transfer: Transferable[] }[] | null = [];
  private isClosed = false;

  /**
   * `backend`: what `init` starts, known now or later (a promise: nothing is posted until it resolves,
   * so `init` is always the first message the worker reads).
   */
  constructor(
    createWorker: () => Worker,
    backend: BackendName | Promise<BackendName>,
    baseUrl: string,
    events: ConnectionEvents,
  ) {
    const worker = createWorker();
    this.worker = worker;
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
      if (!this.isClosed) events.onMessage(event.data);
    });
    worker.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault();
      if (!this.isClosed) events.onCrash(event.message || 'the worker script failed');
    });
    worker.addEventListener('messageerror', () => {
      if (!this.isClosed) events.onCrash('a message could not be read');
    });
    const init = (name: BackendName) => {
      if (this.isClosed) return;
      worker.postMessage({ type: 'init', backend: name, baseUrl } satisfies ToWorker);
      const queued = this.outbox ?? [];
      this.outbox = null;
      for (const { message, transfer } of queued) worker.postMessage(message, transfer);
    };
    if (typeof backend === 'string') init(backend);
    else void backend.then(init);
  }

  send(message: ToWorker, transfer: Transferable[] = []): void {
    if (this.isClosed) return;
    if (this.outbox) this.outbox.push({ message, transfer });
    else this.worker.postMessage(message, transfer);
  }

  /** Terminate the worker; its later messages and errors are ignored. */
  close(): void {
    this.isClosed = true;
    this.worker.terminate();
  }
}
