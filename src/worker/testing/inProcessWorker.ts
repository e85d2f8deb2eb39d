/**
 * The worker side on the real engine, in the test's own thread: the environment a WorkerController needs to train
 * real sessions (cpu, wasm), and a Worker stand-in around one for tests that drive the real TrainerClient.
 */
import { initBackend } from '../../model/backendStart';
import { createSession, sessionFromFile } from '../../model/trainingSession';
import type { TrainerClient } from '../client';
import type { FromWorker, ToWorker } from '../protocol';
import { WorkerController } from '../workerController';

type ControllerEnvironment = ConstructorParameters<typeof WorkerController>[0];

/** A WorkerController environment on the real engine; uploads and GloVe are not used by these tests. */
export function realEngineEnvironment(post: (message: FromWorker) => void, yieldToEventLoop: () => Promise<void>): ControllerEnvironment {
  return {
    post,
    yieldToEventLoop,
    now: () => performance.now(),
    initBackend: (choice, onDeviceLost) => initBackend(choice, { onDeviceLost }),
    createSession,
    sessionFromFile,
    parseUpload: () => Promise.reject(new Error('not used')),
    readGlove: () => Promise.reject(new Error('not used')),
  };
}

/** A Worker stand-in that runs the real worker controller in this thread (messages delivered as macrotasks, as a worker's are). */
export class InProcessWorker extends EventTarget {
  private readonly controller = new WorkerController(
    realEngineEnvironment(
      (message) => setTimeout(() => this.dispatchEvent(new MessageEvent('message', { data: message }))),
      () => new Promise((resolve) => setTimeout(resolve, 0)),
    ),
  );
  postMessage(message: ToWorker): void {
    void this.controller.receive(message);
  }
  terminate(): void {}
}

/** Wait (polling every 2 ms, up to 100 s) until `predicate` holds; `what` names it in the timeout's message. */
export async function until(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 100_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** The loss of every step of the current run, as the client's history holds it (what a kept run keeps). */
export function lossPerStep(client: TrainerClient): number[] {
  return client.getHistory().trainLoss.filter((_, index) => index % 2 === 1);
}
