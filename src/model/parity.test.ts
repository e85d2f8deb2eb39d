/**
 * PyTorch parity: every case of the torch-parity fixtures (forward values and every gradient) within
 * 1e-4 absolute or relative, in float32, on WASM (the CLI's backend) and on cpu (the reference kernels;
 * also the path where matMulFast falls back to tf.matMul's own gradient). The checks themselves are in
 * testing/torchParity.ts, shared with the webgpu suite (parity.gpu.test.ts).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { useNodeBackend } from './testing/backend';
import { describeWorst, trackedExpectClose } from './testing/closeTracker';
import { checkClassifierCase, checkRnnCase, classifierFiles, rnnFiles } from './testing/torchParity';

const worst: Record<string, number> = {};
const expectClose = trackedExpectClose(worst);

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`PyTorch parity on ${backend}`, () => {
    beforeAll(async () => {
      await useNodeBackend(backend);
    });

    for (const file of rnnFiles) {
      it(`${file}: output, h_n, c_n, loss and every gradient`, () => checkRnnCase(file, expectClose));
    }

    for (const file of classifierFiles) {
      it(`${file}: embedded, lstm_output, h_n, c_n, logits, log_probs, loss, every gradient and the Inspect trace`, () => checkClassifierCase(file, expectClose));
    }
  });
}

afterAll(() => {
  // The worst absolute errors seen, for the report (vitest prints console output of the file).
  console.log('parity max |Δ|:', describeWorst(worst));
});
