/**
 * The runs file of Export runs, built in a worker of its own (runsFile.worker.ts) so that a runs file holding
 * SST-2 runs' weights (31 MB each) is never read, written or copied on the page's thread. The page sends the runs
 * as listed (no weights) and gets a Blob back.
 */
import type { KeptRun } from './runRecord';

/** What the page sends the worker: the runs as listed, in the file's order. */
export interface RunsFileRequest {
  runs: readonly KeptRun[];
}

/** The worker's answer: the file, or why it could not be written. */
export type RunsFileReply = { blob: Blob } | { problem: string };

/** The runs file for `runs`, weights inline (runArchive.ts's exportRuns), as a Blob; rejects with the worker's reason. */
export function runsFileBlob(runs: readonly KeptRun[]): Promise<Blob> {
  const worker = new Worker(new URL('./runsFile.worker.ts', import.meta.url), { type: 'module', name: 'runs-export' });
  return new Promise<Blob>((resolve, reject) => {
    worker.addEventListener('message', (event: MessageEvent<RunsFileReply>) => {
      if ('blob' in event.data) resolve(event.data.blob);
      else reject(new Error(event.data.problem));
    });
    worker.addEventListener('error', (event) => reject(new Error(event.message || 'the export worker failed to start')));
    worker.postMessage({ runs } satisfies RunsFileRequest);
  }).finally(() => worker.terminate());
}
