/**
 * Inspect on webgpu (Dawn + SwiftShader in Node) through the fused sequence kernels training uses: every gate,
 * state and ‖∂L/∂h_t‖ of a two-layer bidirectional RNN, LSTM and GRU equal to the per-op path's
 * (testing/traceAgreement.ts). The LSTM's trace against PyTorch and written-out equations runs in
 * parity.gpu.test.ts (testing/traceChecks.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useDawnWebGpu } from './testing/dawn';
import { checkTraceAgreement } from './testing/traceAgreement';

beforeAll(async () => {
  await useDawnWebGpu();
});

describe('Inspect on the fused webgpu kernels', () => {
  for (const cell of ['lstm', 'rnn', 'gru'] as const) {
    it(`${cell}: gates, states and ‖∂L/∂h_t‖ equal the per-op path's`, async () => {
      const report = await checkTraceAgreement(cell);
      console.log(`[trace ${cell}] worst |Δ|: ${JSON.stringify(report.worst)}`);
      expect(report.fusedRan).toBe(true);
      expect(report.perOpClean).toBe(true);
      expect(report.failures).toEqual([]);
      expect(report.leakedTensors).toBe(0);
    });
  }
});
