/**
 * Crash recovery: what the client keeps so a fresh worker can carry on (the data, the last checkpoint and
 * the step it was taken at, the last build), when a crash means "this backend is failing", and how a
 * restarted worker is given back what the old one held.
 */
import type { Dataset } from '../data/types';
import type { CharLmConfig, ModelConfig, ModelSummary, ParameterRow, TbpttSettings, TrainConfig } from '../model/types';
import type { ClientStore } from './clientStore';
import type { SerializedModelFile, ToWorker } from './protocol';
import type { RequestChannel } from './requests';
import { originOfImport } from './runOrigin';

/** Crashes this close together count as "the backend is failing", so the restart moves on to the next one. */
const REPEATED_CRASH_MS = 30_000;

/** The client's side of a restore: what it holds and the steps of a new run. */
export interface RecoveryHost {
  readonly store: ClientStore;
  readonly requests: RequestChannel;
  readonly dataset: Dataset | null;
  readonly lastBuild: { model: ModelConfig; train: TrainConfig } | null;
  /** The last names generator built (the classifier's `lastBuild` is null then). */
  readonly lastCharLmBuild: { model: CharLmConfig; train: TrainConfig } | null;
  /** The own-text model held (its text, architecture and K): its checkpoints reopen with them, on that text. */
  readonly lastTextLm: { corpus: string | null; model: CharLmConfig; tbptt: TbpttSettings } | null;
  readonly lastTrain: TrainConfig | null;
  send(message: ToWorker): void;
  allocateRunId(): number;
  activateRun(runId: number, clear: boolean): void;
  applyImported(model: ModelSummary, parameters: ParameterRow[]): void;
  applyImportedCharLm(model: CharLmConfig, parameters: ParameterRow[]): void;
  build(model: ModelConfig, train: TrainConfig): Promise<void>;
  buildCharLm(model: CharLmConfig, train: TrainConfig): Promise<void>;
  buildTextLm(text: string, model: CharLmConfig, train: TrainConfig, tbptt: TbpttSettings): Promise<void>;
}

export class CrashRecovery {
  private file: SerializedModelFile | null = null;
  /** A names generator's checkpoint (its `char-lm` file text); the classifier's `file` is null then. */
  private charLmText: string | null = null;
  /** The step `file` was taken at: a restored run counts on from there. */
  private step = 0;
  private lastCrashAt = -Infinity;

  constructor(private readonly now: () => number = () => Date.now()) {}

  get checkpoint(): SerializedModelFile | null {
    return this.file;
  }

  /** The kept names-generator checkpoint's text, or null. */
  get charLmCheckpoint(): string | null {
    return this.charLmText;
  }

  /** The step the kept checkpoint was taken at. */
  get checkpointStep(): number {
    return this.step;
  }

  keep(file: SerializedModelFile, step: number): void {
    this.file = file;
    this.charLmText = null;
    this.step = step;
  }

  keepCharLm(text: string, step: number): void {
    this.charLmText = text;
    this.file = null;
    this.step = step;
  }

  forget(): void {
    this.file = null;
    this.charLmText = null;
    this.step = 0;
  }

  /** Record a crash; true when it follows another one closely (the backend, not a fluke, is failing). */
  isRepeatedCrash(): boolean {
    const now = this.now();
    const isRepeated = now - this.lastCrashAt < REPEATED_CRASH_MS;
    this.lastCrashAt = now;
    return isRepeated;
  }

  /**
   * Give a fresh worker what the old one held: the data, then the last checkpoint of the classifier, the names
   * generator or the own-text model (or the last build when no checkpoint exists yet). The notice tells the
   * user what came back, and on which backend when the old one failed (`movedTo`).
   */
  async restore(host: RecoveryHost, reason: string, wasTraining: boolean, movedTo: string | null = null): Promise<void> {
    if (host.dataset) await host.requests.request({ type: 'setData', dataset: host.dataset });
    const checkpoint = this.file;
    const charLmText = this.charLmText;
    const restarted = `The training worker stopped (${reason}) and was restarted${movedTo ? ` on ${movedTo}` : ''}`;
    const restoredNotice = `${restarted}; the last checkpoint was restored${wasTraining ? ' — press Play to continue' : ''}.`;
    const rebuiltNotice = `${restarted}; there was no checkpoint yet, so the model starts again.`;
    const textLm = host.lastTextLm;
    if (charLmText !== null) {
      const runId = host.allocateRunId();
      const train = host.lastTrain;
      // An own-text model reopens as one, on its text with its K; a names generator on the data held.
      const result =
        textLm && train
          ? await host.requests.request({ type: 'importTextLm', runId, text: charLmText, corpus: textLm.corpus, train, tbptt: textLm.tbptt, step: this.step })
          : await host.requests.request({ type: 'importCharLm', runId, text: charLmText, step: this.step, ...(train ? { train } : {}) });
      host.activateRun(runId, false);
      host.applyImportedCharLm(result.model, result.parameters);
      // A finished run reopens finished (the worker read its length from the settings sent with it).
      host.store.set({ status: this.step > 0 ? result.status : 'paused', notice: restoredNotice });
    } else if (checkpoint) {
      const runId = host.allocateRunId();
      const train = host.lastTrain;
      const { optimizerState } = checkpoint;
      const result = await host.requests.request({ type: 'import', runId, file: checkpoint.blob, step: this.step, ...(optimizerState ? { optimizerState } : {}), ...(train ? { train } : {}) });
      host.activateRun(runId, false);
      host.applyImported(result.model, result.parameters);
      // With its optimiser state taken up the run goes on exactly and stays as replayable as it was; without it
      // (a checkpoint of an earlier version) it goes on with a fresh optimiser: no longer replayable.
      const origin = originOfImport(host.store.getSnapshot().origin, result.resumedExactly === true, 'worker-restarted', this.step, null);
      // A finished run reopens finished (the worker read its length from the settings sent with it).
      host.store.set({ status: this.step > 0 ? result.status : 'paused', notice: restoredNotice, origin });
    } else if (host.lastBuild) {
      const { model, train } = host.lastBuild;
      await host.build(model, train);
      host.store.set({ notice: rebuiltNotice });
    } else if (textLm && textLm.corpus !== null && host.lastTrain) {
      await host.buildTextLm(textLm.corpus, textLm.model, host.lastTrain, textLm.tbptt);
      host.store.set({ notice: rebuiltNotice });
    } else if (host.lastCharLmBuild) {
      const { model, train } = host.lastCharLmBuild;
      await host.buildCharLm(model, train);
      host.store.set({ notice: rebuiltNotice });
    } else {
      host.store.set({ model: null, parameters: null, notice: `${restarted}.` });
    }
  }
}
