/**
 * Inspect on the fused sequence kernels (fusedInspection.ts) against Inspect on tfjs's per-op kernels, on the
 * ACTIVE backend (browser-safe: the Dawn suite runs it on webgpu, the gpu-parity page on webgl). The per-op
 * path computes ∂L/∂h_t by autodiff through probes added inside its loop, so it is an independent reference
 * for the fused path's probe arithmetic; the LSTM is also held against written-out equations in traceChecks.ts.
 * A two-layer bidirectional model reads a name and a single letter, so every layer input, both directions, the
 * GRU's z and r carries and the one-step case are exercised.
 */
import * as tf from '@tensorflow/tfjs';
import { createEncoder } from '../../data/encoding';
import { startOpCounting, type KernelTally } from '../opCounter';
import { ParamStore } from '../params';
import { traceText } from '../trace';
import type { InspectionTrace, Matrix, ModelConfig } from '../types';
import { setFusedKernelsEnabled } from '../webgpu/fusion';
import { closeness } from './nested';

/** What one cell's comparison found. */
export interface TraceAgreement {
  /** Worst absolute difference per traced quantity (hidden, gate r, ‖∂L/∂h_t‖, …). */
  worst: Record<string, number>;
  /** One line per quantity off by more than 1e-4 (absolute or relative). */
  failures: string[];
  /** The cell's fused sequence kernels ran forward and backward while tracing with fused kernels on. */
  fusedRan: boolean;
  /** …and did not run with them off. */
  perOpClean: boolean;
  /** Tensors the fused trace left behind. */
  leakedTensors: number;
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,;'";
/** Eight letters (32 probes over two layers and directions) and one (the kernels' T = 1 and a lone probe). */
const TEXTS = ['Nienhuis', 'O'];

function traceModel(cell: 'lstm' | 'rnn' | 'gru'): ModelConfig {
  return { cell, hiddenSize: 16, numLayers: 2, bidirectional: true, dropout: 0, input: { type: 'chars', alphabet: ALPHABET }, classes: ['a', 'b', 'c', 'd', 'e'] };
}

/** Every matrix of a trace by a name that says where it came from. */
function quantities(trace: InspectionTrace): Map<string, ArrayLike<number>> {
  const found = new Map<string, ArrayLike<number>>([
    ['log-probabilities', trace.logProbs],
    ['prefix log-probabilities', trace.prefixLogProbs.data],
  ]);
  for (const layer of trace.layers) {
    const where = `layer ${layer.layer} ${layer.direction}`;
    const add = (name: string, matrix: Matrix | undefined) => matrix && found.set(`${where} ${name}`, matrix.data);
    add('inputs', layer.inputs);
    add('hidden', layer.hidden);
    add('cell', layer.cell);
    add('recurrentNew', layer.recurrentNew);
    for (const [name, gate] of Object.entries(layer.gates)) add(`gate ${name}`, gate);
    found.set(`${where} ‖∂L/∂h_t‖`, layer.gradNorms);
  }
  return found;
}

function ranSequenceKernels(tally: KernelTally, cell: string): boolean {
  const prefix = `RnnPlayground${cell[0].toUpperCase()}${cell.slice(1)}Sequence`;
  const names = Object.keys(tally).filter((name) => name.startsWith(prefix));
  return names.some((name) => name.endsWith('Grad')) && names.some((name) => !name.endsWith('Grad'));
}

async function traceOn(fused: boolean, params: ParamStore, model: ModelConfig, text: string): Promise<{ trace: InspectionTrace; tally: KernelTally; leaked: number }> {
  setFusedKernelsEnabled(fused);
  const before = tf.memory().numTensors;
  const counter = startOpCounting();
  try {
    const trace = await traceText(params, model, createEncoder(model.input), text, 2);
    return { trace, tally: counter.byKernel(), leaked: tf.memory().numTensors - before };
  } finally {
    counter.stop();
    setFusedKernelsEnabled(true);
  }
}

/** Trace each text with a freshly initialised `cell` model, fused and per-op, and compare everything Inspect shows. */
export async function checkTraceAgreement(cell: 'lstm' | 'rnn' | 'gru'): Promise<TraceAgreement> {
  const model = traceModel(cell);
  const params = new ParamStore(model, 7);
  const report: TraceAgreement = { worst: {}, failures: [], fusedRan: true, perOpClean: true, leakedTensors: 0 };
  try {
    for (const text of TEXTS) {
      const fused = await traceOn(true, params, model, text);
      const perOp = await traceOn(false, params, model, text);
      report.fusedRan &&= ranSequenceKernels(fused.tally, cell);
      report.perOpClean &&= !ranSequenceKernels(perOp.tally, cell);
      report.leakedTensors += fused.leaked;
      const expected = quantities(perOp.trace);
      const actual = quantities(fused.trace);
      if ([...expected.keys()].join() !== [...actual.keys()].join()) report.failures.push(`"${text}": traced quantities differ: ${[...actual.keys()].join(', ')} vs ${[...expected.keys()].join(', ')}`);
      for (const [name, values] of expected) {
        const result = closeness(actual.get(name) ?? [], values, 1e-4);
        report.worst[name] = Math.max(report.worst[name] ?? 0, result.maxAbs);
        if (result.failures > 0) report.failures.push(`"${text}" ${name}: ${result.failures} values off, first ${result.worst}`);
      }
    }
    return report;
  } finally {
    params.dispose();
  }
}
