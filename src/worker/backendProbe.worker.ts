/**
 * The backend probe: a short-lived module worker that times a few real training steps of the current task
 * on each backend (model/backendProbe.ts) and reports them to `auto` (autoBackend.ts), which terminates it
 * after `done`. A separate worker, so the trainer keeps serving the app and its run meanwhile.
 */
import { measureBackends } from '../model/backendProbe';
import { createSession } from '../model/trainingSession';
import { wasmBinaryUrls } from '../model/wasmBinaries';
import type { FromProbe, ToProbe } from './probeProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(message: FromProbe): void {
  scope.postMessage(message);
}

scope.addEventListener('message', (event: MessageEvent<ToProbe>) => {
  const { backends, dataset, model, train } = event.data;
  void measureBackends(
    backends,
    () => createSession(dataset, model, train),
    (result) =>
      post('unavailable' in result ? { type: 'unavailable', backend: result.backend, reason: result.unavailable } : { type: 'measured', ...result }),
    { wasmPaths: wasmBinaryUrls },
  ).finally(() => post({ type: 'done' }));
});
