/**
 * The PyTorch parity checks (torchParityChecks.ts) on fixture FILES, for the Node suites: parity.test.ts on
 * wasm and cpu, parity.gpu.test.ts on webgpu. Fixtures: ../shared/fixtures/torch-parity or RNN_FIXTURES_DIR.
 */
import type { CellType } from '../types';
import { readFixture } from './fixtures';
import { checkClassifierFixture, checkRnnFixture, rnnFixtureCell, type ClassifierCase, type ExpectClose, type FixtureManifest, type RnnCase } from './torchParityChecks';

export type { ExpectClose } from './torchParityChecks';

const manifest = readFixture<FixtureManifest>('manifest.json');
/** Fixture files of whole recurrent networks (`rnn` kind) and of the SST-2-style classifier. */
export const rnnFiles = Object.entries(manifest.files).filter(([, entry]) => entry.kind === 'rnn').map(([name]) => name);
export const classifierFiles = Object.entries(manifest.files).filter(([, entry]) => entry.kind === 'classifier').map(([name]) => name);

/** The cell a `rnn` fixture file tests. */
export function rnnCaseCell(file: string): CellType {
  return rnnFixtureCell(readFixture<RnnCase>(file));
}

/** One `rnn` fixture file on the active backend. */
export function checkRnnCase(file: string, expectClose: ExpectClose): Promise<void> {
  return checkRnnFixture(file, readFixture<RnnCase>(file), expectClose);
}

/** One classifier fixture file on the active backend. */
export function checkClassifierCase(file: string, expectClose: ExpectClose): Promise<void> {
  return checkClassifierFixture(file, readFixture<ClassifierCase>(file), expectClose);
}
