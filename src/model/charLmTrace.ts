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
import { readLayers, recordedLayer, recordedTensors, type RecordedLayer } from './recordedLayers';
import type { CharLmConfig, CharLmLayerTrace, CharLmTrace } from './types';

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
  // tf.tidy keeps the tensors listed in its result; the layers go out through a closure variable.
  let recorded: RecordedLayer[] = [];
  tf.tidy(() => {
    const inputs = charLmInputs(config, batch);
    const network = runNetwork(params, { ...config, bidirectional: false }, inputs, batch, { training: false, needOutput: false, record: true });
    recorded = network.recorded.map((sequence, layer) => recordedLayer(sequence, network.layerInputs[layer]));
    return recorded.flatMap(recordedTensors);
  });
  const read = await readLayers(recorded);
  const steps = batch.lengths[0];
  return {
    text,
    condition,
    fed: Array.from(batch.previous.subarray(0, steps), (id) => symbolName(layout, id)),
    written: Array.from(batch.targets.subarray(0, steps), (id) => symbolName(layout, id)),
    layers: read.layers.map((matrices, layer): CharLmLayerTrace => ({ layer, direction: 'forward', ...matrices })),
  };
}
