/** Play / pause / step / reset, shared by the Train buttons and the keyboard. Play and Step build the model first if needed. */
import { useCallback, useMemo, useState } from 'react';
import { useClient } from './clientContext';
import type { AppController } from '../state/useAppController';

export interface TrainingActions {
  /** True from Play until training really starts (data, backend and model may still be getting ready). */
  isPlayPending: boolean;
  play(): Promise<void>;
  pause(): void;
  togglePlay(): Promise<void>;
  stepOnce(): Promise<void>;
  reset(): void;
}

export function useTrainingActions(controller: Pick<AppController, 'ensureModel'>): TrainingActions {
  const client = useClient();
  const { ensureModel } = controller;

  const [isPlayPending, setIsPlayPending] = useState(false);

  const play = useCallback(async () => {
    setIsPlayPending(true);
    try {
      if (await ensureModel()) client.start();
    } finally {
      setIsPlayPending(false);
    }
  }, [client, ensureModel]);

  const pause = useCallback(() => client.pause(), [client]);

  const togglePlay = useCallback(async () => {
    if (client.getSnapshot().status === 'training') client.pause();
    else await play();
  }, [client, play]);

  const stepOnce = useCallback(async () => {
    if (await ensureModel()) client.step(1);
  }, [client, ensureModel]);

  // Undoable ("Undo reset" in the notice bar); the saved model is replaced only once training goes on.
  const reset = useCallback(() => {
    const { model, charLmModel } = client.getSnapshot();
    if (!model && !charLmModel) return;
    client.reset();
  }, [client]);

  return useMemo(
    () => ({ isPlayPending, play, pause, togglePlay, stepOnce, reset }),
    [isPlayPending, play, pause, togglePlay, stepOnce, reset],
  );
}
