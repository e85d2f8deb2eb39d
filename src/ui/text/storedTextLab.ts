/**
 * "Your text" as kept for the next visit, in two records: the text in use with the lab's settings (written
 * when either changes), and the model with its run and the text it trains on (written at its checkpoints,
 * as the names generator's is: state/storedLmRun.ts). Read back untrusted: a record that is not what it
 * should be is refused with its reason; settings out of the form's ranges fall back to the defaults one by
 * one. The text itself is checked again by the lab (data/textCorpus.ts's prepareCorpus) before use. Pure.
 */
import { numberProblem } from '../lib/fieldProblems';
import { checkSavedLmRun, isRecord, lmRunToKeep, type SavedLmRun } from '../state/storedLmRun';
import { defaultTextLmSettings, TEXT_CELLS, TEXT_SETTING_LIMITS, type TextLmSettings } from './textLmSettings';

export interface SavedTextSource {
  savedAt: number;
  /** The text in use (as accepted, before normalisation), or null when none was accepted yet. */
  text: string | null;
  settings: TextLmSettings;
}

export interface SavedTextModel extends SavedLmRun {
  savedAt: number;
  /** The text the model trains on (null: it was opened from a file without one). */
  corpus: string | null;
}

/** A copy to keep (long curves averaged down, as for every kept run). */
export function textModelToKeep(input: SavedTextModel): SavedTextModel {
  return lmRunToKeep(input);
}

/** Each setting the stored value names with the right type and range; the defaults fill the rest. */
export function checkTextSettings(value: unknown): TextLmSettings {
  const checked = defaultTextLmSettings();
  if (!isRecord(value)) return checked;
  const cell = TEXT_CELLS.find((name) => name === value.cell);
  if (cell) checked.cell = cell;
  // The form's own check: a kept value comes back only where its field would take it.
  for (const key of Object.keys(TEXT_SETTING_LIMITS) as (keyof typeof TEXT_SETTING_LIMITS)[]) {
    const number = value[key];
    if (typeof number === 'number' && numberProblem(String(number), TEXT_SETTING_LIMITS[key]) === null) checked[key] = number;
  }
  return checked;
}

/** The stored value as a SavedTextSource, or the reason it is not one. */
export function checkSavedTextSource(value: unknown): SavedTextSource | string {
  if (!isRecord(value)) return 'the record is not an object';
  if (typeof value.savedAt !== 'number') return 'it does not say when it was kept';
  if (value.text !== null && typeof value.text !== 'string') return 'its text is missing';
  return { savedAt: value.savedAt, text: value.text, settings: checkTextSettings(value.settings) };
}

/** The stored value as a SavedTextModel, or the reason it is not one. */
export function checkSavedTextModel(value: unknown): SavedTextModel | string {
  if (!isRecord(value)) return 'the record is not an object';
  if (typeof value.savedAt !== 'number') return 'it does not say when it was kept';
  if (value.corpus !== null && typeof value.corpus !== 'string') return 'the text it trains on is missing';
  const run = checkSavedLmRun(value);
  if (typeof run === 'string') return run;
  return { savedAt: value.savedAt, corpus: value.corpus, ...run };
}
