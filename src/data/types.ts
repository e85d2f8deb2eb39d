/**
 * Shared data shapes. Pure TypeScript: imported by the worker, the CLI and the UI alike.
 */

/** How text becomes a sequence of symbols. */
export type InputLevel = 'chars' | 'words';

/** One labelled example: the raw text and the index of its class in `DatasetInfo.classes`. */
export interface Example {
  text: string;
  label: number;
}

/** The three splits every task is trained and evaluated on. `val` is SST-2's dev split. */
export interface Splits {
  train: Example[];
  val: Example[];
  test: Example[];
}

/** Where a data set came from: a built-in task or something the user uploaded. */
export type DatasetSource = 'names' | 'sst2' | 'upload';

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
}

/** How training batches are drawn: as the data is, or each class equally likely (the tutorial's randomTrainingExample). */
export type SamplingMode = 'natural' | 'balanced';

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
