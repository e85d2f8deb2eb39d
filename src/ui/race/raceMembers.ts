/**
 * Who races: the settings of each member, from the current configuration (the current model as RNN vs LSTM,
 * or cells picked by hand) or from kept runs. Whatever the members' own models and optimisers, they take the
 * batch settings (seed, batch size, epochs, sampling, bucketing: worker BATCH_ORDER_KEYS) of the current
 * configuration, so the worker deals them the same batches. Pure: no React, no worker.
 */
import { BATCH_ORDER_KEYS, MAX_TASK_RACE_MEMBERS, type TaskRaceMember } from '../../worker/protocol';
import type { CellType } from '../../model/types';
import { sanitizeConfig, toModelConfig, toTrainConfig, type AppConfig, type InputSource } from '../state/appConfig';
import { CELL_SHORT_NAMES, networkShape, OPTIMIZER_SHORT, type RunSettings } from '../state/runRecord';

export { MAX_TASK_RACE_MEMBERS };

/** One member as the Train step describes it: a legend label and the whole configuration it trains with. */
export interface RaceEntry {
  label: string;
  settings: AppConfig;
}

/** The current configuration's batch settings, which every member takes. */
function batchOrderOf(config: AppConfig): Partial<AppConfig> {
  const patch: Partial<AppConfig> = {};
  for (const key of BATCH_ORDER_KEYS) Object.assign(patch, { [key]: config[key] });
  return patch;
}

/** Labels made distinct by numbering repeats ("LSTM", "LSTM (2)"). */
function distinctLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    return count === 1 ? label : `${label} (${count})`;
  });
}

/** The current model once per cell (its size, layers, optimiser…), e.g. RNN vs LSTM, the default race. */
export function entriesForCells(config: AppConfig, cells: readonly CellType[]): RaceEntry[] {
  return cells.map((cell) => ({ label: CELL_SHORT_NAMES[cell], settings: { ...config, cell } }));
}

/** The default race: the current model as an RNN and as an LSTM. */
export function defaultRaceEntries(config: AppConfig): RaceEntry[] {
  return entriesForCells(config, ['rnn', 'lstm']);
}

/** Kept runs' settings (model and optimiser), on the current configuration's batches and task; labelled by their names. */
export function entriesForRuns(config: AppConfig, runs: readonly { name: string; settings: RunSettings }[]): RaceEntry[] {
  const labels = distinctLabels(runs.map((run) => run.name));
  return runs.map((run, index) => ({
    label: labels[index],
    settings: { ...sanitizeConfig(run.settings), ...batchOrderOf(config), task: config.task, backend: config.backend },
  }));
}

/**
 * How a member differs, in a few words: its cell and size, layers, directions and dropout where set, optimiser and
 * learning rate ('LSTM: LSTM 100 × 2 layers, bidirectional, dropout 0.1, Adam 0.001'). Two members that differ only in
 * directions or dropout read differently. The network as networkShape reads it (the tutorial network is never called
 * stacked or bidirectional), as a kept run's default name says it.
 */
export function memberSummary(entry: RaceEntry): string {
  const { settings } = entry;
  const { numLayers, bidirectional, dropout } = networkShape(settings);
  const parts = [`${CELL_SHORT_NAMES[settings.cell]} ${settings.hiddenSize}${numLayers > 1 ? ` × ${numLayers} layers` : ''}`];
  if (bidirectional) parts.push('bidirectional');
  if (dropout > 0) parts.push(`dropout ${dropout}`);
  // Named as the optimiser picker and the kept runs name it ('Adam 0.01'; the settings' id 'adam' before).
  parts.push(`${OPTIMIZER_SHORT[settings.optimizer] ?? settings.optimizer} ${settings.learningRate}`);
  return `${entry.label}: ${parts.join(', ')}`;
}

/** Why these entries cannot race, or null when they can. */
export function raceProblem(entries: readonly RaceEntry[]): string | null {
  if (entries.length < 2) return `Choose at least 2 members (up to ${MAX_TASK_RACE_MEMBERS}).`;
  if (entries.length > MAX_TASK_RACE_MEMBERS) return `A race has at most ${MAX_TASK_RACE_MEMBERS} members: untick ${entries.length - MAX_TASK_RACE_MEMBERS}.`;
  return null;
}

/** The members as the worker builds them: each entry's model on this data's input, and its training settings. */
export function toRaceMembers(entries: readonly RaceEntry[], input: InputSource, classes: string[]): TaskRaceMember[] {
  return entries.map(({ label, settings }) => ({ label, model: toModelConfig(settings, input, classes), train: toTrainConfig(settings) }));
}
