/** A finished or stopped memory-lab race kept as runs (memoryRuns.ts) in the run store. */
import { errorText } from '../lib/format';
import { newRunId, saveRuns } from '../state/runStore';
import type { RaceRecord } from '../../worker/protocol';
import { runsFromMemoryRace, type MemberStepCurves } from './memoryRuns';

/** Keep every member of `record` as a run; the reason in words when storage refused them, else null. */
export async function keepMemoryRace(record: RaceRecord, steps: MemberStepCurves): Promise<string | null> {
  try {
    await saveRuns(runsFromMemoryRace(record, steps, Date.now(), newRunId));
    return null;
  } catch (error) {
    return `The race's runs could not be kept: ${errorText(error)}`;
  }
}
