/**
 * The trainer worker: a module Web Worker that owns the engine, so the main thread never runs a tfjs
 * kernel. Start it with `new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' })`
 * (client.ts does). This file only wires the real engine, backend and data code into WorkerController;
 * the logic lives in workerController.ts and trainingLoop.ts, which Node tests drive with fakes.
 */
import { readGloveStream } from '../data/glove';
import { prepareCorpus } from '../data/textCorpus';
import { parseUpload, readUploadFiles } from '../data/upload';
import { initBackend, loseGpu, refuseWebGpuAdapters } from '../model/backendStart';
import { charLmSessionFromFile, createCharLmSession } from '../model/charLmSession';
import { createTextLmSession, textLmSessionFromFile } from '../model/textLmSession';
import { createSession, sessionFromFile } from '../model/trainingSession';
import { wasmBinaryUrls } from '../model/wasmBinaries';
import { readKeptWeights, writeKeptWeights } from './keptWeights';
import type { FromWorker, ToWorker } from './protocol';
import { serializeError } from './protocol';
import { WorkerController } from './workerController';
import { createYieldToEventLoop } from './yieldToEventLoop';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

const controller = new WorkerController({
  post,
  yieldToEventLoop: createYieldToEventLoop(),
  now: () => performance.now(),
  initBackend: (choice, onDeviceLost) => initBackend(choice, { wasmPaths: wasmBinaryUrls, onDeviceLost }),
  loseGpuForTest: loseGpu,
  refuseGpuAdaptersForTest: refuseWebGpuAdapters,
  createSession,
  sessionFromFile,
  createCharLmSession,
  charLmSessionFromFile,
  textLm: { create: createTextLmSession, fromFile: textLmSessionFromFile, prepare: prepareCorpus },
  parseUpload: async (files, level) => parseUpload(await readUploadFiles(files), level),
  readGlove: (file, vocabulary, onProgress) =>
    readGloveStream(file.stream(), vocabulary, { fileName: file.name, onProgress }),
  // Compare's gradient profiles: a kept run's weights read from IndexedDB here, not on the page.
  readKeptWeights,
  // "Keep this run (with its weights)": the model's text written to IndexedDB here, not on the page.
  writeKeptWeights,
});

scope.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  void controller.receive(event.data);
});

// A rejection nobody awaited would otherwise vanish in the worker's console; the client shows it.
scope.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
  event.preventDefault();
  post({ type: 'error', where: 'worker', error: serializeError(event.reason) });
});
