/**
 * PyTorch parity on tfjs's webgpu backend (Dawn + SwiftShader in Node): the RNN, LSTM and GRU fixtures — one
 * layer, two layers bidirectional with packed lengths (LSTM, GRU), and the SST-2-style classifier — within 1e-4,
 * through the fused kernels training uses (webgpu/lstmSequence.ts, rnnSequence.ts, gruSequence.ts, lastStep.ts,
 * logSoftmaxNll.ts) and through tfjs's own per-op kernels. The checks are the wasm/cpu suite's (testing/torchParity.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpCounting } from './opCounter';
import { describeWorst, trackedExpectClose } from './testing/closeTracker';
import { useDawnWebGpu } from './testing/dawn';
import { checkClassifierCase, checkRnnCase, classifierFiles, rnnCaseCell, rnnFiles } from './testing/torchParity';
import { setFusedKernelsEnabled } from './webgpu/fusion';
import { LAST_STEP_GRAD_KERNEL, LAST_STEP_KERNEL } from './webgpu/lastStep';
import { LOG_SOFTMAX_NLL_GRAD_KERNEL, LOG_SOFTMAX_NLL_KERNEL } from './webgpu/logSoftmaxNll';
import { LSTM_SEQUENCE_GRAD_KERNEL, LSTM_SEQUENCE_KERNEL } from './webgpu/lstmSequence';
import { RNN_SEQUENCE_GRAD_KERNEL, RNN_SEQUENCE_KERNEL } from './webgpu/rnnSequence';
import { GRU_SEQUENCE_GRAD_KERNEL, GRU_SEQUENCE_KERNEL } from './webgpu/gruSequence';
import type { CellType } from './types';

const worst: Record<string, number> = {};
const expectClose = trackedExpectClose(worst);
/** The fused sequence kernels of each cell that has them (the tutorial cell keeps tfjs's per-op kernels). */
const FUSED_SEQUENCE: Partial<Record<CellType, [string, string]>> = {
  lstm: [LSTM_SEQUENCE_KERNEL, LSTM_SEQUENCE_GRAD_KERNEL],
  rnn: [RNN_SEQUENCE_KERNEL, RNN_SEQUENCE_GRAD_KERNEL],
  gru: [GRU_SEQUENCE_KERNEL, GRU_SEQUENCE_GRAD_KERNEL],
};
const fusedFiles = rnnFiles.filter((file) => FUSED_SEQUENCE[rnnCaseCell(file)] !== undefined);

/** Run a check and assert which path ran: the cell's fused kernels forward and backward, or neither. */
async function onPath(fused: boolean, check: () => Promise<void>, cell: CellType = 'lstm'): Promise<void> {
  const counter = startOpCounting();
  try {
    await check();
  } finally {
    counter.stop();
  }
  const tally = counter.byKernel();
  const [forward, backward] = FUSED_SEQUENCE[cell]!;
  expect((tally[forward] ?? 0) > 0, 'fused forward kernel ran').toBe(fused);
  expect((tally[backward] ?? 0) > 0, 'fused backward kernel ran').toBe(fused);
}

/** The classifier cases also go through the fused loss (both ways) and, with packed lengths, the last-step pick. */
async function onClassifierPath(fused: boolean, check: () => Promise<void>): Promise<void> {
  const counter = startOpCounting();
  try {
    await onPath(fused, check);
  } finally {
    counter.stop();
  }
  const tally = counter.byKernel();
  for (const kernel of [LOG_SOFTMAX_NLL_KERNEL, LOG_SOFTMAX_NLL_GRAD_KERNEL, LAST_STEP_KERNEL, LAST_STEP_GRAD_KERNEL]) {
    expect((tally[kernel] ?? 0) > 0, `${kernel} ran`).toBe(fused);
  }
}

beforeAll(async () => {
  await useDawnWebGpu();
});

for (const fused of [true, false]) {
  describe(`PyTorch parity on webgpu, ${fused ? 'fused kernels' : 'tfjs per-op kernels'}`, () => {
    beforeAll(() => setFusedKernelsEnabled(fused));
    afterAll(() => setFusedKernelsEnabled(true));

    for (const file of fusedFiles) {
      it(`${file}: output, h_n, c_n, loss and every gradient`, () => onPath(fused, () => checkRnnCase(file, expectClose), rnnCaseCell(file)));
    }
    for (const file of classifierFiles) {
      it(`${file}: every output, the loss and every gradient`, () => onClassifierPath(fused, () => checkClassifierCase(file, expectClose)));
    }
  });
}

afterAll(() => {
  console.log('webgpu parity max |Δ|:', describeWorst(worst));
});
