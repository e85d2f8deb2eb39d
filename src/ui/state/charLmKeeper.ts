/**
 * Keep every character-LM checkpoint the client takes (each epoch's end, each pause, an opened or restored
 * file) for the next visit, with the run's story as it is when written. The names generator and the own-text
 * model each keep their own (`accepts` tells them apart); while training, at most one write a minute (a small
 * model: ~2 MB of text at LSTM 128), otherwise at once, and when the tab hides. A write the browser refuses is
 * reported with its reason.
 */
import type { CharLmConfig } from '../../model/types';
import type { TrainerClient } from '../../worker/client';
import { saveFailureMessage } from './persistence';
import { ownsSaveSlot } from './saveSlot';
import type { SavedLmRun } from './storedLmRun';

export interface CharLmKeeperOptions {
  /** Whether a checkpoint of this model is this keeper's (a names generator has conditions, an own-text model none). */
  accepts(model: CharLmConfig): boolean;
  /** Write the run; null when it is not to be kept now (e.g. other data is loaded). */
  save(run: SavedLmRun): Promise<void> | null;
  /** What could not be kept, as the message's subject ("Your names generator"). */
  subject: string;
}

export interface CharLmKeeper {
  /** Write the pending checkpoint now; resolves when it is written (or could not be). */
  flush(): Promise<void>;
  stop(): void;
}

/** While training, a checkpoint is written at most this often. */
const TRAINING_WRITE_INTERVAL_MS = 60_000;

export function keepCharLmCheckpoints(client: TrainerClient, options: CharLmKeeperOptions): CharLmKeeper {
  let pending: { runId: number; text: string; step: number } | null = null;
  let lastWrite = 0;
  let lastSave: Promise<void> = Promise.resolve();
  const write = (): Promise<void> => {
    if (!pending || !ownsSaveSlot()) return lastSave;
    const snapshot = client.getSnapshot();
    // Taken at write time: a test result that arrived since the export belongs to the same weights.
    const isSameRun = snapshot.runId === pending.runId;
    const run: SavedLmRun = {
      text: pending.text,
      step: pending.step,
      epoch: isSameRun ? snapshot.epoch : 0,
      totalSteps: snapshot.totalSteps,
      stepsPerEpoch: snapshot.stepsPerEpoch,
      history: isSameRun ? client.getHistory() : { trainLoss: [], gradNorm: [], metrics: [] },
      lmHistory: isSameRun ? [...client.getLmHistory()] : [],
    };
    pending = null;
    lastWrite = Date.now();
    const saving = options.save(run);
    if (saving === null) return lastSave;
    lastSave = saving.then(
      () => {
        if (client.getSnapshot().errors.storage?.startsWith(`${options.subject} could not be kept`)) client.clearError('storage');
      },
      (error: unknown) => client.reportError('storage', saveFailureMessage(options.subject, error)),
    );
    return lastSave;
  };
  const stopCheckpoints = client.onCharLmCheckpoint((text, step) => {
    const model = client.getSnapshot().charLmModel;
    if (!model || !options.accepts(model)) return;
    pending = { runId: client.getSnapshot().runId, text, step };
    if (client.getSnapshot().status !== 'training' || Date.now() - lastWrite > TRAINING_WRITE_INTERVAL_MS) void write();
  });
  const stopStore = client.subscribe(() => {
    if (pending && client.getSnapshot().status !== 'training') void write();
  });
  const onHide = () => {
    if (document.visibilityState === 'hidden') void write();
  };
  const onPageHide = () => void write();
  document.addEventListener('visibilitychange', onHide);
  window.addEventListener('pagehide', onPageHide);
  return {
    flush: write,
    stop() {
      stopCheckpoints();
      stopStore();
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
    },
  };
}
