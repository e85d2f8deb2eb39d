/**
 * parity.html: PyTorch's parity fixtures (and the SparseAdam one) on the browser's own GPU backends (WebGPU and WebGL, SwiftShader on
 * a machine without a GPU), through the same checks the Node suites run (torchParityChecks.ts) and the same
 * backend start the app uses (backendStart.ts). Playwright (e2e/gpu-parity.spec.ts) reads the fixtures from
 * disk, calls `window.rnnParity.run` once per fresh page, and fails on any value off by more than 1e-4.
 */
import { initBackend } from '../backendStart';
import type { BackendName } from '../backendTypes';
import { startOpCounting, type KernelTally } from '../opCounter';
import { setFusedKernelsEnabled } from '../webgpu/fusion';
import { closeness } from './nested';
import { checkWebGlSequences, type WebGlSequenceCheck } from './webglSequenceCheck';
import { checkTraceAgreement, type TraceAgreement } from './traceAgreement';
import { checkWebGlGradNorm, type WebGlGradNormCheck } from './webglGradNormCheck';
import { checkWebGlRowKernels, type WebGlRowKernelsCheck } from './webglRowKernelsCheck';
import { checkWebGlRowMerge, type WebGlRowMergeCheck } from './webglRowMergeCheck';
import { checkSparseAdamFixture, SPARSE_ADAM_FIXTURE, type SparseAdamFixture } from './sparseAdamFixture';
import { checkClassifierFixture, checkRnnFixture, type ClassifierCase, type ExpectClose, type FixtureManifest, type RnnCase } from './torchParityChecks';

/** What the spec asks for: a backend, fused kernels on or off, and every fixture file by name. */
export interface ParityRequest {
  backend: Extract<BackendName, 'webgpu' | 'webgl'>;
  fused: boolean;
  /** File name → parsed JSON, `manifest.json` and the committed SparseAdam fixture included. */
  fixtures: Record<string, unknown>;
}

/** What one run found. */
export interface ParityReport {
  /** The backend that really ran (the request fails rather than fall back). */
  active: string;
  adapter: string;
  /** Files checked, in order. */
  files: string[];
  /** Values compared. */
  comparisons: number;
  /** One line per comparison that failed the 1e-4 rule. */
  failures: string[];
  /** Worst absolute error per check label. */
  worst: Record<string, number>;
  /** tfjs kernel calls by name during the checks (which path ran). */
  kernels: KernelTally;
  /** webgl with fused kernels: the fused LSTM, RNN and GRU on a long and a one-step sequence against tfjs's ops (webglSequenceCheck.ts); else null. */
  webglSequences: Record<'lstm' | 'rnn' | 'gru', WebGlSequenceCheck> | null;
  /** webgl with fused kernels: the row kernels on odd shapes, and no shader compiled per new batch length (webglRowKernelsCheck.ts); else null. */
  webglRowKernels: WebGlRowKernelsCheck | null;
  /** webgl with fused kernels: the loss-and-norm draws on every texture layout against the values' own Σ v² (webglGradNormCheck.ts); else null. */
  webglGradNorm: WebGlGradNormCheck | null;
  /** webgl with fused kernels: the row merge into the table's own texture, and the cases it refuses (webglRowMergeCheck.ts); else null. */
  webglRowMerge: WebGlRowMergeCheck | null;
  /** Fused kernels on: Inspect's trace of a two-layer bidirectional model on them against the per-op path's (traceAgreement.ts); else null. */
  traces: Record<'lstm' | 'rnn' | 'gru', TraceAgreement> | null;
}

export interface ParityPageApi {
  run(request: ParityRequest): Promise<ParityReport>;
}

declare global {
  interface Window {
    rnnParity: ParityPageApi;
  }
}

const TOLERANCE = 1e-4;

async function run(request: ParityRequest): Promise<ParityReport> {
  const backend = await initBackend(request.backend, { canFallBack: false });
  setFusedKernelsEnabled(request.fused);
  const manifest = request.fixtures['manifest.json'] as FixtureManifest;
  const report: ParityReport = { active: backend.active, adapter: backend.adapter, files: [], comparisons: 0, failures: [], worst: {}, kernels: {}, webglSequences: null, webglRowKernels: null, webglGradNorm: null, webglRowMerge: null, traces: null };
  // Collects instead of throwing, so one run reports every failing value.
  const expectClose: ExpectClose = (label, actual, expected) => {
    const result = closeness(actual, expected, TOLERANCE);
    report.comparisons += 1;
    report.worst[label] = Math.max(report.worst[label] ?? 0, result.maxAbs);
    if (result.failures > 0) report.failures.push(`${label}: ${result.failures} values off, first ${result.worst} (max |Δ| ${result.maxAbs})`);
  };
  const counter = startOpCounting();
  try {
    for (const [file, entry] of Object.entries(manifest.files)) {
      const fixture = request.fixtures[file];
      if (fixture === undefined) throw new Error(`The fixture ${file} named in manifest.json was not handed over.`);
      if (entry.kind === 'rnn') await checkRnnFixture(file, fixture as RnnCase, expectClose);
      else if (entry.kind === 'classifier') await checkClassifierFixture(file, fixture as ClassifierCase, expectClose);
      else continue;
      report.files.push(file);
    }
    // SparseAdam + Adam through the training step (on webgl: the one-hot gradient and the row merge).
    const sparse = request.fixtures[SPARSE_ADAM_FIXTURE];
    if (sparse === undefined) throw new Error(`The fixture ${SPARSE_ADAM_FIXTURE} was not handed over.`);
    await checkSparseAdamFixture(sparse as SparseAdamFixture, expectClose);
    report.files.push(SPARSE_ADAM_FIXTURE);
    // The fixtures' kernels only: the checks below call the WebGL kernels directly.
    report.kernels = counter.byKernel();
    if (request.backend === 'webgl' && request.fused) {
      report.webglSequences = checkWebGlSequences();
      report.webglRowKernels = await checkWebGlRowKernels();
      report.webglGradNorm = await checkWebGlGradNorm();
      report.webglRowMerge = await checkWebGlRowMerge();
    }
    if (request.fused) report.traces = { lstm: await checkTraceAgreement('lstm'), rnn: await checkTraceAgreement('rnn'), gru: await checkTraceAgreement('gru') };
  } finally {
    counter.stop();
    setFusedKernelsEnabled(true);
  }
  document.getElementById('log')!.textContent += `${JSON.stringify({ ...report, kernels: undefined })}\n`;
  return report;
}

window.rnnParity = { run };
