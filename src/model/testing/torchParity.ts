/**
 * The PyTorch parity checks (torchParityChecks.ts) on fixture FILES, for the Node suites: parity.test.ts on
 * wasm and cpu, parity.gpu.test.ts on webgpu. Fixtures: ../shared/fixtures/torch-parity or RNN_FIXTURES_DIR,
 * and the committed OWN_RNN_FIXTURES.
 */
import type { CellType } from '../types';
import { OWN_RNN_FIXTURES, readFixture, readOwnFixture } from './fixtures';
import { checkClassifierFixture, checkRnnFixture, rnnFixtureCell, type ClassifierCase, type ExpectClose, type FixtureManifest, type RnnCase } from './torchParityChecks';

export type { ExpectClose } from './torchParityChecks';

const manifest = readFixture<FixtureManifest>('manifest.json');
/** Fixture files of whole recurrent networks (`rnn` kind) and of the SST-2-style classifier. */
export const rnnFiles = [...Object.entries(manifest.files).filter(([, entry]) => entry.kind === 'rnn').map(([name]) => name), ...OWN_RNN_FIXTURES];
export const classifierFiles = Object.entries(manifest.files).filter(([, entry]) => entry.kind === 'classifier').map(([name]) => name);

function readRnnCase(file: string): RnnCase {
  return (OWN_RNN_FIXTURES as readonly string[]).includes(file) ? readOwnFixture<RnnCase>(file) : readFixture<RnnCase>(file);
}

/** The cell a `rnn` fixture file tests. */
export function rnnCaseCell(file: string): CellType {
  return rnnFixtureCell(readRnnCase(file));
}

/** One `rnn` fixture file on the active backend. */
export function checkRnnCase(file: string, expectClose: ExpectClose): Promise<void> {
  return checkRnnFixture(file, readRnnCase(file), expectClose);
}

/** One classifier fixture file on the active backend. */
export function checkClassifierCase(file: string, expectClose: ExpectClose): Promise<void> {
  return checkClassifierFixture(file, readFixture<ClassifierCase>(file), expectClose);
}
