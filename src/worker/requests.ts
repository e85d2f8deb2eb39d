/**
 * Requests to the worker and their replies, paired in one place. A request's id is made here, its promise
 * resolves with exactly the reply type `REPLY_TYPE_OF` names for its kind (so call sites need no casts), and
 * it rejects on the worker's error reply, on a reply of another kind, or when the worker it went to is gone.
 */
import type { SerializedError, WorkerErrorPlace } from './protocol';
import { REPLY_TYPE_OF } from './protocol';
import type { FromWorker, ProgressOf, ReplyOf, RequestKind, RequestMessage, ToWorker } from './protocol';

/** An error that came back from the worker, with the place it happened (`where`). */
export class WorkerError extends Error {
  readonly where: WorkerErrorPlace;
  constructor(where: WorkerErrorPlace, error: SerializedError) {
    super(error.message);
    this.name = error.name || 'WorkerError';
    this.where = where;
  }
}

/** Rejects pending requests when the worker they were sent to is gone. */
export class WorkerRestartedError extends Error {
  constructor(reason: string) {
    super(`The training worker restarted (${reason}); please try again.`);
    this.name = 'WorkerRestartedError';
  }
}

/** A request message as a call site writes it: everything but the id, which the channel makes. */
export type RequestBody<K extends RequestKind> = Omit<RequestMessage<K>, 'requestId'> & { type: K };

interface PendingRequest {
  kind: RequestKind;
  resolve: (reply: FromWorker) => void;
  reject: (error: Error) => void;
  onProgress?: (message: FromWorker) => void;
  showsOwnError: boolean;
}

/** How a call site asks: the messages that come before the reply, and who shows a failure. */
export interface RequestOptions<K extends RequestKind> {
  onProgress?: (message: ProgressOf<K>) => void;
  /**
   * The caller shows a failure itself, beside the control that asked (a name typed for teacher forcing): the
   * client then keeps it out of the store's shared error places, where it would be said a second time, in
   * another card, and stay after the caller's own message has gone.
   */
  showsOwnError?: boolean;
}

export class RequestChannel {
  private readonly pending = new Map<number, PendingRequest>();
  private nextRequestId = 1;

  /** `post` sends to whichever worker is current (the client replaces it on a restart). */
  constructor(private readonly post: (message: ToWorker, transfer?: Transferable[]) => void) {}

  /** Send a request; resolves with its reply. */
  request<K extends RequestKind>(body: RequestBody<K>, { onProgress, showsOwnError = false }: RequestOptions<K> = {}): Promise<ReplyOf<K>> {
    const requestId = this.nextRequestId++;
    const kind = body.type;
    return new Promise<ReplyOf<K>>((resolve, reject) => {
      this.pending.set(requestId, {
        kind,
        // The reply's type was checked against REPLY_TYPE_OF[kind] in `receive`, so it is ReplyOf<K>.
        resolve: resolve as (reply: FromWorker) => void,
        reject,
        onProgress: onProgress as ((message: FromWorker) => void) | undefined,
        showsOwnError,
      });
      this.post({ ...body, requestId } as RequestMessage<K>);
    });
  }

  /**
   * Settle the request a message belongs to. Returns true when the message was a reply, a progress
   * message or an error of a pending request (an error reply also concerns the store: the caller shows it).
   */
  receive(message: FromWorker): boolean {
    if (!('requestId' in message) || message.requestId === undefined) return false;
    const pending = this.pending.get(message.requestId);
    if (!pending) return false;
    if (message.type === 'gloveProgress') {
      pending.onProgress?.(message);
      return true;
    }
    this.pending.delete(message.requestId);
    if (message.type === 'error') {
      pending.reject(new WorkerError(message.where, message.error));
    } else if (message.type === REPLY_TYPE_OF[pending.kind]) {
      pending.resolve(message);
    } else {
      pending.reject(new Error(`The worker answered a ${pending.kind} request with ${message.type}.`));
    }
    return true;
  }

  /** Whether `message` is the error reply of a pending request whose caller shows its failures itself. Ask before `receive`. */
  isShownByCaller(message: FromWorker): boolean {
    if (message.type !== 'error' || message.requestId === undefined) return false;
    return this.pending.get(message.requestId)?.showsOwnError ?? false;
  }

  /** Reject every pending request (the worker they went to is gone). */
  rejectAll(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const request of pending) request.reject(error);
  }

  get pendingCount(): number {
    return this.pending.size;
  }
}
