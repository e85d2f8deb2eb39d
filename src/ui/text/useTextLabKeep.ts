/**
 * "Your text" kept for the next visit and across the lab's comings and goings: the text in use and the
 * settings (written shortly after either changes), and the model with its run (its checkpoints, as the names
 * generator's: state/charLmKeeper.ts). Opening the lab waits for the task's run to be set aside, then brings
 * back what was kept; closing it pauses training, writes the model's checkpoint and lets the worker's model
 * go. The worker's crash recovery restores the model on its text by itself (worker/recovery.ts).
 */
import { useEffect, useMemo, useRef } from 'react';
import type { TrainerClient } from '../../worker/client';
import { errorText } from '../lib/format';
import { keepCharLmCheckpoints, type CharLmKeeper } from '../state/charLmKeeper';
import { forgetTextModel, loadTextModel, loadTextSource, saveFailureMessage, saveTextModel, saveTextSource } from '../state/persistence';
import { textModelToKeep } from './storedTextLab';
import { defaultTextLmSettings, tbpttOf, textLmTrainConfig, type TextLmSettings } from './textLmSettings';

/** What the lab finds when it opens: the text and settings kept (the model, when kept, is in the worker by then). */
export interface RestoredTextLab {
  text: string | null;
  settings: TextLmSettings | null;
}

export interface TextLabKeep {
  /** The lab opens while `aside` sets the task's run aside; what was kept comes back after it. */
  enter(aside: Promise<void>): Promise<void>;
  /** What came back (the same promise for every call until the lab opens again). */
  restore(): Promise<RestoredTextLab>;
  /** The text in use or the settings changed: kept for the next visit. */
  keepSource(text: string | null, settings: TextLmSettings): void;
  /** New weights: the kept model is not brought back. */
  forgetModel(): void;
  /** The lab closes: training pauses, the model's checkpoint and the text are written, the worker lets the model go. */
  leave(): Promise<void>;
}

/** The text and settings are written this long after the last change (typing a number changes them per key). */
const SOURCE_WRITE_DELAY_MS = 400;

const isOwnText = (client: TrainerClient) => client.getSnapshot().charLmModel?.conditions.length === 0;

/** Resolves once training has stopped (the pause is answered after the step in flight). */
function untilNotTraining(client: TrainerClient): Promise<void> {
  return new Promise((resolve) => {
    if (client.getSnapshot().status !== 'training') return resolve();
    const stop = client.subscribe(() => {
      if (client.getSnapshot().status === 'training') return;
      stop();
      resolve();
    });
  });
}

export function useTextLabKeep(client: TrainerClient): TextLabKeep {
  const keeper = useRef<CharLmKeeper | null>(null);
  const entry = useRef<{ aside: Promise<void>; restored: Promise<RestoredTextLab> | null }>({ aside: Promise.resolve(), restored: null });
  const source = useRef<{ timer: ReturnType<typeof setTimeout> | null; write: (() => Promise<void>) | null }>({ timer: null, write: null });

  useEffect(() => {
    const kept = keepCharLmCheckpoints(client, {
      accepts: (model) => model.conditions.length === 0,
      save: (run) => saveTextModel(textModelToKeep({ ...run, savedAt: Date.now(), corpus: client.lastTextLm?.corpus ?? null })),
      subject: 'Your text model',
    });
    keeper.current = kept;
    const writeSource = () => {
      const pending = source.current;
      if (pending.timer !== null) clearTimeout(pending.timer);
      pending.timer = null;
      void pending.write?.();
    };
    window.addEventListener('pagehide', writeSource);
    return () => {
      kept.stop();
      window.removeEventListener('pagehide', writeSource);
      if (keeper.current === kept) keeper.current = null;
    };
  }, [client]);

  return useMemo((): TextLabKeep => {
    const flushSource = async () => {
      const pending = source.current;
      if (pending.timer !== null) clearTimeout(pending.timer);
      pending.timer = null;
      const write = pending.write;
      pending.write = null;
      await write?.();
    };

    const restoreNow = async (): Promise<RestoredTextLab> => {
      await entry.current.aside;
      const storedSource = await loadTextSource();
      if (storedSource.problem) client.reportError('storage', `The text kept last time could not be read back (${storedSource.problem}); paste or upload it again.`);
      const settings = storedSource.value?.settings ?? null;
      let text = storedSource.value?.text ?? null;
      if (!isOwnText(client)) {
        const storedModel = await loadTextModel();
        if (storedModel.problem) client.reportError('storage', `Your text model kept last time could not be read back (${storedModel.problem}); Play builds a new one.`);
        const kept = storedModel.value;
        if (kept) {
          const chosen = settings ?? defaultTextLmSettings();
          try {
            await client.importTextLm(kept.text, kept.corpus, textLmTrainConfig(chosen), tbpttOf(chosen), kept);
          } catch (error) {
            client.reportError('import', `Your text model kept last time could not be restored (${errorText(error)}); Play builds a new one.`);
          }
          text ??= kept.corpus;
        }
      }
      return { text, settings };
    };

    return {
      enter(aside) {
        entry.current = { aside: aside.catch(() => undefined), restored: null };
        return entry.current.aside;
      },
      restore() {
        entry.current.restored ??= restoreNow();
        return entry.current.restored;
      },
      keepSource(text, settings) {
        const pending = source.current;
        pending.write = () =>
          saveTextSource({ savedAt: Date.now(), text, settings: { ...settings } }).catch((error: unknown) =>
            client.reportError('storage', saveFailureMessage('Your text', error, 'Keep a copy of it yourself.')),
          );
        if (pending.timer !== null) clearTimeout(pending.timer);
        pending.timer = setTimeout(() => void flushSource(), SOURCE_WRITE_DELAY_MS);
      },
      forgetModel() {
        void forgetTextModel().catch(() => undefined);
      },
      async leave() {
        await flushSource();
        if (isOwnText(client)) {
          if (client.getSnapshot().status === 'training') {
            client.pause();
            await untilNotTraining(client);
          }
          // The weights as they are now, with the run's story, are what the lab finds next time.
          await client.exportCharLm().catch(() => undefined);
          await keeper.current?.flush();
        }
        client.leaveTextLm();
      },
    };
  }, [client]);
}
