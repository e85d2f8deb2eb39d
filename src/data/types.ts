/**
 * Shared data shapes. Pure TypeScript: imported by the worker, the CLI and the UI alike.
 */

/** How text becomes a sequence of symbols. */
export const INPUT_LEVELS = ['chars', 'words'] as const;
export type InputLevel = (typeof INPUT_LEVELS)[number];

/** One labelled example: the raw text and the index of its class in `DatasetInfo.classes`. */
export interface Example {
  text: string;
  label: number;
}

/** The three splits every task is trained and evaluated on. `val` is SST-2's dev split. */
export const SPLIT_NAMES = ['train', 'val', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

/** The three splits' examples. */
export interface Splits {
  train: Example[];
  val: Example[];
  test: Example[];
}

/** The data sets that ship with the playground (files under ../shared/data). */
export const BUILTIN_TASK_IDS = ['names', 'sst2'] as const;
export type BuiltinTaskId = (typeof BUILTIN_TASK_IDS)[number];

/** The tasks a user can pick: a built-in data set or an upload. Also where a data set came from. */
export const TASK_IDS = [...BUILTIN_TASK_IDS, 'upload'] as const;
export type TaskId = (typeof TASK_IDS)[number];
/**
 * Tasks that generate text instead of classifying it, each with the built-in data set it learns from:
 * `names-gen` invents surnames for a language from the names split (the classes become conditions).
 */
export const GENERATION_TASK_IDS = ['names-gen'] as const;
export type GenerationTaskId = (typeof GENERATION_TASK_IDS)[number];
/** The built-in data set each generation task learns from. */
export const GENERATION_TASK_DATA: Record<GenerationTaskId, BuiltinTaskId> = { 'names-gen': 'names' };
/** Where a data set came from (a task id). */
export type DatasetSource = TaskId;

/**
 * A whole task's data, as the UI shows it and the worker trains on it. Small enough to post
 * to the worker (names: 20k short strings; SST-2: 9.6k sentences).
 */
export interface Dataset extends Splits {
  /** Stable id, e.g. 'names', 'sst2', 'upload:my-file.csv'. */
  id: string;
  source: DatasetSource;
  /** Human title, e.g. 'Surnames → language (18 classes)'. */
  title: string;
  level: InputLevel;
  /** Class names in label order. */
  classes: string[];
  /** Notes for the user: dropped lines, duplicates removed, truncations. Plain text. */
  notes: string[];
  /**
   * Character level only: the data set's own one-hot alphabet (charAlphabet.ts, "�" last), derived from its
   * training texts when some character is outside the tutorial's 57 symbols. Absent: the 57.
   */
  alphabet?: string;
}

/** How training batches are drawn: as the data is, or each class equally likely (the tutorial's randomTrainingExample). */
export const SAMPLING_MODES = ['natural', 'balanced'] as const;
export type SamplingMode = (typeof SAMPLING_MODES)[number];

/**
 * A padded batch of symbol ids, ready for the model. Batch-major, `[batchSize, seqLength]`.
 * Positions `t >= lengths[b]` hold `padId` and must be ignored (the model packs by `lengths`).
 */
export interface EncodedBatch {
  ids: Int32Array;
  lengths: Int32Array;
  labels: Int32Array;
  batchSize: number;
  seqLength: number;
}
