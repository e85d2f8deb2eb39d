/**
 * The PyTorch parity fixtures on the active backend outside Vitest, for the GPU machine's kit (deviceBench.ts
 * `--parity`): every `rnn` and classifier case through the fused kernels and through tfjs's per-op kernels, each
 * value within the suites' 1e-4 (testing/nested.ts's closeness). parity.gpu.test.ts runs the same checks on
 * SwiftShader in CI; this is how a real GPU's arithmetic gets held to PyTorch's numbers where no test runner
 * travels (the kit carries one bundle, no node_modules).
 */
import { closeness } from '../model/testing/nested';
import type { ExpectClose } from '../model/testing/torchParityChecks';
import { setFusedKernelsEnabled } from '../model/webgpu/fusion';

export interface ParityReport {
  lines: string[];
  /** Values outside the tolerance, over every case and both paths; 0 is a pass. */
  failures: number;
}

export async function runParity(): Promise<ParityReport> {
  // Imported here: the module reads the fixture manifest when loaded, which a bench-only run must not need.
  const { checkClassifierCase, checkRnnCase, classifierFiles, rnnFiles } = await import('../model/testing/torchParity');
  const lines: string[] = [];
  let failures = 0;
  for (const fused of [true, false]) {
    setFusedKernelsEnabled(fused);
    try {
      for (const file of [...rnnFiles, ...classifierFiles]) {
        let worst = 0;
        const problems: string[] = [];
        const expectClose: ExpectClose = (label, actual, expected) => {
          const result = closeness(actual, expected);
          worst = Math.max(worst, result.maxAbs);
          if (result.failures > 0) problems.push(`${label}: ${result.failures} values, first ${result.worst}`);
          failures += result.failures;
        };
        try {
          await (rnnFiles.includes(file) ? checkRnnCase(file, expectClose) : checkClassifierCase(file, expectClose));
        } catch (error) {
          failures += 1;
          problems.push(`threw: ${error instanceof Error ? error.message : String(error)}`);
        }
        const path = fused ? 'fused' : 'per-op';
        lines.push(`parity ${path.padEnd(6)} ${file.padEnd(34)} max |Δ| ${worst.toExponential(2)}${problems.length ? `  FAILED ${problems.join('; ')}` : ''}`);
      }
    } finally {
      setFusedKernelsEnabled(true);
    }
  }
  lines.push(failures === 0 ? 'parity: every value within 1e-4 of PyTorch, fused and per-op' : `parity: ${failures} values outside 1e-4`);
  return { lines, failures };
}
