import { describe, expect, it } from 'vitest';
import { MEMORY_DEFAULTS } from '../model/taskDefaults';
import { parseMemoryArgs } from './trainMemory';

describe('train --task memory arguments', () => {
  it('takes the memory lab defaults when no flag is given', () => {
    const options = parseMemoryArgs(['--task', 'memory']);
    expect(options.model).toEqual(MEMORY_DEFAULTS.model);
    expect(options.train).toEqual(MEMORY_DEFAULTS.train);
  });

  it('reads the task, distance, cell and levers', () => {
    const options = parseMemoryArgs(['--task', 'memory', '--memory-task', 'copy', '--distance', '25', '--cell', 'gru', '--forget-bias', '1', '--recurrent-init', 'orthogonal', '--clip', '0', '--steps', '50', '--seed', '3', '--tbptt', '10']);
    expect(options.model).toMatchObject({ task: 'copy', distance: 25, cell: 'gru', gateBias: '1', recurrentInit: 'orthogonal' });
    expect(options.train).toMatchObject({ clipNorm: null, steps: 50, seed: 3, truncateAfter: 10 });
  });

  it('refuses what it cannot run, naming the flag', () => {
    expect(() => parseMemoryArgs(['--cell', 'tutorial'])).toThrow(/--cell must be one of rnn, lstm, gru/);
    expect(() => parseMemoryArgs(['--distance', '1'])).toThrow(/--distance must be between 2 and 500/);
    expect(() => parseMemoryArgs(['--forget-bias', '2'])).toThrow(/--forget-bias must be one of pytorch, 0, 1, 3, chrono/);
    expect(() => parseMemoryArgs(['--steps', '2.5'])).toThrow(/--steps needs a whole number/);
    expect(() => parseMemoryArgs(['--epochs', '3'])).toThrow(/epochs/);
    expect(() => parseMemoryArgs(['--tbptt', '0'])).toThrow(/--tbptt must be between 1 and/);
    expect(() => parseMemoryArgs(['--tbptt', 'last'])).toThrow(/--tbptt needs a whole number/);
  });
});
