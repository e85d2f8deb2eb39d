import { describe, expect, it } from 'vitest';
import { BenchArgumentError, parseBenchArgs } from './args';

describe('parseBenchArgs', () => {
  it('runs every backend and configuration, in the browser and Node, with races by default', () => {
    const options = parseBenchArgs([]);
    expect(options.backends).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(options.configs).toHaveLength(5);
    expect(options.runBrowser).toBe(true);
    expect(options.runNode).toBe(true);
    expect(options.plan.mode).toBe('speed');
    expect(options.plan.races).toBe(true);
    expect(options.raceBackends).toBe('fastest');
    expect(options.build).toBe(true);
    expect(options.nodeRaces).toEqual(['names-lstm']);
    expect(options.plan.minSteps).toBeLessThanOrEqual(options.plan.steps);
    expect(options.memoryRace).toBe(false);
    expect(options.jsFlags).toBeNull();
  });

  it('--js-flags passes V8 flags to Chromium as given', () => {
    expect(parseBenchArgs(['--js-flags=--no-liftoff --no-wasm-dynamic-tiering']).jsFlags).toBe('--no-liftoff --no-wasm-dynamic-tiering');
  });

  it('--memory-race asks for the memory lab race instead, building unless told not to', () => {
    expect(parseBenchArgs(['--memory-race'])).toMatchObject({ memoryRace: true, build: true });
    expect(parseBenchArgs(['--memory-race', '--no-build'])).toMatchObject({ memoryRace: true, build: false });
  });

  it('takes comma lists and drops races with --quick', () => {
    const options = parseBenchArgs(['--backend', 'wasm,webgl', '--config', 'names-gru', '--quick', '--steps', '25']);
    expect(options.backends).toEqual(['wasm', 'webgl']);
    expect(options.configs).toEqual(['names-gru']);
    expect(options.plan.races).toBe(false);
    expect(options.raceBackends).toBe('none');
    expect(options.plan.steps).toBe(25);
    expect(options.nodeRaces).toEqual([]);
    expect(parseBenchArgs(['--node-races', 'all']).nodeRaces).toHaveLength(5);
  });

  it('skips Node when wasm is not among the backends or with --browser-only', () => {
    expect(parseBenchArgs(['--backend', 'webgl']).runNode).toBe(false);
    expect(parseBenchArgs(['--browser-only']).runNode).toBe(false);
    const nodeOnly = parseBenchArgs(['--node-only', '--no-build']);
    expect(nodeOnly.runBrowser).toBe(false);
    expect(nodeOnly.runNode).toBe(true);
    expect(nodeOnly.build).toBe(false);
  });

  it('soaks names-lstm on wasm in the browser unless told otherwise', () => {
    const options = parseBenchArgs(['--soak', '2']);
    expect(options.plan.mode).toBe('soak');
    expect(options.plan.soakMinutes).toBe(2);
    expect(options.backends).toEqual(['wasm']);
    expect(options.configs).toEqual(['names-lstm']);
    expect(options.runBrowser).toBe(true);
    expect(options.runNode).toBe(false);
    expect(parseBenchArgs(['--soak', '2', '--node-only']).runNode).toBe(true);
  });

  it('rebuilds in both places by default', () => {
    const options = parseBenchArgs(['--rebuilds', '10']);
    expect(options.plan.mode).toBe('rebuilds');
    expect(options.plan.rebuilds).toBe(10);
    expect(options.runBrowser && options.runNode).toBe(true);
  });

  it('refuses unknown names, flags and contradictions with a message naming them', () => {
    expect(() => parseBenchArgs(['--backend', 'metal'])).toThrow(/--backend metal: unknown metal/);
    expect(() => parseBenchArgs(['--config', 'names-lstn'])).toThrow(BenchArgumentError);
    expect(() => parseBenchArgs(['--fast'])).toThrow(BenchArgumentError);
    expect(() => parseBenchArgs(['--node-only', '--browser-only'])).toThrow(/exclude each other/);
    expect(() => parseBenchArgs(['--steps', 'ten'])).toThrow(/--steps ten/);
    expect(() => parseBenchArgs(['--races', 'some'])).toThrow(/fastest, all or none/);
  });

  it('--generator: the names-gen defaults on wasm, sizes overridable, flags of other modes refused', () => {
    const options = parseBenchArgs(['--generator']);
    expect(options.generator).toEqual({ cell: 'lstm', hiddenSize: 128, epochs: 10 });
    expect(options.backends).toEqual(['wasm']);
    expect(parseBenchArgs(['--generator', '--epochs', '1', '--hidden', '16', '--cell', 'gru']).generator).toEqual({ cell: 'gru', hiddenSize: 16, epochs: 1 });
    expect(parseBenchArgs([]).generator).toBeNull();
    expect(() => parseBenchArgs(['--epochs', '2'])).toThrow(/--epochs only apply with --generator/);
    expect(() => parseBenchArgs(['--generator', '--cell', 'transformer'])).toThrow(/--cell transformer: choose from/);
    expect(() => parseBenchArgs(['--generator', '--soak', '5'])).toThrow(/--generator trains in the browser on its own/);
    expect(() => parseBenchArgs(['--generator', '--backend', 'wasm,cpu'])).toThrow(/runs on one backend/);
  });
});
