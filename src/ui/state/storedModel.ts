/**
 * The checkpoint kept in IndexedDB, read back untrusted (garbage there once gave "e.classes.join is not a
 * function" and an uncaught TypeError at start-up), and the rule for putting it back: it must have been
 * trained on the data now loaded, and a shared link that names another architecture wins over it.
 */
import type { ModelFileHeader } from '../../model/architecture';
import type { CellType, ModelConfig } from '../../model/types';
import type { SerializedModelFile } from '../../worker/protocol';
import type { AppConfig } from './appConfig';
import { checkRunStory, type RunStory } from './runStory';

/** A checkpoint with the data set it was trained on, so a reload restores it only onto that data. */
export interface SavedModel {
  dataId: string;
  savedAt: number;
  /** The model file as a Blob (stored without copying it here), with the header needed to decide whether it fits the current data and model. */
  file: SerializedModelFile;
  /** The run's curves, step, results and settings (absent in records kept by earlier versions). */
  story?: RunStory;
}

const CELLS: readonly CellType[] = ['tutorial', 'rnn', 'lstm', 'gru'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isPositiveInteger = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1;

function isModelHeader(model: unknown): model is ModelFileHeader {
  return (
    isRecord(model) &&
    CELLS.includes(model.cell as CellType) &&
    isPositiveInteger(model.hiddenSize) &&
    isPositiveInteger(model.numLayers) &&
    typeof model.bidirectional === 'boolean' &&
    typeof model.dropout === 'number' &&
    (model.embeddingDim === null || isPositiveInteger(model.embeddingDim))
  );
}

/** The stored value as a SavedModel, or the reason it is not one (the worker still checks the file's text in full). */
export function checkSavedModel(value: unknown): SavedModel | string {
  if (!isRecord(value)) return 'the record is not an object';
  if (typeof value.dataId !== 'string' || typeof value.savedAt !== 'number') return 'it does not say which data it was trained on';
  const file = value.file;
  // Earlier versions kept the file as text: it is still read (wrapped in a Blob), not dropped.
  const blob = isRecord(file) ? (file.blob instanceof Blob ? file.blob : typeof file.text === 'string' ? new Blob([file.text], { type: 'application/json' }) : null) : null;
  if (!isRecord(file) || blob === null) return 'the model file is missing';
  if (!Array.isArray(file.classes) || !file.classes.every((name) => typeof name === 'string')) return 'its class names are not a list of texts';
  if (file.inputType !== 'chars' && file.inputType !== 'words') return 'its input is neither characters nor words';
  const model = file.model;
  if (!isModelHeader(model)) return 'its architecture is incomplete';
  // The optimiser state is what lets the run go on exactly; without it (earlier versions) the weights still come back.
  const optimizerState = file.optimizerState instanceof Blob ? { optimizerState: file.optimizerState } : {};
  const checkedFile: SerializedModelFile = { blob, model, classes: file.classes, inputType: file.inputType, ...optimizerState };
  const saved = { dataId: value.dataId, savedAt: value.savedAt, file: checkedFile };
  if (value.story === undefined) return saved;
  // A damaged history loses the curves, not the weights: the checkpoint beside it is whole.
  const story = checkRunStory(value.story);
  return typeof story === 'string' ? saved : { ...saved, story };
}

/** The architecture fields a configuration (or a link) can name. */
const ARCHITECTURE_KEYS = ['cell', 'hiddenSize', 'numLayers', 'bidirectional', 'embeddingDim'] as const;

/**
 * Put the saved checkpoint back onto `wanted`'s data? It must share the classes and input kind. Its
 * architecture is kept as it is (configuration and links clamp sizes, e.g. hidden ≤ 512, that an opened
 * model file may exceed: demanding a match dropped such weights on every reload), unless `linkPatch`, the
 * fields the page's URL set, names a different one: a shared link describes the model to show.
 */
export function savedModelFits(file: SerializedModelFile, wanted: ModelConfig, linkPatch: Partial<AppConfig>): boolean {
  if (file.inputType !== wanted.input.type || file.classes.join('\n') !== wanted.classes.join('\n')) return false;
  const saved: Record<(typeof ARCHITECTURE_KEYS)[number], unknown> = {
    cell: file.model.cell,
    hiddenSize: file.model.hiddenSize,
    numLayers: file.model.numLayers,
    bidirectional: file.model.bidirectional,
    embeddingDim: file.model.embeddingDim ?? undefined,
  };
  return ARCHITECTURE_KEYS.every((key) => linkPatch[key] === undefined || saved[key] === undefined || linkPatch[key] === saved[key]);
}
