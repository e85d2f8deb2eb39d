/**
 * Everything the trainer worker does with a message, without `self`: the entry (trainer.worker.ts)
 * injects the real engine, backend and data functions; Node tests inject fakes.
 *
 * Ordering: messages are handled one after another in arrival order (a `build` followed at once by
 * `start` must start the new run, not the old one). Training itself runs beside that queue in the
 * TrainingLoop, so the queue is free while a run goes; `pause` for the current run skips the queue so
 * it acts at once even behind a long request (a GloVe file, a backend switch).
 */
import { alphabetFitsDataset } from '../data/charAlphabet';
import { NAME_ALPHABET } from '../data/names';
import type { Dataset, InputLevel } from '../data/types';
import { decodeOptimizerState, encodeOptimizerState, type KeptOptimizerState } from '../model/optimizerStateFile';
import type { CharLmSessionFromFile, CreateCharLmSession, CreateSession, SessionFromFile, TrainingSession } from '../model/session';
import type { CreateTextLmSession, TextLmSession, TextLmSessionFromFile } from '../model/textLmSession';
import { summarizeModel } from '../model/architecture';
import { isRecord, parseModelFileText } from '../model/modelFile';
import { taskDefaults } from '../model/taskDefaults';
import type { MemoryTrainDefaults } from '../model/taskDefaults';
import type { CharLmLayerTrace, CharLmModelFile, InspectionTrace, ModelFile, TrainConfig } from '../model/types';
import { assertNever } from './assertNever';
import { eventBuffer } from './eventBuffer';
import type { BackendName, BackendReport, DeviceLostInfo, FromWorker, RaceMemberSpec, RunStatus, SerializedModelFile, ToWorker, WorkerErrorPlace } from './protocol';
import { serializeError } from './protocol';
import { MemoryRace, defaultRaceEnvironment, type RaceEnvironment, type RaceEvent } from './memoryRace';
import { stoppedRunStatus } from './runStatus';
import { TaskRaceHost } from './taskRaceHost';
import { TrainingLoop } from './trainingLoop';
import type { DetachedSession, LoopSession, PostMessage } from './trainingLoop';
import { isTextLm } from './trainingLoop';
import type { YieldToEventLoop } from './yieldToEventLoop';

/** What the worker needs from the outside world; see trainer.worker.ts for the real ones. */
export interface WorkerEnvironment {
  post: PostMessage;
  yieldToEventLoop: YieldToEventLoop;
  now: () => number;
  /** Start the backend (model/backendStart.ts's initBackend with the app's wasm URLs). */
  initBackend(name: BackendName, onDeviceLost: (info: DeviceLostInfo) => void): Promise<BackendReport>;
  /** Lose the WebGL context as a driver reset would (model/backendStart.ts); throws on any other backend. */
  loseGpuForTest?: () => void;
  /** Make the browser offer no WebGPU adapter from now on (model/backendStart.ts), for the e2e tests. */
  refuseGpuAdaptersForTest?: (isRefused: boolean) => void;
  createSession: CreateSession;
  sessionFromFile: SessionFromFile;
  /** The names generator's engine (model/charLmSession.ts); absent where only classifiers are hosted. */
  createCharLmSession?: CreateCharLmSession;
  charLmSessionFromFile?: CharLmSessionFromFile;
  /** The memory lab's sessions (default: model/memorySession.ts); tests pass fakes. */
  createMemorySession?: RaceEnvironment['createSession'];
  /** The own-text model's engine (model/textLmSession.ts) and the text preparation (data/textCorpus.ts). */
  textLm?: { create: CreateTextLmSession; fromFile: TextLmSessionFromFile; prepare: (text: string) => { alphabet: string; ids: Int32Array } };
  /** Read the files' bytes and parse them (data/upload.ts); throws DataFileError with the user's words. */
  parseUpload(files: File[], level: InputLevel): Promise<{ dataset: Dataset; warnings: string[] }>;
  /** Stream a GloVe file, keeping only `vocabulary`'s words (data/glove.ts). */
  readGlove(
    file: File,
    vocabulary: readonly string[],
    onProgress: (bytesRead: number) => void,
  ): Promise<{ dimension: number; vectors: Map<string, Float32Array> }>;
  /** The model file's text kept with a kept run (src/ui/state/runStore.ts's readWeights), or null when none is kept. */
  readKeptWeights?(keptRunId: string): Promise<string | null>;
  /**
   * Write the model file's text as kept run `keptRunId`'s weights (worker/keptWeights.ts, the run store's weights
   * store), marked as a pending keep first; resolves with the mark's value.
   */
  writeKeptWeights?(keptRunId: string, text: string): Promise<number>;
  /** Least time between two progress messages (default 60 ms) and two gloveProgress messages (default 200 ms). */
  progressIntervalMs?: number;
}

/** A progress bar for a file being read needs no more than five updates a second. */
const GLOVE_PROGRESS_INTERVAL_MS = 200;

/** A request the worker cannot serve in its current state; the message says what to do instead. */
export class WorkerStateError extends Error {
  override name = 'WorkerStateError';
}

export class WorkerController {
  private readonly loop: TrainingLoop;
  private dataset: Dataset | null = null;
  /** The client's last train settings; null until it sent any (see `trainConfig`). */
  private train: TrainConfig | null = null;
  private backend: BackendReport | null = null;
  private queue: Promise<void> = Promise.resolve();
  /** The memory-lab race in progress, if any (it runs beside the queue, like the training loop). */
  private race: { runId: number; race: MemoryRace } | null = null;
  /** The own-text model's text (its alphabet and ids), kept so a backend switch reopens the model with it. */
  private textCorpus: { alphabet: string; ids: Int32Array } | null = null;
  /** The classifier race in progress, if any (taskRaceHost.ts; beside the queue too). */
  private readonly taskRaces: TaskRaceHost;

  constructor(private readonly environment: WorkerEnvironment) {
    this.loop = new TrainingLoop({
      post: environment.post,
      yieldToEventLoop: environment.yieldToEventLoop,
      now: environment.now,
      progressIntervalMs: environment.progressIntervalMs,
    });
    this.taskRaces = new TaskRaceHost({
      post: environment.post,
      now: environment.now,
      yieldToEventLoop: environment.yieldToEventLoop,
      createSession: environment.createSession,
      intervalMs: environment.progressIntervalMs ?? 60,
      // A finished race's members' weights, under the ids their kept runs will have (TaskRaceMember.keepWeightsAs).
      ...(environment.writeKeptWeights ? { writeKeptWeights: environment.writeKeptWeights } : {}),
    });
  }

  /** Entry point for every message; resolves when this message (and all before it) is handled. */
  receive(message: ToWorker): Promise<void> {
    if (message.type === 'stopMemoryRace') {
      if (this.race?.runId === message.runId) this.race.race.stop();
      return this.queue;
    }
    if (message.type === 'stopTaskRace') {
      this.taskRaces.stop(message.runId);
      return this.queue;
    }
    if (message.type === 'pause' && this.loop.isCurrent(message.runId)) {
      this.loop.pause(message.runId);
      return this.queue;
    }
    const handled = this.queue.then(() => this.handle(message));
    this.queue = handled.catch(() => undefined);
    return handled;
  }

  /**
   * The GPU under the backend is gone (WebGPU device, WebGL context): stop training at once and tell the client,
   * which restarts the worker elsewhere. A backend switched away from keeps its device or context in tfjs; its
   * loss later (a browser reclaims its oldest WebGL contexts) concerns nothing that runs, so it is ignored here, and
   * a switch back to that backend starts it on a new device or context (backendStart.ts's renewIfGpuLost).
   */
  onDeviceLost(info: DeviceLostInfo): void {
    if (this.backend !== null && this.backend.active !== info.backend) return;
    this.loop.abandon();
    this.post({ type: 'deviceLost', runId: this.loop.runId, info });
  }

  private post(message: FromWorker, transfer?: Transferable[]): void {
    this.environment.post(message, transfer);
  }

  private async handle(message: ToWorker): Promise<void> {
    try {
      await this.dispatch(message);
    } catch (error) {
      this.post({ type: 'error', where: whereOf(message), ...ids(message), error: serializeError(error) });
    }
  }

  private async dispatch(message: ToWorker): Promise<void> {
    switch (message.type) {
      case 'startMemoryRace':
        return this.startMemoryRace(message.runId, message.members, message.train, message.insightSize);
      case 'stopMemoryRace':
        return;
      case 'startTaskRace':
        return this.taskRaces.start(message.runId, message.dataId, message.members, this.dataset);
      case 'stopTaskRace':
        return;
      case 'gradientProfile':
        return this.gradientProfile(message);
      case 'init':
        return this.switchBackend(message.backend);
      case 'setBackend':
        return this.switchBackend(message.backend);
      case 'setData':
        this.dataset = message.dataset;
        this.post({ type: 'dataReady', requestId: message.requestId });
        return;
      case 'build':
        return this.build(message.runId, message);
      case 'start':
        this.loop.start(message.runId);
        return;
      case 'pause':
        this.loop.pause(message.runId);
        return;
      case 'step':
        this.loop.step(message.runId, message.steps);
        return;
      case 'reset':
        return this.loop.reset(message.runId);
      case 'undoReset':
        return this.loop.undoReset(message.runId);
      case 'crashForTest':
        // Outside every promise chain, so nothing catches it: the worker's global error handling sees it.
        setTimeout(() => {
          throw new Error('crash requested by a test');
        });
        return;
      case 'loseGpuForTest':
        if (!this.environment.loseGpuForTest) throw new Error('This worker cannot lose its GPU on request.');
        this.environment.loseGpuForTest();
        return;
      case 'refuseGpuAdaptersForTest':
        if (!this.environment.refuseGpuAdaptersForTest) throw new Error('This worker cannot refuse GPU adapters on request.');
        this.environment.refuseGpuAdaptersForTest(message.isRefused);
        return;
      case 'updateTrainConfig':
        if (!this.loop.isCurrent(message.runId)) return;
        this.train = message.train;
        return this.loop.updateTrainConfig(message.runId, message.train);
      case 'evaluate': {
        const result = await this.loop.exclusive((session) => session.evaluate(message.split));
        this.post({ type: 'evaluateResult', requestId: message.requestId, metrics: result.metrics });
        return;
      }
      case 'trace': {
        const trace = await this.loop.exclusive((session) => session.trace(message.text, message.targetClass));
        this.post({ type: 'traceResult', requestId: message.requestId, trace }, traceBuffers(trace));
        return;
      }
      case 'predict': {
        const predictions = await this.loop.exclusive((session) => session.predict(message.texts, message.k));
        this.post({ type: 'predictResult', requestId: message.requestId, predictions });
        return;
      }
      case 'export': {
        // Read the step under the same lock as the weights, so the two always belong together.
        const { file, step, optimizerState } = await this.loop.exclusive(async (session) => ({
          file: await session.exportFile(),
          step: this.loop.currentStep,
          // The optimiser's state with the weights, so the checkpoint reopens exactly (see ImportMessage).
          optimizerState: session.saveOptimizerState ? await session.saveOptimizerState() : null,
        }));
        const text = JSON.stringify(file);
        // Kept with a run: written here, before the reply, so the page's record (written on it) never names weights not stored.
        let keptWeightsMark: number | undefined;
        if (message.keepWeightsAs !== undefined) {
          const { writeKeptWeights } = this.environment;
          if (!writeKeptWeights) throw new WorkerStateError('This worker cannot keep runs.');
          keptWeightsMark = await writeKeptWeights(message.keepWeightsAs, text);
        }
        // A Blob crosses to the main thread as a handle: a 45 MB text copied there was a long task.
        const serialized: SerializedModelFile = {
          blob: new Blob([text], { type: 'application/json' }),
          model: file.model,
          classes: file.task.classes,
          inputType: file.task.input.type,
          ...(optimizerState ? { optimizerState: encodeOptimizerState({ state: optimizerState, backend: this.backend?.active ?? 'unknown' }) } : {}),
        };
        this.post({ type: 'exportResult', requestId: message.requestId, file: serialized, step, ...(keptWeightsMark !== undefined ? { keptWeightsLength: text.length, keptWeightsMark } : {}) });
        return;
      }
      case 'import':
        return this.importModel(message);
      case 'loadGlove':
        return this.loadGlove(message.requestId, message.file);
      case 'buildCharLm':
        return this.buildCharLm(message.runId, message);
      case 'sample': {
        const texts = await this.loop.exclusiveCharLm((session) => session.sample(message.condition, message.count, message.options));
        this.post({ type: 'sampleResult', requestId: message.requestId, texts });
        return;
      }
      case 'score': {
        const scored = await this.loop.exclusiveCharLm((session) => session.score(message.items));
        this.post({ type: 'scoreResult', requestId: message.requestId, scored });
        return;
      }
      case 'traceCharLm': {
        const trace = await this.loop.exclusiveCharLm((session) => session.trace(message.text, message.condition));
        this.post({ type: 'charLmTraceResult', requestId: message.requestId, trace }, layerBuffers(trace.layers));
        return;
      }
      case 'importCharLm':
        return this.importCharLm(message);
      case 'exportCharLm': {
        const { file, step } = await this.loop.exclusiveCharLm(async (session) => ({ file: await session.exportFile(), step: this.loop.currentStep }));
        this.post({ type: 'charLmExportResult', requestId: message.requestId, text: JSON.stringify(file), step });
        return;
      }
      case 'buildTextLm':
        return this.buildTextLm(message);
      case 'updateTbptt':
        if (!this.loop.isCurrent(message.runId)) return;
        await this.loop.exclusiveTextLm((session) => session.updateSettings(message.tbptt));
        return;
      case 'textActivations': {
        const activations = await this.loop.exclusiveTextLm((session) => session.activations(message.text));
        this.post({ type: 'textActivationsResult', requestId: message.requestId, activations }, activations.layers.map((layer) => layer.buffer).filter((buffer) => buffer instanceof ArrayBuffer));
        return;
      }
      case 'textSaliency': {
        const saliency = await this.loop.exclusiveTextLm((session) => session.saliency(message.text, message.position));
        this.post({ type: 'textSaliencyResult', requestId: message.requestId, saliency });
        return;
      }
      case 'continueText': {
        const continuation = await this.loop.exclusiveTextLm((session) => session.continueText(message.prime, message.length, message.temperature, message.topK, message.seed));
        this.post({ type: 'continueTextResult', requestId: message.requestId, continuation });
        return;
      }
      case 'importTextLm':
        return this.importTextLm(message);
      case 'parseUpload': {
        const { dataset, warnings } = await this.environment.parseUpload(message.files, message.level);
        this.post({ type: 'uploadResult', requestId: message.requestId, dataset, warnings });
        return;
      }
      default:
        return assertNever(message);
    }
  }

  /**
   * The settings an opened model trains with: the client's, or until it sends them (right after an
   * import) the current task's defaults, so a run started in between trains as the app would.
   */
  private trainConfig(): TrainConfig {
    return this.train ?? taskDefaults(this.dataset?.source ?? 'names').train;
  }

  private async build(runId: number, message: Extract<ToWorker, { type: 'build' }>): Promise<void> {
    if (this.dataset === null) throw new WorkerStateError('Choose a data set before building a model.');
    this.train = message.train;
    // Build first, replace after: a refused configuration leaves the current model as it was.
    const session = this.environment.createSession(this.dataset, message.model, message.train);
    await this.loop.install(session, runId);
    this.post({
      type: 'built',
      runId,
      model: summarizeModel(session.model),
      parameters: session.parameters(),
      stepsPerEpoch: session.stepsPerEpoch,
    });
  }

  private charLmEngine(): { create: CreateCharLmSession; fromFile: CharLmSessionFromFile } {
    const { createCharLmSession, charLmSessionFromFile } = this.environment;
    if (!createCharLmSession || !charLmSessionFromFile) throw new WorkerStateError('This worker cannot host a names generator.');
    return { create: createCharLmSession, fromFile: charLmSessionFromFile };
  }

  private async buildCharLm(runId: number, message: Extract<ToWorker, { type: 'buildCharLm' }>): Promise<void> {
    if (this.dataset === null) throw new WorkerStateError('Choose a data set before building a model.');
    this.train = message.train;
    const session = this.charLmEngine().create(this.dataset, message.model, message.train);
    await this.loop.install(session, runId);
    this.post({ type: 'charLmBuilt', runId, model: session.model, parameters: session.parameters(), stepsPerEpoch: session.stepsPerEpoch });
  }

  private textLmEngine(): NonNullable<WorkerEnvironment['textLm']> {
    if (!this.environment.textLm) throw new WorkerStateError('This worker cannot host a model of your own text.');
    return this.environment.textLm;
  }

  private async buildTextLm(message: Extract<ToWorker, { type: 'buildTextLm' }>): Promise<void> {
    const engine = this.textLmEngine();
    const corpus = engine.prepare(message.text);
    if (corpus.alphabet !== message.model.alphabet) throw new WorkerStateError('The model\'s alphabet is not the text\'s: build it again from this text.');
    this.train = message.train;
    // Build first, replace after: a refused configuration leaves the current model as it was.
    const session = engine.create({ ids: corpus.ids }, message.model, message.train, message.tbptt);
    this.textCorpus = corpus;
    await this.loop.install(session, message.runId);
    this.post({ type: 'charLmBuilt', runId: message.runId, model: session.model, parameters: session.parameters(), stepsPerEpoch: session.stepsPerEpoch });
  }

  private async importTextLm(message: Extract<ToWorker, { type: 'importTextLm' }>): Promise<void> {
    const engine = this.textLmEngine();
    const file = parseModelFileText(message.text);
    const corpus = message.corpus === null ? null : engine.prepare(message.corpus);
    const session = engine.fromFile(file, null, message.train, message.tbptt);
    // The text trains the opened model only when it has exactly the model's alphabet.
    const fits = corpus !== null && corpus.alphabet === session.model.alphabet;
    const installed = fits ? (session.dispose(), engine.fromFile(file, { ids: corpus.ids }, message.train, message.tbptt)) : session;
    this.textCorpus = fits ? corpus : null;
    this.train = message.train;
    const stepOffset = message.step ?? 0;
    installed.resumeAt(stepOffset);
    await this.loop.install(installed, message.runId, { stepOffset, status: resumedStatus(stepOffset, installed) });
    this.post({ type: 'charLmImportResult', requestId: message.requestId, runId: message.runId, model: installed.model, parameters: installed.parameters(), status: this.loop.status });
  }

  /** A names generator's file; the settings sent with it give the run its length, so a finished one reopens done. */
  private async importCharLm(message: Extract<ToWorker, { type: 'importCharLm' }>): Promise<void> {
    const { requestId, runId } = message;
    const file = parseModelFileText(message.text);
    const session = this.charLmEngine().fromFile(file, this.charLmDatasetFor(file), message.train ?? this.trainConfig());
    if (message.train) this.train = message.train;
    const stepOffset = message.step ?? 0;
    await this.loop.install(session, runId, { stepOffset, status: resumedStatus(stepOffset, session) });
    this.post({ type: 'charLmImportResult', requestId, runId, model: session.model, parameters: session.parameters(), status: this.loop.status });
  }

  /** The current data trains an opened language model only when its classes are the model's conditions, in order. */
  private charLmDatasetFor(file: unknown): Dataset | null {
    const conditions = (file as Partial<CharLmModelFile> | null)?.task?.conditions;
    const dataset = this.dataset;
    if (dataset === null || dataset.level !== 'chars' || !Array.isArray(conditions)) return null;
    const isSame = conditions.length === dataset.classes.length && conditions.every((name, index) => name === dataset.classes[index]);
    return isSame ? dataset : null;
  }

  /**
   * Read, parse and check the file here, off the main thread (a 45 MB file blocked it for over a second there).
   * The settings sent with it give the run its length at once, so a kept run that had finished reopens done.
   */
  private async importModel(message: Extract<ToWorker, { type: 'import' }>): Promise<void> {
    const { requestId, runId } = message;
    const file = parseModelFileText(await message.file.text());
    const dataset = this.datasetFor(file);
    const session = this.environment.sessionFromFile(file, dataset, message.train ?? this.trainConfig());
    if (message.train) this.train = message.train;
    const step = message.step ?? 0;
    const resumedExactly = step > 0 && message.optimizerState !== undefined && (await this.resume(session, message.optimizerState, step));
    // Resumed, the session itself counts from the kept step (its batch order and dropout masks need it).
    const stepOffset = resumedExactly ? 0 : step;
    await this.loop.install(session, runId, { stepOffset, status: resumedStatus(step, session) });
    this.post({ type: 'importResult', requestId, runId, model: summarizeModel(session.model), parameters: session.parameters(), fitsData: dataset !== null, status: this.loop.status, resumedExactly });
  }

  /**
   * Put a checkpoint's optimiser state into the session opened from it and move its batch order to `step`. Only
   * on the backend the state was computed on: another backend's arithmetic would not repeat the run anyway, so
   * the run goes on as before states were kept (fresh optimiser, step counted on), not half-exactly.
   */
  private async resume(session: TrainingSession, blob: Blob, step: number): Promise<boolean> {
    if (!session.resumeFrom) return false;
    let kept: KeptOptimizerState;
    try {
      kept = await decodeOptimizerState(blob);
    } catch {
      // A damaged state costs the exact continuation, not the weights.
      return false;
    }
    return kept.backend === this.backend?.active && (await session.resumeFrom(kept.state, step));
  }

  /**
   * The current data goes with an imported model only when its classes are the model's, in the same order, and
   * (characters) its alphabet fits the model's (alphabetFitsDataset): a 57-symbol model cannot train on Cyrillic
   * names, it only predicts.
   */
  private datasetFor(file: unknown): Dataset | null {
    const task = (file as Partial<ModelFile> | null)?.task;
    const classes = task?.classes;
    const dataset = this.dataset;
    if (dataset === null || !Array.isArray(classes)) return null;
    const isSame = classes.length === dataset.classes.length && classes.every((name, index) => name === dataset.classes[index]);
    const input: unknown = task?.input;
    // A file without an alphabet reads as the tutorial's 57 (modelFile.ts).
    const alphabet = isRecord(input) && input.type === 'chars' ? (typeof input.alphabet === 'string' ? input.alphabet : NAME_ALPHABET) : null;
    const isSameAlphabet = alphabet === null || dataset.level !== 'chars' || alphabetFitsDataset(alphabet, dataset);
    return isSame && isSameAlphabet ? dataset : null;
  }

  /**
   * Start (or change) the backend. With a model, keep its weights across the switch: tensors cannot move
   * between backends reliably (WebGPU cannot read synchronously), so export the model file, switch, and
   * re-open it; the optimiser's running averages start again, the step count carries on.
   */
  private async switchBackend(name: BackendName): Promise<void> {
    await this.taskRaces.stopAndWait(`the backend changed to ${name}`);
    const runId = this.loop.runId;
    let checkpoint: ModelFile | CharLmModelFile | null = null;
    let detached: DetachedSession | null = null;
    let tbptt: TextLmSession['settings'] | null = null;
    if (this.loop.hasSession) {
      // Stop first, export after: the file then holds exactly the weights of the step count carried on.
      detached = await this.loop.detach();
      const session = detached.session!;
      tbptt = isTextLm(session) ? session.settings : null;
      try {
        checkpoint = await session.exportFile();
      } catch (error) {
        await this.loop.install(session, runId, { stepOffset: detached.step - session.step, status: detached.status });
        throw error;
      }
      session.dispose();
    }
    try {
      this.backend = await this.environment.initBackend(name, (info) => this.onDeviceLost(info));
      this.post({ type: 'backend', report: this.backend });
    } finally {
      if (checkpoint !== null && detached !== null) await this.reopen(checkpoint, runId, detached, tbptt);
    }
  }

  private async reopen(checkpoint: ModelFile | CharLmModelFile, runId: number, detached: DetachedSession, tbptt: TextLmSession['settings'] | null): Promise<void> {
    const corpus = this.textCorpus;
    const session: LoopSession =
      checkpoint.task.kind !== 'char-lm'
        ? this.environment.sessionFromFile(checkpoint, this.datasetFor(checkpoint), this.trainConfig())
        : tbptt !== null
          ? this.reopenTextLm(checkpoint, corpus, tbptt, detached.step)
          : this.charLmEngine().fromFile(checkpoint, this.charLmDatasetFor(checkpoint), this.trainConfig());
    await this.loop.install(session, runId, { stepOffset: detached.step, status: detached.status });
    const backendName = this.backend?.active ?? 'the new backend';
    const message = detached.wasTraining
      ? `Switched to ${backendName}; training continues with the same weights.`
      : `Switched to ${backendName}; the weights are kept.`;
    this.post({ type: 'status', runId, status: detached.status, message });
    if (detached.wasTraining) this.loop.start(runId);
  }

  /** The own-text model reopened on the new backend, reading on from the window it had reached. */
  private reopenTextLm(checkpoint: ModelFile | CharLmModelFile, corpus: { ids: Int32Array } | null, tbptt: TextLmSession['settings'], step: number): TextLmSession {
    const session = this.textLmEngine().fromFile(checkpoint, corpus ? { ids: corpus.ids } : null, this.trainConfig(), tbptt);
    session.resumeAt(step);
    return session;
  }

  /** A kept run's ‖∂L/∂h_t‖ for one text: its file opened beside the current model, traced, disposed. */
  private async gradientProfile(message: Extract<ToWorker, { type: 'gradientProfile' }>): Promise<void> {
    const { readKeptWeights } = this.environment;
    if (!readKeptWeights) throw new WorkerStateError('This worker cannot read kept runs.');
    // Read here, off the page's thread: the page sends the run's id only.
    const file = await readKeptWeights(message.keptRunId);
    if (file === null) throw new Error('its weights are no longer stored');
    const session = this.environment.sessionFromFile(parseModelFileText(file), null, this.trainConfig());
    try {
      const trace = await session.trace(message.text, message.targetClass);
      const layers = trace.layers.map(({ layer, direction, gradNorms }) => ({ layer, direction, gradNorms }));
      this.post(
        { type: 'gradientProfileResult', requestId: message.requestId, tokens: trace.tokens, targetClass: trace.targetClass, layers },
        layers.map((entry) => entry.gradNorms.buffer).filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer),
      );
    } finally {
      session.dispose();
    }
  }

  private async loadGlove(requestId: number, file: File): Promise<void> {
    // Read the vocabulary without holding the session: training may go on while the file streams in.
    const input = await this.loop.exclusive((session) => session.model.input);
    if (input.type !== 'words') {
      throw new WorkerStateError('GloVe vectors are for word-level models; this model reads characters.');
    }
    const intervalMs = this.environment.progressIntervalMs ?? GLOVE_PROGRESS_INTERVAL_MS;
    let lastPostedAt = -Infinity;
    const totalBytes = file.size;
    const { dimension, vectors } = await this.environment.readGlove(file, input.vocab, (bytesRead) => {
      const now = this.environment.now();
      if (now - lastPostedAt < intervalMs) return;
      lastPostedAt = now;
      this.post({ type: 'gloveProgress', requestId, bytesRead, totalBytes });
    });
    this.post({ type: 'gloveProgress', requestId, bytesRead: totalBytes, totalBytes });
    if (dimension !== input.embeddingDim) {
      throw new WorkerStateError(
        `${file.name} has ${dimension}-dimensional vectors but the model's embedding has ${input.embeddingDim}. ` +
          `Set the embedding size to ${dimension} in the Model step and load the file again.`,
      );
    }
    const found = await this.loop.exclusive((session) =>
      session.setPretrainedEmbeddings(vectors, input.trainableEmbedding),
    );
    const vocabSize = input.vocab.filter((word) => word !== input.pad && word !== input.unk).length;
    this.post({ type: 'gloveResult', requestId, dimension, found, vocabSize });
  }

  /** Start a race (ending any earlier one); it reports through `memoryRaceProgress` and ends with `memoryRaceFinished`. */
  private startMemoryRace(runId: number, members: RaceMemberSpec[], train: MemoryTrainDefaults, insightSize: number): void {
    this.race?.race.stop();
    const race = new MemoryRace(
      members,
      train,
      {
        createSession: this.environment.createMemorySession ?? defaultRaceEnvironment.createSession,
        yieldToEventLoop: this.environment.yieldToEventLoop,
        now: this.environment.now,
      },
      { insightSize },
    );
    this.race = { runId, race };
    const events = eventBuffer<RaceEvent>((batch) => this.post({ type: 'memoryRaceProgress', runId, events: batch }), this.environment.now, this.environment.progressIntervalMs ?? 60);
    void race
      .run((event) => events.add(event))
      .then((record) => {
        events.flush();
        this.post({ type: 'memoryRaceFinished', runId, record });
      })
      .catch((error: unknown) => this.post({ type: 'error', where: 'train', runId, error: serializeError(error) }))
      .finally(() => {
        if (this.race?.race === race) this.race = null;
      });
  }
}

/** A checkpoint reopened at `stepOffset`: fresh at 0, else paused, or done when that step ends its epochs. */
function resumedStatus(stepOffset: number, session: LoopSession): RunStatus | undefined {
  return stepOffset > 0 ? stoppedRunStatus(stepOffset, session.totalSteps) : undefined;
}

/** The control an error belongs next to, so the UI shows it there. */
export function whereOf(message: ToWorker): WorkerErrorPlace {
  switch (message.type) {
    case 'init':
    case 'setBackend':
      return 'backend';
    case 'setData':
      return 'data';
    case 'build':
      return 'build';
    case 'startMemoryRace':
    case 'stopMemoryRace':
    case 'startTaskRace':
    case 'stopTaskRace':
    case 'start':
    case 'pause':
    case 'step':
    case 'reset':
    case 'undoReset':
    case 'updateTrainConfig':
    case 'crashForTest':
    case 'loseGpuForTest':
    case 'refuseGpuAdaptersForTest':
      return 'train';
    case 'evaluate':
      return 'evaluate';
    case 'trace':
    case 'traceCharLm':
    case 'gradientProfile':
      return 'trace';
    case 'predict':
      return 'predict';
    case 'import':
    case 'importCharLm':
      return 'import';
    case 'export':
    case 'exportCharLm':
      return 'export';
    case 'buildCharLm':
    case 'buildTextLm':
      return 'build';
    case 'importTextLm':
      return 'import';
    case 'updateTbptt':
      return 'train';
    case 'textActivations':
    case 'textSaliency':
      return 'trace';
    case 'continueText':
      return 'predict';
    case 'sample':
    case 'score':
      return 'predict';
    case 'loadGlove':
      return 'glove';
    case 'parseUpload':
      return 'upload';
    default:
      return assertNever(message);
  }
}

/** The requestId and/or runId an error reply carries, so the client can reject the right promise. */
function ids(message: ToWorker): { requestId?: number; runId?: number } {
  return {
    ...('requestId' in message ? { requestId: message.requestId } : {}),
    ...('runId' in message ? { runId: message.runId } : {}),
  };
}

/** The trace's typed arrays, moved rather than copied (the session reads them fresh with `await data()`). */
function traceBuffers(trace: InspectionTrace): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>(layerBuffers(trace.layers));
  for (const array of [trace.logProbs, trace.prefixLogProbs.data, ...trace.layers.map((layer) => layer.gradNorms)]) {
    if (array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  }
  return [...buffers];
}

/** The buffers of every layer's states and gates (a classifier's or a character LM's trace), to transfer. */
function layerBuffers(layers: readonly CharLmLayerTrace[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (array: Float32Array) => {
    if (array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  };
  for (const layer of layers) {
    add(layer.inputs.data);
    add(layer.hidden.data);
    if (layer.cell) add(layer.cell.data);
    if (layer.recurrentNew) add(layer.recurrentNew.data);
    for (const gate of Object.values(layer.gates)) add(gate.data);
  }
  return [...buffers];
}
