/**
 * Test helpers for the PyTorch parity fixtures (../shared/fixtures/torch-parity, or RNN_FIXTURES_DIR).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
export { closeness, flat, shapeOf, type Closeness } from './nested';

/** Where the fixtures live: env RNN_FIXTURES_DIR, else `../shared/fixtures/torch-parity` beside the repo root. */
export function fixturesDir(): string {
  const fromEnv = process.env.RNN_FIXTURES_DIR;
  const dir = fromEnv ?? fileURLToPath(new URL('../../../../shared/fixtures/torch-parity', import.meta.url));
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`PyTorch parity fixtures not found at ${dir} (no manifest.json). Set RNN_FIXTURES_DIR to the torch-parity folder.`);
  }
  return dir;
}

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(fixturesDir(), name), 'utf8')) as T;
}

/**
 * `rnn` parity cases the shared set lacks, in its format, committed with the code (src/model/testing/fixtures/)
 * and checked wherever the shared `rnn` files are (both written by tools/make_gru_fixture.py): a stacked
 * bidirectional GRU over packed lengths, which the fused WebGPU GRU kernels must match like the LSTM's two-layer
 * case, and a bidirectional LSTM over 14 steps, long enough for the fused WebGPU kernels to read W_hh from a
 * texture (webgpu/weightTexture.ts; every shared case has 6 steps).
 */
export const OWN_RNN_FIXTURES = ['gru_2layer_bidirectional.json', 'lstm_long_bidirectional.json'] as const;

/** A fixture committed with the code (src/model/testing/fixtures/), made by one of the tools/ scripts. */
export function readOwnFixture<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8')) as T;
}
