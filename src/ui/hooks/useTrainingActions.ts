/**
 * Play / pause / step / reset, shared by the Train buttons and the keyboard. Play and Step build the model first
 * if needed. The training settings' number fields report here whether what they show is valid: while one is
 * not, Play and Step (buttons and keys) do nothing, since the configuration still holds that field's last valid value.
 */
import { useCallback, useMemo, useState } from 'react';
import { useClient } from './clientContext';
import { useFieldProblems } from './useFieldProblems';
import { hasFieldProblems, type FieldProblems } from '../lib/fieldProblems';
import type { AppController } from '../state/useAppController';

export interface TrainingActions {
  /** True from Play until training really starts (data, backend and model may still be getting ready). */
  isPlayPending: boolean;
  play(): Promise<void>;
  pause(): void;
  togglePlay(): Promise<void>;
  stepOnce(): Promise<void>;
  reset(): void;
  /** The training settings' fields that show an invalid value, by label: Play and Step are refused while any is left. */
  settingProblems: FieldProblems;
  /** For each training setting's NumberField (`onProblemChange`). */
  reportSettingProblem(label: string, problem: string | null): void;
}

export function useTrainingActions(controller: Pick<AppController, 'ensureModel'>): TrainingActions {
  const client = useClient();
  const { ensureModel } = controller;

  const [isPlayPending, setIsPlayPending] = useState(false);
  const { problems: settingProblems, report: reportSettingProblem } = useFieldProblems();
  const isBlocked = hasFieldProblems(settingProblems);

  const play = useCallback(async () => {
    if (isBlocked) return;
    setIsPlayPending(true);
    try {
      if (await ensureModel()) client.start();
    } finally {
      setIsPlayPending(false);
    }
  }, [client, ensureModel, isBlocked]);

  const pause = useCallback(() => client.pause(), [client]);

  const togglePlay = useCallback(async () => {
    if (client.getSnapshot().status === 'training') client.pause();
    else await play();
  }, [client, play]);

  const stepOnce = useCallback(async () => {
    if (isBlocked) return;
    if (await ensureModel()) client.step(1);
  }, [client, ensureModel, isBlocked]);

  // Undoable ("Undo reset" in the notice bar); the saved model is replaced only once training goes on.
  const reset = useCallback(() => {
    const { model, charLmModel } = client.getSnapshot();
    if (!model && !charLmModel) return;
    client.reset();
  }, [client]);

  return useMemo(
    () => ({ isPlayPending, play, pause, togglePlay, stepOnce, reset, settingProblems, reportSettingProblem }),
    [isPlayPending, play, pause, togglePlay, stepOnce, reset, settingProblems, reportSettingProblem],
  );
}
