/**
 * Export runs, off the page's thread: reads the chosen runs' weights from IndexedDB by id, writes the runs file
 * (runArchive.ts's exportRuns, weights inline) and hands the page a Blob of it, which crosses to the page as a
 * handle, not a copy. On the page, four SST-2 runs kept with their weights (a 124 MB file) made a 4 s task on its
 * thread (8.6 s by the clock): the reads' structured clones, JSON.stringify (1.7 s) and the Blob of the string.
 */
import { errorText } from '../lib/format';
import { exportRuns } from './runArchive';
import type { RunsFileReply, RunsFileRequest } from './runsFile';
import { withWeights } from './runStore';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.addEventListener('message', (event: MessageEvent<RunsFileRequest>) => {
  void (async () => {
    let reply: RunsFileReply;
    try {
      reply = { blob: new Blob([exportRuns(await withWeights(event.data.runs))], { type: 'application/json' }) };
    } catch (error) {
      reply = { problem: errorText(error) };
    }
    scope.postMessage(reply);
  })();
});
