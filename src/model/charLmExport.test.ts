/**
 * The PyTorch → playground path of a character LM, end to end: tools/torch_export.py --task char-lm on
 * the fixture's state_dict (given as JSON nested lists, which the tool reads without PyTorch), then
 * `npm run generate -- --score … --json`'s code path on the written file, whose log-probabilities must be
 * PyTorch's within 1e-4. Also the tutorial preset's module renaming (i2h., i2o., o2o.).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseGenerateArgs, runGenerate } from '../cli/generate';
import { charLmParamSpecs, sizeOf } from './architecture';
import { parseCharLmFile } from './charLmFile';
import { charLmFixture as fixture } from './testing/charLmFixture';
import { closeness } from './testing/fixtures';
import type { CharLmConfig, NestedNumbers } from './types';

const script = fileURLToPath(new URL('../../tools/torch_export.py', import.meta.url));

function exportTool(args: string[]): { status: number | null; stderr: string } {
  return spawnSync('python3', [script, ...args], { encoding: 'utf8' });
}

describe('tools/torch_export.py --task char-lm', () => {
  it("writes a file whose `generate --score --json` log-probabilities are PyTorch's", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'char-lm-export-'));
    writeFileSync(join(dir, 'state.json'), JSON.stringify(fixture.state_dict));
    const run = exportTool([join(dir, 'state.json'), join(dir, 'model.json'), '--task', 'char-lm', '--cell', 'lstm', '--hidden', String(fixture.hidden_size)]);
    expect(run.status, run.stderr).toBe(0);
    const items = fixture.names.map((name) => `${name.condition}:${name.text}`);
    const lines = await runGenerate(parseGenerateArgs(['--model', join(dir, 'model.json'), '--score', ...items, '--json']));
    expect(lines).toHaveLength(fixture.names.length);
    lines.forEach((line, index) => {
      const parsed = JSON.parse(line) as { input: string; condition: string; logProbs: number[][] };
      expect(Object.keys(parsed)).toEqual(['input', 'condition', 'logProbs']);
      expect(parsed.input).toBe(fixture.names[index].text);
      expect(parsed.condition).toBe(fixture.names[index].condition);
      expect(parsed.logProbs.map((row) => row.length)).toEqual(fixture.log_probs[index].map(() => 58));
      const result = closeness(parsed.logProbs.flat(), fixture.log_probs[index].flat());
      expect(result.failures, result.worst).toBe(0);
    });
  });

  it('renames the tutorial network i2h/i2o/o2o to rnn.i2h/head.i2o/head.o2o and checks their shapes', () => {
    const config: CharLmConfig = { cell: 'tutorial', hiddenSize: 3, numLayers: 1, dropout: 0.1, alphabet: fixture.alphabet, conditions: fixture.conditions };
    const state: Record<string, NestedNumbers> = {};
    for (const spec of charLmParamSpecs(config)) {
      const values = Array.from({ length: sizeOf(spec.torchShape) }, (_, i) => (i % 7) / 10);
      const name = spec.name.replace(/^rnn\./, '').replace(/^head\./, '');
      state[name] = spec.torchShape.length === 1 ? values : Array.from({ length: spec.torchShape[0] }, (_, row) => values.slice(row * spec.torchShape[1], (row + 1) * spec.torchShape[1]));
    }
    const dir = mkdtempSync(join(tmpdir(), 'char-lm-export-'));
    writeFileSync(join(dir, 'state.json'), JSON.stringify(state));
    const run = exportTool([join(dir, 'state.json'), join(dir, 'model.json'), '--task', 'char-lm', '--cell', 'tutorial', '--hidden', '3', '--dropout', '0.1']);
    expect(run.status, run.stderr).toBe(0);
    const parsed = parseCharLmFile(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')));
    expect(parsed.config).toEqual(config);
    expect([...parsed.values.keys()]).toEqual(['rnn.i2h.weight', 'rnn.i2h.bias', 'head.i2o.weight', 'head.i2o.bias', 'head.o2o.weight', 'head.o2o.bias']);

    const wrong = exportTool([join(dir, 'state.json'), join(dir, 'bad.json'), '--task', 'char-lm', '--cell', 'tutorial', '--hidden', '4']);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/rnn\.i2h\.weight: expected shape \[4, 81\], got \[3, 80\]/);
  });
});
