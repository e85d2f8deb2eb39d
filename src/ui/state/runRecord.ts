/**
 * One kept run: one model's history on one task (its settings, seed, curves, final test result and, on
 * request, its weights). Records are read back from IndexedDB and from files the user imports, so they are
 * checked field by field before use, with a message that says what is wrong. Pure: no storage, no DOM.
 */
import type { CellType, EvalMetrics } from '../../model/types';
import { REPLAY_BLOCKERS, type ReplayBlocker, type RunOrigin } from '../../worker/client';
import { highLossWarning, type HighLossWarning } from '../lib/highLossWarning';

/** A setting as kept with a run: the configuration's values are all of these kinds. */
export type SettingValue = string | number | boolean | null;
export type RunSettings = Readonly<Record<string, SettingValue>>;

/** Curves as flattened [step, value, step, value, …] lists, like the live charts' history. */
export interface RunCurves {
  trainLoss: number[];
  gradNorm: number[];
  valLoss: number[];
  valAccuracy: number[];
}

/**
 * The held-out test set's evaluation at the end of the run. A memory-lab run is scored on its held-out
 * sequences for plain accuracy only: its `macroAccuracy` is null and its `classRecall` empty (not measured).
 */
export interface RunTestResult {
  accuracy: number;
  macroAccuracy: number | null;
  count: number;
  /** Recall of each class, in `classes` order (NaN-free: a class without test examples has 0); empty when not measured. */
  classRecall: number[];
}

export interface RunRecord {
  /** Unique within a browser's store; kept by export and import so the two give identical runs. */
  id: string;
  /** What the list shows; the user can edit it. */
  name: string;
  pinned: boolean;
  /** The data set the run trained on (`names`, `sst2`, an upload's id): runs are listed per task. */
  dataId: string;
  classes: string[];
  settings: RunSettings;
  seed: number;
  /** Milliseconds since 1970 when the run was kept. */
  createdAt: number;
  step: number;
  epoch: number;
  curves: RunCurves;
  test: RunTestResult | null;
  /** The model file's text, when the user asked to keep the weights; null otherwise. */
  weights: string | null;
  /**
   * Where the initial weights came from. 'seed': the engine's own draw from `seed` for the model `settings`
   * describe (on this task's data), with batches dealt from the same seed, so Replay recreates both exactly.
   * Absent: not known (see `notReplayable`, or a run kept before this was recorded).
   */
  init?: 'seed';
  /** Why this run cannot be replayed, when that was recorded (the client's run origin when it was kept). */
  notReplayable?: ReplayRefusal;
  /**
   * The high-loss note's numbers when the run was kept while the note held (highLossWarning.ts), so its entry says
   * the loss stayed far above chance; absent otherwise.
   */
  highLoss?: KeptHighLoss;
}

/**
 * A kept run as the list holds it: the record without the model file's text, which is read by id when needed
 * (runStore's readWeights), and that text's length in characters when the weights are kept (null: not kept).
 */
export type KeptRun = Omit<RunRecord, 'weights'> & { weightsLength: number | null };

/** A kept run's recent training loss against chance (nats), as the note read them. */
export type KeptHighLoss = Pick<HighLossWarning, 'recentLoss' | 'chanceLoss'>;

/** What a kept run records of the high-loss note: its numbers while it holds for `trainLoss` (full resolution), else nothing. */
export function highLossFacts(trainLoss: ArrayLike<number>, classCount: number): Pick<RunRecord, 'highLoss'> {
  const warning = highLossWarning(trainLoss, classCount);
  return warning ? { highLoss: { recentLoss: warning.recentLoss, chanceLoss: warning.chanceLoss } } : {};
}

/** What made a run impossible to replay, and when. */
export interface ReplayRefusal {
  cause: ReplayBlocker;
  /** The training step it happened at. */
  step: number;
  /** What exactly (the settings that changed, the backend switched to), or null. */
  detail: string | null;
}

/** Why a run cannot be replayed, in words that name the cause ("… cannot be replayed: <this>."). */
export function replayRefusalText(refusal: ReplayRefusal): string {
  const at = `at step ${refusal.step}`;
  const detail = refusal.detail ? ` (${refusal.detail})` : '';
  switch (refusal.cause) {
    case 'opened-file':
      return 'it started from an opened model file, so its initial weights are not drawn from its seed';
    case 'restored':
      return `it went on ${at} from the checkpoint kept at a reload or a task switch, where its optimiser and batch order started again`;
    case 'restored-replaced':
      return 'it is a model put back by "Undo: restore previous model", whose initial weights are not known';
    case 'worker-restarted':
      return `the training worker restarted ${at} and the run went on from its last checkpoint, with a fresh optimiser and batch order`;
    case 'settings-changed':
      return refusal.step === 0
        ? `its seed changed after its weights were drawn${detail}`
        : `its training settings changed mid-run ${at}${detail}, so no one configuration describes it`;
    case 'backend-switched':
      return `the backend changed mid-run ${at}${detail}, and the model was reopened with a fresh optimiser and batch order`;
    case 'pretrained-embeddings':
      return 'it uses pre-trained embedding vectors (GloVe), not weights drawn from its seed';
  }
}

/** What a kept run records of the client's run origin: replayable from its seed, or the cause that prevents it. */
export function replayFacts(origin: RunOrigin | null): Pick<RunRecord, 'init' | 'notReplayable'> {
  if (origin === null) return {};
  if (origin.isReplayable) return { init: 'seed' };
  return { notReplayable: { cause: origin.cause, step: origin.step, detail: origin.detail } };
}

/** Words for a run kept before runs recorded how their weights came (or a race member kept without it). */
export const UNKNOWN_INIT_TEXT = 'its initial weights are not known (it was not trained from a seed here, or was kept before runs recorded it)';

/** How many points a kept curve may have: a long run's loss (thousands of steps) is averaged down to this. */
export const MAX_CURVE_POINTS = 500;

/**
 * Average a flattened [step, value, …] series down to at most `maxPoints` points: each bucket of neighbouring
 * points becomes one, at the bucket's last step with the mean of its values (the curve's shape and its end
 * stay; noise is smoothed the way the chart's smoothing would).
 */
export function downsampleSeries(series: readonly number[], maxPoints = MAX_CURVE_POINTS): number[] {
  const points = Math.floor(series.length / 2);
  if (points <= maxPoints) return series.slice(0, points * 2);
  const result: number[] = [];
  for (let bucket = 0; bucket < maxPoints; bucket++) {
    const from = Math.floor((bucket * points) / maxPoints);
    const to = Math.floor(((bucket + 1) * points) / maxPoints);
    let sum = 0;
    for (let index = from; index < to; index++) sum += series[index * 2 + 1];
    result.push(series[(to - 1) * 2], sum / (to - from));
  }
  return result;
}

/** Per-class recall from a row-major confusion matrix (rows = true class). */
export function classRecallOf(metrics: Pick<EvalMetrics, 'confusion'>, classCount: number): number[] {
  const recall: number[] = [];
  for (let row = 0; row < classCount; row++) {
    let total = 0;
    for (let column = 0; column < classCount; column++) total += metrics.confusion[row * classCount + column] ?? 0;
    recall.push(total === 0 ? 0 : (metrics.confusion[row * classCount + row] ?? 0) / total);
  }
  return recall;
}

/** A cell's short name, as run names and race legends say it. */
export const CELL_SHORT_NAMES: Record<CellType, string> = { tutorial: 'Tutorial RNN', rnn: 'RNN', lstm: 'LSTM', gru: 'GRU' };
/** An optimiser's short name, as run names and race member lines say it. */
export const OPTIMIZER_SHORT: Record<string, string> = { sgd: 'SGD', adam: 'Adam', 'adam-sparse': 'SparseAdam', rmsprop: 'RMSprop' };

/**
 * The network a run trains, as the settings describe it: its layers and directions and its dropout. The tutorial
 * network is one layer in one direction whatever is set (toModelConfig), so it is never stacked or bidirectional;
 * dropout (on the features the classifier reads) applies to every cell. Settings kept before these existed read as
 * one layer, one direction, no dropout. Run names and race member lines both describe a network by this.
 */
export function networkShape(settings: Readonly<Partial<Record<'cell' | 'numLayers' | 'bidirectional' | 'dropout', SettingValue>>>): { numLayers: number; bidirectional: boolean; dropout: number } {
  const isTutorial = settings.cell === 'tutorial';
  const numLayers = Number(settings.numLayers);
  const dropout = Number(settings.dropout);
  return {
    numLayers: isTutorial || !Number.isInteger(numLayers) || numLayers < 1 ? 1 : numLayers,
    bidirectional: !isTutorial && settings.bidirectional === true,
    dropout: Number.isFinite(dropout) && dropout > 0 ? dropout : 0,
  };
}

function epochsText(settings: RunSettings): string {
  const epochs = Number(settings.epochs);
  return `${epochs} ${epochs === 1 ? 'epoch' : 'epochs'}`;
}

/**
 * '2-layer BiLSTM 100 · dropout 0.1 · Adam 0.001 · 10 epochs' (as the lecture preset's title says it), 'LSTM 128 · Adam
 * 0.005 · 2 epochs' for one layer, one direction, no dropout: the name a run gets until the user edits it. Two runs
 * that differ in layers, directions or dropout are named differently in the kept runs, Compare and a race's legend.
 */
export function defaultRunName(settings: RunSettings): string {
  const cell = CELL_SHORT_NAMES[settings.cell as CellType] ?? String(settings.cell);
  const optimizer = OPTIMIZER_SHORT[String(settings.optimizer)] ?? String(settings.optimizer);
  const { numLayers, bidirectional, dropout } = networkShape(settings);
  const network = `${numLayers > 1 ? `${numLayers}-layer ` : ''}${bidirectional ? 'Bi' : ''}${cell} ${String(settings.hiddenSize)}`;
  return [network, ...(dropout > 0 ? [`dropout ${dropout}`] : []), `${optimizer} ${String(settings.learningRate)}`, epochsText(settings)].join(' · ');
}

/**
 * The default name as versions before layers, directions and dropout were named made it ('LSTM 128 · Adam 0.005 · 2
 * epochs' for a 2-layer BiLSTM too): runs kept then, in this browser or in an exported file, still carry it.
 */
function earlierDefaultRunName(settings: RunSettings): string {
  const cell = CELL_SHORT_NAMES[settings.cell as CellType] ?? String(settings.cell);
  const optimizer = OPTIMIZER_SHORT[String(settings.optimizer)] ?? String(settings.optimizer);
  return `${cell} ${String(settings.hiddenSize)} · ${optimizer} ${String(settings.learningRate)} · ${epochsText(settings)}`;
}

/**
 * The name of a run kept again (carried on with more epochs or another learning rate): a name the user gave stays;
 * one still as the app made it (now, or as earlier versions did) follows the settings, or "1 epoch" would stand
 * beside 900 steps.
 */
export function runNameOnUpdate(previous: Pick<RunRecord, 'name' | 'settings'> | null, settings: RunSettings): string {
  if (previous === null || previous.name === defaultRunName(previous.settings) || previous.name === earlierDefaultRunName(previous.settings)) {
    return defaultRunName(settings);
  }
  return previous.name;
}

/**
 * The longest name a run may be given (characters): room for the longest default and a few words of the student's
 * own. The longest default is a race's, with every part at its longest: 86 characters in
 * 'Race: 16-layer BiLSTM 4096 · dropout 0.85 · SparseAdam 0.000001 · 100 epochs (stopped)' (the size and layer limits,
 * a dropout on the field's 0.05 steps, the smallest learning rate, the most epochs). Longer names (an imported file, a
 * learning rate typed with more digits) are still shown, cut with an ellipsis where space is short.
 */
export const RUN_NAME_MAX_LENGTH = 96;

/**
 * A typed name as it is kept: trimmed, never empty, at most RUN_NAME_MAX_LENGTH characters. Cut by code point so an
 * emoji is never split in half (the field's maxLength counts UTF-16 units, stricter still).
 */
export function cleanRunName(typed: string): string {
  const characters = Array.from(typed.trim());
  return characters.slice(0, RUN_NAME_MAX_LENGTH).join('').trim() || 'Unnamed run';
}

/** One setting whose value is not the same in every compared run. */
export interface SettingDifference {
  key: string;
  /** One value per run, in the runs' order; undefined where a run does not have the setting. */
  values: (SettingValue | undefined)[];
}

/** The settings that differ between runs (keys in first-seen order), for Compare's table. */
export function settingsThatDiffer(runs: readonly RunSettings[]): SettingDifference[] {
  const keys: string[] = [];
  for (const settings of runs) for (const key of Object.keys(settings)) if (!keys.includes(key)) keys.push(key);
  return keys
    .map((key) => ({ key, values: runs.map((settings) => (key in settings ? settings[key] : undefined)) }))
    .filter(({ values }) => values.some((value) => value !== values[0]));
}

// ------------------------------------------------------------------ checking what is read back

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

/** A flattened curve: an even-length list of numbers whose steps are finite (values may be NaN after divergence, stored as null by JSON). */
function checkCurve(value: unknown, name: string): number[] | string {
  if (!Array.isArray(value) || value.length % 2 !== 0) return `its ${name} curve is not a list of (step, value) pairs`;
  const curve: number[] = [];
  for (let index = 0; index < value.length; index++) {
    const item: unknown = value[index];
    if (index % 2 === 0 && !isFiniteNumber(item)) return `its ${name} curve has a step that is not a number`;
    if (index % 2 === 1 && item !== null && typeof item !== 'number') return `its ${name} curve has a value that is not a number`;
    curve.push(item === null ? Number.NaN : (item as number));
  }
  return curve;
}

const CURVE_NAMES = ['trainLoss', 'gradNorm', 'valLoss', 'valAccuracy'] as const;

function checkTest(value: unknown, classCount: number): RunTestResult | null | string {
  if (value === null) return null;
  if (!isRecord(value)) return 'its test result is not an object';
  const { accuracy, macroAccuracy, count, classRecall } = value;
  const isShare = (share: unknown) => isFiniteNumber(share) && share >= 0 && share <= 1;
  if (!isShare(accuracy) || !(macroAccuracy === null || isShare(macroAccuracy))) return 'its test accuracy is not a share between 0 and 1';
  if (!isCount(count)) return 'its test example count is not a whole number';
  // Measured per class (a classifier's test) or not at all (a memory-lab run's held-out accuracy): both or neither.
  const recallCount = macroAccuracy === null ? 0 : classCount;
  if (!Array.isArray(classRecall) || classRecall.length !== recallCount || !classRecall.every(isShare)) {
    return macroAccuracy === null ? 'its per-class recall is given without a macro accuracy' : `its per-class recall is not ${classCount} shares between 0 and 1`;
  }
  return { accuracy: accuracy as number, macroAccuracy: macroAccuracy as number | null, count, classRecall: classRecall as number[] };
}

/** The value as a RunRecord, or the reason it is not one (said so a user can find the fault in a file). */
export function checkRunRecord(value: unknown): RunRecord | string {
  if (!isRecord(value)) return 'it is not an object';
  const { id, name, pinned, dataId, classes, settings, seed, createdAt, step, epoch, curves, test, weights, init, notReplayable, highLoss } = value;
  if (typeof id !== 'string' || id.length === 0) return 'it has no id';
  if (typeof name !== 'string') return 'it has no name';
  if (typeof pinned !== 'boolean') return '"pinned" is not true or false';
  if (typeof dataId !== 'string' || dataId.length === 0) return 'it does not say which data it was trained on';
  if (!Array.isArray(classes) || classes.length === 0 || !classes.every((item) => typeof item === 'string')) {
    return 'its class names are not a list of texts';
  }
  if (!isRecord(settings)) return 'its settings are not an object';
  for (const [key, setting] of Object.entries(settings)) {
    if (setting !== null && !['string', 'number', 'boolean'].includes(typeof setting)) return `its setting "${key}" is not a plain value`;
  }
  if (!Number.isInteger(seed)) return 'its seed is not a whole number';
  if (!isFiniteNumber(createdAt)) return 'its date is not a number';
  if (!isCount(step) || !isCount(epoch)) return 'its step or epoch is not a whole number';
  if (!isRecord(curves)) return 'it has no curves';
  const checkedCurves: Partial<RunCurves> = {};
  for (const curveName of CURVE_NAMES) {
    const curve = checkCurve(curves[curveName], curveName);
    if (typeof curve === 'string') return curve;
    checkedCurves[curveName] = curve;
  }
  const checkedTest = checkTest(test, classes.length);
  if (typeof checkedTest === 'string') return checkedTest;
  if (weights !== null && typeof weights !== 'string') return 'its weights are not a model file';
  if (init !== undefined && init !== 'seed') return 'its initial weights are of an unknown kind ("init" must be "seed" or absent)';
  const refusal = checkRefusal(notReplayable);
  if (typeof refusal === 'string') return refusal;
  const keptHighLoss = checkHighLoss(highLoss);
  if (typeof keptHighLoss === 'string') return keptHighLoss;
  return {
    id,
    name,
    pinned,
    dataId,
    classes: classes as string[],
    settings: settings as RunSettings,
    seed: seed as number,
    createdAt,
    step,
    epoch,
    curves: checkedCurves as RunCurves,
    test: checkedTest,
    weights: weights as string | null,
    ...(init === 'seed' ? { init } : {}),
    ...(refusal ? { notReplayable: refusal } : {}),
    ...(keptHighLoss ? { highLoss: keptHighLoss } : {}),
  };
}

function checkHighLoss(value: unknown): KeptHighLoss | null | string {
  if (value === undefined) return null;
  if (!isRecord(value) || !isFiniteNumber(value.recentLoss) || !isFiniteNumber(value.chanceLoss)) return 'its high-loss note is not two losses (recent and chance)';
  return { recentLoss: value.recentLoss, chanceLoss: value.chanceLoss };
}

function checkRefusal(value: unknown): ReplayRefusal | null | string {
  if (value === undefined) return null;
  const problem = 'its reason not to be replayed is not a known cause with a step';
  if (!isRecord(value)) return problem;
  const { cause, step, detail } = value;
  const known = REPLAY_BLOCKERS.find((blocker) => blocker === cause);
  if (known === undefined || !isCount(step) || (detail !== null && typeof detail !== 'string')) return problem;
  return { cause: known, step, detail };
}

/** What a run's curves come from: the live history (worker/runStreams' RunHistory has this shape). */
export interface CurveSource {
  trainLoss: readonly number[];
  gradNorm: readonly number[];
  metrics: readonly { step: number; scope: string; metrics: Pick<EvalMetrics, 'loss' | 'accuracy'> }[];
}

/**
 * A run's curves to keep: train loss and gradient norm averaged down to MAX_CURVE_POINTS, and the whole
 * validation split's evaluations (the live sample's where the run never reached an epoch end).
 */
export function curvesFromHistory(history: CurveSource): RunCurves {
  const full = history.metrics.filter((message) => message.scope === 'full');
  const evaluations = full.length > 0 ? full : history.metrics;
  return {
    trainLoss: downsampleSeries(history.trainLoss),
    gradNorm: downsampleSeries(history.gradNorm),
    valLoss: downsampleSeries(evaluations.flatMap((message) => [message.step, message.metrics.loss])),
    valAccuracy: downsampleSeries(evaluations.flatMap((message) => [message.step, message.metrics.accuracy])),
  };
}

/** The test result a run keeps, from the end-of-run test evaluation. */
export function testResultOf(metrics: EvalMetrics, classCount: number): RunTestResult {
  return {
    accuracy: metrics.accuracy,
    macroAccuracy: metrics.macroAccuracy,
    count: metrics.count,
    classRecall: classRecallOf(metrics, classCount),
  };
}
