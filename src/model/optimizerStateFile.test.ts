/**
 * A checkpoint's optimiser state survives its Blob bit for bit (the moments must be the same float32s for the
 * reopened run to repeat the uninterrupted one), and a damaged Blob is refused rather than read as a state.
 */
import { describe, expect, it } from 'vitest';
import type { OptimizerState } from './optimizerState';
import { decodeOptimizerState, encodeOptimizerState } from './optimizerStateFile';

/** Values whose float32 bits a text round trip of shortened decimals would not keep. */
function floats(length: number, seed: number): Float32Array {
  return Float32Array.from({ length }, (_, index) => Math.fround(Math.sin(seed * 97 + index) / 3 ** (index % 7)));
}

const STATE: OptimizerState = {
  optimizer: 'adam-sparse',
  learningRate: 0.02,
  step: 11,
  betaPowers: [Math.fround(0.9 ** 12), Math.fround(0.999 ** 12)],
  slots: { 'rnn.weight_ih_l0': [floats(7, 1), floats(7, 2)], 'fc.bias': [floats(3, 3), floats(3, 4)], empty: [] },
  table: { parameter: 'embedding.weight', step: 9, m: floats(13, 5), v: floats(13, 6) },
};

describe('optimizerStateFile', () => {
  it('decodes what it encoded: every slot, the table, the counters and the backend', async () => {
    const kept = await decodeOptimizerState(encodeOptimizerState({ state: STATE, backend: 'wasm' }));
    expect(kept.backend).toBe('wasm');
    expect(kept.state).toEqual(STATE);
    // toEqual compares numbers; the bits must match too (NaN aside, equal float32s have equal bits).
    expect(new Uint8Array(kept.state.slots['fc.bias'][1].buffer)).toEqual(new Uint8Array(STATE.slots['fc.bias'][1].buffer));
  });

  it('keeps a state without beta powers or a table', async () => {
    const plain: OptimizerState = { ...STATE, optimizer: 'rmsprop', betaPowers: null, table: null };
    expect((await decodeOptimizerState(encodeOptimizerState({ state: plain, backend: 'cpu' }))).state).toEqual(plain);
  });

  it('refuses an empty, a cut-short, a foreign and a garbled blob', async () => {
    const whole = new Uint8Array(await encodeOptimizerState({ state: STATE, backend: 'cpu' }).arrayBuffer());
    await expect(decodeOptimizerState(new Blob([]))).rejects.toThrow(SyntaxError);
    // The data block cut: the spans point past its end.
    await expect(decodeOptimizerState(new Blob([whole.slice(0, whole.length - 8)]))).rejects.toThrow(/cut short/);
    // The header cut.
    await expect(decodeOptimizerState(new Blob([whole.slice(0, 20)]))).rejects.toThrow(/cut short/);
    // Another file's bytes: a model file's JSON text.
    await expect(decodeOptimizerState(new Blob(['{"format":"pytorch-rnn"}']))).rejects.toThrow(SyntaxError);
    // A flipped byte in the header's text.
    const garbled = whole.slice();
    garbled[6] ^= 0xff;
    await expect(decodeOptimizerState(new Blob([garbled]))).rejects.toThrow(SyntaxError);
  });
});
