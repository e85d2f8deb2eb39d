/**
 * The Model step's line beside "Build the model". Just after a reload the model kept from the last visit takes a
 * few seconds to come back (the data loads, the engine starts, the weights are read in); saying "Not built yet"
 * meanwhile told students their work was lost. While it is on its way the line says so, and "Not built yet" is
 * said only once there is none to bring back.
 */

/**
 * Where the model kept from the last visit stands (ui/state/useAppController.ts): `looking` until the browser's
 * storage has been read, `restoring` while one is read back into the worker (at start-up, a task switch or the
 * return from "Your text"), `null` once the worker holds what there is.
 */
export type ModelRestore = 'looking' | 'restoring' | null;

export const LOOKING_TEXT = 'Looking for your model from last time…';
export const RESTORING_TEXT = 'Restoring your model…';
export const NOT_BUILT_TEXT = 'Not built yet — Play on the Train step builds it too.';

export function buildStateText(restore: ModelRestore, hasBuilt: boolean, isBuiltCurrent: boolean): string {
  if (restore === 'restoring') return RESTORING_TEXT;
  if (!hasBuilt) return restore === 'looking' ? LOOKING_TEXT : NOT_BUILT_TEXT;
  return isBuiltCurrent ? 'The built model matches these settings.' : 'Changed: the next Play builds a new model with these settings.';
}
