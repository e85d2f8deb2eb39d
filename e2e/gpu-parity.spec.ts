/**
 * The GPU backends against PyTorch in the browser: parity.html runs the PyTorch parity fixtures (an RNN,
 * a GRU, an LSTM, two-layer bidirectional LSTM and GRU with packed lengths and the SST-2-style classifier) on
 * Chromium's WebGPU and WebGL — SwiftShader here — through the checks the Node suites use, each run on a
 * fresh page. Each backend runs twice: with the engine's fused kernels (the ones training uses there: on
 * WebGL the LSTM sequence kernels) and with tfjs's per-op kernels (the fallback for what the fused kernels do
 * not cover). With WebGL's fused kernels, also a 37-step LSTM (past one stacking draw) and a 1-step one against
 * tfjs's own ops on the same backend, and a check that repeated passes leave no texture behind.
 * Every forward value, loss and gradient must be within 1e-4 (absolute or relative). Then four training steps
 * of SparseAdam on an embedding + Adam on a head against PyTorch (weights, m and v), on the same backend.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ParityReport, ParityRequest } from '../src/model/testing/parityPage';
import { OWN_RNN_FIXTURES, fixturesDir, readOwnFixture } from '../src/model/testing/fixtures';
import { SPARSE_ADAM_FIXTURE } from '../src/model/testing/sparseAdamFixture';
import { expect, test } from './fixtures';

/**
 * Every fixture file by name, parsed, manifest.json included; the committed `rnn` cases join the shared set's
 * manifest, and the committed SparseAdam case (tools/make_sparse_adam_fixture.py) rides along by its name.
 */
function readFixtures(): Record<string, unknown> {
  const directory = fixturesDir();
  const files = readdirSync(directory).filter((name) => name.endsWith('.json'));
  const fixtures: Record<string, unknown> = Object.fromEntries(files.map((name) => [name, JSON.parse(readFileSync(path.join(directory, name), 'utf8')) as unknown]));
  const manifest = fixtures['manifest.json'] as { files: Record<string, { kind: string }> };
  for (const name of OWN_RNN_FIXTURES) {
    fixtures[name] = readOwnFixture<unknown>(name);
    manifest.files[name] = { kind: 'rnn' };
  }
  fixtures[SPARSE_ADAM_FIXTURE] = readOwnFixture<unknown>(SPARSE_ADAM_FIXTURE);
  return fixtures;
}

/** Kernels that only the fused path runs, per backend: webgpu/*.ts on webgpu, webgl/*.ts on webgl. */
const FUSED_KERNELS: Record<ParityRequest['backend'], string[]> = {
  webgpu: [
    'RnnPlaygroundLstmSequence',
    'RnnPlaygroundLstmSequenceGrad',
    'RnnPlaygroundRnnSequence',
    'RnnPlaygroundRnnSequenceGrad',
    'RnnPlaygroundGruSequence',
    'RnnPlaygroundGruSequenceGrad',
    'RnnPlaygroundLastStep',
    'RnnPlaygroundLogSoftmaxNll',
    'RnnPlaygroundLogSoftmaxNllGrad',
  ],
  webgl: ['RnnPlaygroundLstmSequenceWebGl', 'RnnPlaygroundLstmSequenceWebGlGrad', 'RnnPlaygroundRnnSequenceWebGl', 'RnnPlaygroundRnnSequenceWebGlGrad', 'RnnPlaygroundGruSequenceWebGl', 'RnnPlaygroundGruSequenceWebGlGrad', 'RnnPlaygroundGruRecurrentGradWebGl', 'RnnPlaygroundLastStepWebGl', 'RnnPlaygroundLastStepWebGlGrad', 'RnnPlaygroundWebGlAdamMoment', 'RnnPlaygroundWebGlAdamStep', 'RnnPlaygroundRowProductsWebGl', 'RnnPlaygroundColumnSumsWebGl', 'RnnPlaygroundRowLookupWebGl', 'RnnPlaygroundRowLookupGradWebGl', 'RnnPlaygroundSquareSumsWebGl', 'RnnPlaygroundLossAndNormWebGl', 'RnnPlaygroundRowMergeInPlace'],
};

const RUNS: { backend: ParityRequest['backend']; fused: boolean }[] = [
  { backend: 'webgpu', fused: true },
  { backend: 'webgpu', fused: false },
  { backend: 'webgl', fused: true },
  { backend: 'webgl', fused: false },
];

for (const { backend, fused } of RUNS) {
  test(`PyTorch parity on ${backend}, ${fused ? 'fused kernels' : 'per-op kernels'}, within 1e-4`, async ({ page }, testInfo) => {
    test.setTimeout(300_000);
    const fixtures = readFixtures();
    await page.goto('parity.html');
    await page.waitForFunction(() => window.rnnParity !== undefined);
    const report: ParityReport = await page.evaluate((request) => window.rnnParity.run(request), { backend, fused, fixtures } satisfies ParityRequest);
    testInfo.annotations.push({ type: `${backend} ${fused ? 'fused' : 'per-op'} worst |Δ|`, description: JSON.stringify(report.worst) });
    console.log(`[gpu-parity] ${backend} ${fused ? 'fused' : 'per-op'} on ${report.adapter}: ${report.comparisons} comparisons, worst ${Math.max(...Object.values(report.worst)).toExponential(2)}`);
    expect(report.active).toBe(backend);
    const manifest = fixtures['manifest.json'] as { files: Record<string, { kind: string }> };
    const checkable = Object.entries(manifest.files).filter(([, entry]) => entry.kind === 'rnn' || entry.kind === 'classifier');
    expect(report.files).toEqual([...checkable.map(([name]) => name), SPARSE_ADAM_FIXTURE]);
    expect(report.comparisons).toBeGreaterThan(50);
    expect(report.failures).toEqual([]);
    // The path asked for is the path that ran.
    for (const kernel of FUSED_KERNELS[backend]) expect((report.kernels[kernel] ?? 0) > 0, `${kernel} ran`).toBe(fused);
    if (fused) {
      // Inspect on the fused kernels: every gate, state and ‖∂L/∂h_t‖ of a two-layer bidirectional model equal to the per-op path's.
      const traces = report.traces;
      expect(traces).not.toBeNull();
      for (const [cell, check] of Object.entries(traces!)) {
        console.log(`[gpu-parity] ${backend} Inspect on fused ${cell}: worst |Δ| ${Math.max(...Object.values(check.worst)).toExponential(2)}`);
        expect(check.fusedRan, `${cell} trace ran the fused kernels`).toBe(true);
        expect(check.perOpClean, `${cell} per-op trace ran none`).toBe(true);
        expect(check.failures).toEqual([]);
        expect(check.leakedTensors).toBe(0);
      }
    } else expect(report.traces).toBeNull();
    if (backend === 'webgl' && fused) {
      // Beyond the fixtures: T = 37 (the stacking tree) and T = 1, against tfjs's ops on the same backend, and no texture left behind.
      const sequences = report.webglSequences;
      console.log(`[gpu-parity] webgl fused LSTM, RNN and GRU, T 37 and 1: ${JSON.stringify(sequences)}`);
      expect(sequences).not.toBeNull();
      for (const check of [sequences!.lstm, sequences!.rnn, sequences!.gru]) {
        expect(check.output).toBeLessThan(1e-4);
        expect(check.dProjected).toBeLessThan(1e-4);
        expect(check.dKernelHh).toBeLessThan(1e-4);
        expect(check.dBiasHh).toBeLessThan(1e-4);
        expect(check.leakedDataIds).toBe(0);
      }
      // The row kernels on odd shapes against tfjs's ops, then the reason they exist: training steps at lengths
      // never seen before link no new shader program (the first length, the baseline, must link some).
      const rows = report.webglRowKernels;
      console.log(`[gpu-parity] webgl row kernels: ${JSON.stringify(rows)}`);
      expect(rows).not.toBeNull();
      expect(rows!.rowProducts).toBeLessThan(1e-5);
      expect(rows!.columnSums).toBeLessThan(1e-5);
      expect(rows!.lookup).toBe(0);
      expect(rows!.lookupGradient).toBeLessThan(1e-5);
      expect(rows!.oneHotProjection).toBeLessThan(1e-5);
      expect(rows!.tableProjection).toBeLessThan(1e-5);
      expect(rows!.programsFirstLength).toBeGreaterThan(0);
      expect(rows!.programsNewLengths).toBe(0);
      // The loss and the global gradient norm in four draws over every texture layout a gradient comes in.
      const norm = report.webglGradNorm;
      console.log(`[gpu-parity] webgl loss and norm: ${JSON.stringify(norm)}`);
      expect(norm).not.toBeNull();
      expect(norm!.relativeToValues, 'the norm against Σ v² of the values read back').toBeLessThan(1e-5);
      expect(norm!.relativeToOps, 'the norm against globalNorm on tfjs ops').toBeLessThan(1e-5);
      expect(norm!.lossKept).toBe(true);
      expect(norm!.draws).toBe(4);
      // SparseAdam's rows drawn into the table's own texture, and refused wherever another tensor or a read shares it.
      const merge = report.webglRowMerge;
      console.log(`[gpu-parity] webgl row merge in place: ${JSON.stringify(merge)}`);
      expect(merge).not.toBeNull();
      expect(merge!.worst, 'the table after merges in place against the rows set on the CPU').toBe(0);
      expect(merge!.sharersChanged, 'the clone, the slice and the read under way, after a merge beside each').toBe(0);
      expect(merge!.cachedRead, 'a read after the write, the values cached before it').toBe(0);
      expect(merge!.refusals.clone, 'a merge while a clone shares the texture').toBe('shared by 2 tensors');
      expect(merge!.refusals.slice, 'a merge while a slice samples the texture').toBe('sliced by another tensor');
      expect(merge!.refusals.pendingRead, 'a merge while a read is under way').toBe('a read under way');
      expect(merge!.inPlaceRuns).toBe(5);
    } else {
      expect(report.webglSequences).toBeNull();
      expect(report.webglRowKernels).toBeNull();
      expect(report.webglGradNorm).toBeNull();
      expect(report.webglRowMerge).toBeNull();
    }
  });
}
