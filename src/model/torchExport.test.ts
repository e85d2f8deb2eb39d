/**
 * tools/torch_export.py end to end, without PyTorch: its CLI also reads a state_dict given as JSON
 * nested lists, so it runs on the fixture's `classifier.json` state_dict (modules `lstm.`, `fc.`, which
 * it renames to `rnn.`, `head.`), and the file it writes must predict the fixture's log_probs.
 * Skipped when python3 is not installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from './testing/backend';
import { closeness, readFixture } from './testing/fixtures';
import { sessionFromFile } from './trainingSession';
import type { NestedNumbers } from './types';

interface ClassifierFixture {
  config: { vocab_size: number; embedding_dim: number; hidden_size: number };
  state_dict: Record<string, NestedNumbers>;
  tokens: number[][];
  lengths: number[];
  log_probs: number[][];
}

const script = fileURLToPath(new URL('../../tools/torch_export.py', import.meta.url));

describe('tools/torch_export.py', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it("writes a file that predicts the PyTorch fixture's log_probs", async () => {
    const fixture = readFixture<ClassifierFixture>('classifier.json');
    const dir = mkdtempSync(join(tmpdir(), 'torch-export-'));
    writeFileSync(join(dir, 'state.json'), JSON.stringify(fixture.state_dict));
    writeFileSync(join(dir, 'vocab.txt'), Array.from({ length: fixture.config.vocab_size }, (_, i) => `w${i}`).join('\n'));
    const run = spawnSync('python3', [
      script, join(dir, 'state.json'), join(dir, 'model.json'),
      '--cell', 'lstm', '--hidden', String(fixture.config.hidden_size), '--embedding-dim', String(fixture.config.embedding_dim),
      '--classes', 'negative', 'positive', '--vocab-file', join(dir, 'vocab.txt'), '--pad', 'w0', '--unk', 'w1',
    ], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const file = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as unknown;
    const session = sessionFromFile(file, null, { optimizer: 'adam', learningRate: 1e-3, batchSize: 4, epochs: 1, clipNorm: null, sampling: 'natural', bucketByLength: false, seed: 1 });
    const texts = fixture.tokens.map((row, b) => row.slice(0, fixture.lengths[b]).map((id) => `w${id}`).join(' '));
    const predictions = await session.predict(texts, 2);
    predictions.forEach((prediction, b) => {
      const result = closeness(prediction.logProbs, fixture.log_probs[b]);
      expect(result.failures, result.worst).toBe(0);
    });
    session.dispose();
  });

  it('refuses a state_dict that does not fit, naming the key and shape', () => {
    const fixture = readFixture<ClassifierFixture>('classifier.json');
    const dir = mkdtempSync(join(tmpdir(), 'torch-export-'));
    writeFileSync(join(dir, 'state.json'), JSON.stringify(fixture.state_dict));
    writeFileSync(join(dir, 'vocab.txt'), Array.from({ length: fixture.config.vocab_size }, (_, i) => `w${i}`).join('\n'));
    const run = spawnSync('python3', [
      script, join(dir, 'state.json'), join(dir, 'model.json'),
      '--cell', 'gru', '--hidden', '4', '--embedding-dim', '3', '--classes', 'a', 'b', '--vocab-file', join(dir, 'vocab.txt'), '--pad', 'w0', '--unk', 'w1',
    ], { encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/rnn\.weight_ih_l0: expected shape \[12, 3\], got \[16, 3\]/);
  });
});
