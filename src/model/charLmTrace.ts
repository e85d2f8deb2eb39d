/**
 * The insides of a character LM over one text, for the Generate view: the teacher-forced forward pass of
 * charLm.ts at batch 1 with recording on, gathered per layer into `[T, H]` matrices (T = letters + 1: the
 * step reading BOS, then one per letter). Fed a text the model sampled, these are exactly the states it went
 * through while writing it (sampling and scoring run the same network; charLmGenerate.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { generationBatchOf, symbolLayout, symbolName } from '../data/generation';
import { charLmInputs } from './charLm';
import { conditionIndex, GenerationInputError } from './charLmGenerate';
import type { ParamStore } from './params';
import { runNetwork } from './recurrentNetwork';
import type { CharLmConfig, CharLmLayerTrace, CharLmTrace, Matrix } from './types';

async function toMatrix(tensor: tf.Tensor2D): Promise<Matrix> {
  const [rows, cols] = tensor.shape;
  return { rows, cols, data: (await tensor.data()) as Float32Array };
}

/** Trace `text` written for `condition` (null for an unconditioned model). Throws GenerationInputError for bad input. */
export async function traceCharLm(params: ParamStore, config: CharLmConfig, text: string, condition: string | null, maxLetters: number): Promise<CharLmTrace> {
  const layout = symbolLayout(config.alphabet);
  let batch;
  try {
    batch = generationBatchOf([{ text, condition: conditionIndex(config, condition) }], layout, maxLetters);
  } catch (error) {
    if (error instanceof GenerationInputError) throw error;
    throw new GenerationInputError((error as Error).message);
  }
  const stackRows = (rows: tf.Tensor2D[]) => tf.concat(rows, 0) as tf.Tensor2D; // T × [1, H] → [T, H]
  const pending = tf.tidy(() => {
    const inputs = charLmInputs(config, batch);
    const network = runNetwork(params, { ...config, bidirectional: false }, inputs, batch, { training: false, needOutput: false, record: true });
    return network.steps.map((steps, layer) => {
      const input = network.layerInputs[layer];
      const gates: Record<string, tf.Tensor2D> = {};
      for (const name of Object.keys(steps[0].gates ?? {})) gates[name] = stackRows(steps.map((step) => step.gates![name]));
      return {
        inputs: tf.reshape(input, [input.shape[0], input.shape[2]]) as tf.Tensor2D,
        hidden: stackRows(steps.map((step) => step.h)),
        cell: steps[0].c ? stackRows(steps.map((step) => step.c!)) : undefined,
        recurrentNew: steps[0].recurrentNew ? stackRows(steps.map((step) => step.recurrentNew!)) : undefined,
        gates,
      };
    });
  });
  try {
    const layers: CharLmLayerTrace[] = [];
    for (const [layer, recorded] of pending.entries()) {
      const gates: Record<string, Matrix> = {};
      for (const [name, tensor] of Object.entries(recorded.gates)) gates[name] = await toMatrix(tensor);
      layers.push({
        layer,
        direction: 'forward',
        inputs: await toMatrix(recorded.inputs),
        hidden: await toMatrix(recorded.hidden),
        ...(recorded.cell ? { cell: await toMatrix(recorded.cell) } : {}),
        ...(recorded.recurrentNew ? { recurrentNew: await toMatrix(recorded.recurrentNew) } : {}),
        gates,
      });
    }
    const steps = batch.lengths[0];
    return {
      text,
      condition,
      fed: Array.from(batch.previous.subarray(0, steps), (id) => symbolName(layout, id)),
      written: Array.from(batch.targets.subarray(0, steps), (id) => symbolName(layout, id)),
      layers,
    };
  } finally {
    for (const recorded of pending) {
      tf.dispose([recorded.inputs, recorded.hidden, ...Object.values(recorded.gates)]);
      if (recorded.cell) recorded.cell.dispose();
      if (recorded.recurrentNew) recorded.recurrentNew.dispose();
    }
  }
}
