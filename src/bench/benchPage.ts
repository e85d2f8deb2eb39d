/**
 * bench.html: starts one bench worker per job and collects its rows. Playwright calls
 * `window.rnnBench.run(job)` (see src/cli/bench/browser.ts); a person can press the button or open
 * `bench.html?run&backends=webgpu,wasm&configs=names-lstm&races` in any browser, e.g. on a machine with a GPU.
 */
import { BENCH_BACKENDS, BENCH_CONFIG_NAMES, type BenchConfigName, type BenchRun } from './types';
import { DEFAULT_PLAN, QUICK_PLAN } from './plan';
import type { BenchJob, BenchJobResult, BenchPageApi, FromBenchWorker, GeneratorJob, GeneratorJobResult, ToBenchWorker, WorkerHeapProbe } from './protocol';
import { formatTable } from './table';
import type { BackendName } from '../worker/protocol';

declare global {
  interface Window {
    rnnBench: BenchPageApi;
    /** Present only when the bench CLI drives the page (Playwright's exposeFunction). */
    rnnBenchHeap?: WorkerHeapProbe;
  }
}

const logElement = document.getElementById('log')!;
const tableElement = document.getElementById('table')!;

function log(line: string): void {
  // The CLI echoes console lines prefixed `[bench]` as progress.
  console.log(`[bench] ${line}`);
  logElement.textContent += `${line}\n`;
}

/**
 * Starts one bench worker, sends it `start`, and resolves with what `onMessage` finishes it with; `log` lines are
 * echoed, and a worker that dies (out of memory, a crash in a kernel, a module that fails to load) ends the job
 * through `onDeath`. Speed and generator jobs differ only in the messages they collect.
 */
function runBenchWorker<Result>(
  name: string,
  start: ToBenchWorker,
  onMessage: (message: Exclude<FromBenchWorker, { type: 'log' }>, finish: (result: Result) => void, worker: Worker) => void,
  onDeath: (reason: string) => Result,
): Promise<Result> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name });
    const finish = (result: Result): void => {
      worker.terminate();
      resolve(result);
    };
    worker.onmessage = (event: MessageEvent<FromBenchWorker>) => {
      const message = event.data;
      if (message.type === 'log') log(message.line);
      else onMessage(message, finish, worker);
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      finish(onDeath(`worker error: ${event.message || 'the worker failed to load or crashed'}`));
    };
    worker.postMessage(start);
  });
}

function unknownMessage(message: never): never {
  throw new Error(`bench page: unknown message ${JSON.stringify(message)}`);
}

function runJob(job: BenchJob): Promise<BenchJobResult> {
  const rows: BenchRun[] = [];
  return runBenchWorker<BenchJobResult>(
    `bench-${job.backend}`,
    { type: 'run', job, baseUrl: import.meta.env.BASE_URL },
    (message, finish, worker) => {
      switch (message.type) {
        case 'row':
          rows.push(message.run);
          break;
        case 'heapRequest': {
          const probe = window.rnnBenchHeap;
          const reply = (bytes: number | null): void => {
            worker.postMessage({ type: 'heapReply', requestId: message.requestId, bytes } satisfies ToBenchWorker);
          };
          if (probe) probe().then(reply, () => reply(null));
          else reply(null);
          break;
        }
        case 'done':
          finish({ rows });
          break;
        case 'generatorDone':
          finish({ rows, error: 'a speed job got a generator result' });
          break;
        case 'failed':
          log(`${job.backend}: ${message.error.name}: ${message.error.message}`);
          finish({ rows, error: `${message.error.name}: ${message.error.message}` });
          break;
        default:
          unknownMessage(message);
      }
    },
    (reason) => ({ rows, error: reason }),
  );
}

/** One generator run in its own worker (README "Generating names"); resolves with its figures or why not. */
function runGeneratorJob(job: GeneratorJob): Promise<GeneratorJobResult> {
  return runBenchWorker<GeneratorJobResult>(
    `bench-generator-${job.backend}`,
    { type: 'generator', job, baseUrl: import.meta.env.BASE_URL },
    (message, finish, worker) => {
      switch (message.type) {
        case 'generatorDone':
          finish({ result: message.result });
          break;
        case 'failed':
          finish({ error: `${message.error.name}: ${message.error.message}` });
          break;
        case 'heapRequest':
          worker.postMessage({ type: 'heapReply', requestId: message.requestId, bytes: null } satisfies ToBenchWorker);
          break;
        case 'row':
        case 'done':
          finish({ error: `a generator job got a speed job's ${message.type} message` });
          break;
        default:
          unknownMessage(message);
      }
    },
    (reason) => ({ error: reason }),
  );
}

window.rnnBench = { run: runJob, runGenerator: runGeneratorJob };

function listParameter<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T[] {
  const value = params.get(name);
  if (!value) return [...allowed];
  return value.split(',').filter((item): item is T => (allowed as readonly string[]).includes(item));
}

async function runFromPage(params: URLSearchParams): Promise<void> {
  const backends = listParameter<BackendName>(params, 'backends', BENCH_BACKENDS);
  const configs = listParameter<BenchConfigName>(params, 'configs', BENCH_CONFIG_NAMES);
  const races = params.has('races');
  const plan = races ? DEFAULT_PLAN : { ...DEFAULT_PLAN, ...QUICK_PLAN };
  const rows: BenchRun[] = [];
  for (const backend of backends) {
    const result = await runJob({ backend, configs, plan, parts: { steps: true, races } });
    rows.push(...result.rows);
    tableElement.textContent = formatTable(rows);
  }
  log('done');
}

const button = document.getElementById('run') as HTMLButtonElement;
button.addEventListener('click', () => {
  button.disabled = true;
  void runFromPage(new URLSearchParams(location.search)).finally(() => (button.disabled = false));
});
if (new URLSearchParams(location.search).has('run')) button.click();
