/**
 * The app's own state (what the worker does not hold): the configuration, the screen on show, the
 * data set, presenter mode; and the actions that touch several of them (switch task, build, open a
 * model file). Configuration is mirrored into the URL (replaceState) and IndexedDB; the URL wins on load.
 * Each task keeps its own model, configuration and run story (curves, step, results): switching task puts
 * the current one aside and brings back the other's, or an untrained model when it has none; a reload
 * brings back the current task's whole story.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { GENERATOR_TASK, useGenerator } from '../generate/useGenerator';
import type { GeneratorController } from '../generate/useGenerator';
import { useTextLabKeep, type TextLabKeep } from '../text/useTextLabKeep';
import { loadBuiltinDataset } from '../../data/assets';
import type { Dataset, TaskId } from '../../data/types';
import type { ModelConfig, TrainConfig } from '../../model/types';
import type { ExportedRun, TrainerClient } from '../../worker/client';
import type { SerializedModelFile } from '../../worker/protocol';
import { errorText } from '../lib/format';
import { inputSourceFor } from '../lib/inputSource';
import { sameArchitecture } from '../../model/architecture';
import type { AppConfig, InputSource, StepId } from './appConfig';
import {
  configFromModel,
  configFromQuery,
  generationTaskFromQuery,
  configToQuery,
  defaultsFor,
  exampleTextFromQuery,
  sanitizeConfig,
  stepFromQuery,
  toModelConfig,
  toTrainConfig,
} from './appConfig';
import {
  forgetModel,
  loadSavedConfig,
  loadSavedModel,
  loadSavedUpload,
  saveConfig,
  saveFailureMessage,
  saveModel,
  saveUpload,
} from './persistence';
import type { ModelRestore } from '../lib/buildState';
import { keptExampleText, readExampleText } from '../lib/exampleText';
import { storyToKeep } from './runStory';
import { loadTaskConfigs, saveTaskConfigs } from './taskConfigs';
import { claimSaveSlot, ownsSaveSlot } from './saveSlot';
import { savedModelFits, type SavedModel } from './storedModel';

export interface AppController {
  config: AppConfig;
  updateConfig(patch: Partial<AppConfig>): void;
  screen: StepId;
  setScreen(screen: StepId): void;
  dataset: Dataset | null;
  isDatasetLoading: boolean;
  /** The input layer for the current data (alphabet or vocabulary). */
  inputSource: InputSource | null;
  /** The model the current configuration describes (may differ from the one built). */
  desiredModel: ModelConfig | null;
  /** A previously uploaded data set, if any (kept across reloads). */
  uploadedDataset: Dataset | null;
  /** Switch to a built-in task or to the uploaded data. Keeps the current data if loading fails. */
  selectTask(task: TaskId): Promise<void>;
  /** Before "Your text" takes the worker: the task's run set aside (weights, story, configuration); the lab's kept text and model come back after it. */
  setRunAsideForLab(): Promise<void>;
  /** Back from "Your text": the lab's model is kept, and the run set aside comes back into the worker. */
  bringRunBackFromLab(): Promise<void>;
  /** "Your text" kept across the lab's visits, reloads and crashes (ui/text/useTextLabKeep.ts). */
  textLab: TextLabKeep;
  /** Adopt an uploaded data set: only replaces the current data when the worker accepted it. */
  useUploadedDataset(dataset: Dataset): Promise<void>;
  /** Build the configured model unless the one in the worker already matches; false if it failed. */
  ensureModel(): Promise<boolean>;
  /** Build afresh (new weights) from the configuration. */
  rebuildModel(): Promise<boolean>;
  /**
   * Open a model file in the worker (it reads and checks it; this thread never holds its text); rejects with
   * the worker's reason. Keeps the model it replaces. Resolves to whether the model trains on the loaded data.
   */
  openModelFile(file: Blob, fileName?: string): Promise<boolean>;
  /** The model an opened file replaced (its file name names what replaced it), until restored or replaced again. */
  replacedModel: { openedName: string } | null;
  /** Put the replaced run back as it was (weights, architecture, curves, step, kept record), undoing the last "Open model" or rebuild. */
  restoreReplacedModel(): Promise<void>;
  /** Keep the opened model and let the replaced one go (hides the undo). */
  dismissReplacedModel(): void;
  isPresenter: boolean;
  setPresenter(on: boolean): void;
  /** The Generate names task (a character LM on the names data); see ui/generate/useGenerator.ts. */
  generator: GeneratorController;
  /** False until the first data set is in the worker and the model saved last time had its chance to come back. */
  isStartupDone: boolean;
  /** Whether a model kept from the last visit is being looked for or read back into the worker (the Model step says so). */
  modelRestore: ModelRestore;
  /** The text typed on Encode, Model and Inspect (one shared example, so "Nienhuis" is typed once). */
  exampleText: string;
  /** Where a longer typed or pasted text was cut (ui/lib/exampleText.ts), said under each input; null when whole. */
  exampleTextCutAt: number | null;
  /** Keeps the text as typed; `exampleText` is it cut to the data's level's limit. */
  setExampleText(text: string): void;
}

/** A first example that shows something interesting for each task. */
export function defaultExampleText(dataset: Dataset | null): string {
  if (!dataset || dataset.source === 'names') return 'Nienhuis';
  if (dataset.source === 'sst2') return "it 's not good , it 's great";
  return dataset.train[0]?.text.slice(0, 60) ?? '';
}

/**
 * Checkpoints arrive as Blobs made in the worker, so storing one copies nothing on this thread; still, a
 * big word model (SST-2's embedding is ~30 MB of JSON) waits until training stops rather than write that
 * to disk mid-run.
 */
const SMALL_CHECKPOINT_BYTES = 4_000_000;

function initialConfig(): { config: AppConfig; fromUrl: boolean; linkPatch: Partial<AppConfig> } {
  const patch = configFromQuery(window.location.search);
  const fromUrl = Object.keys(patch).length > 0;
  return { config: { ...defaultsFor(patch.task ?? 'names'), ...patch }, fromUrl, linkPatch: patch };
}

const SECOND_TAB_MESSAGE =
  'The playground is also open in another tab of this browser, and that tab keeps its model for your next visit. ' +
  "This tab's training is not kept when you close it (Save model downloads it). Close the other tab and this one takes over.";


export function useAppController(client: TrainerClient): AppController {
  const [{ config: startConfig, fromUrl, linkPatch }] = useState(initialConfig);
  const [config, setConfig] = useState<AppConfig>(startConfig);
  const [isConfigLoaded, setIsConfigLoaded] = useState(fromUrl);
  const [screen, setScreen] = useState<StepId>(() => stepFromQuery(window.location.search) ?? 'data');
  // Whether the Generate names task is chosen (useGenerator owns it; held here so the URL names it).
  const generatorActivity = useState(() => generationTaskFromQuery(window.location.search) !== undefined);
  const [isGeneratorActive] = generatorActivity;
  const [isPresenter, setPresenter] = useState(
    () => new URLSearchParams(window.location.search).get('present') === '1',
  );
  const [dataset, setDataset] = useState<Dataset | null>(null);
  const [isDatasetLoading, setIsDatasetLoading] = useState(false);
  const [uploadedDataset, setUploadedDataset] = useState<Dataset | null>(null);
  const [isStartupDone, setIsStartupDone] = useState(false);
  // Until start-up has read the browser's storage, nobody knows whether a model is coming back.
  const [modelRestore, setModelRestore] = useState<ModelRestore>('looking');
  // The start-up's read of the built-in task's kept model, begun with the data's download rather than after the
  // engine started, so the Model step says early whether one is coming back; restoreRun takes it over.
  const startupLookup = useRef<{ dataId: string; loaded: ReturnType<typeof loadSavedModel> } | null>(null);
  // Resolved when start-up is over; model actions wait for it so they never race the restore.
  const [startup] = useState(() => {
    let resolve: () => void = () => undefined;
    const promise = new Promise<void>((done) => (resolve = done));
    return { promise, resolve };
  });
  // A link's text belongs to the task the link names (a built-in data set's id is its task).
  const [example, setExample] = useState<{ dataId: string | null; text: string } | null>(() => {
    const text = exampleTextFromQuery(window.location.search);
    return text === undefined ? null : { dataId: startConfig.task, text };
  });
  const configRef = useRef(config);
  configRef.current = config;
  const datasetRef = useRef(dataset);
  datasetRef.current = dataset;
  // Each task's latest checkpoint with its story (this visit's; IndexedDB holds them for the next one)
  // and each task's configuration, so a switch and back finds the cell chosen and the model trained.
  const runStash = useRef(new Map<string, SavedModel>());
  /** The model in the worker is one this page built (random weights) rather than one read from a file or kept. */
  const isFreshBuild = useRef(true);
  // Each task's configuration also survives a reload (taskConfigs.ts), checked when read back.
  // (A Map changed in place, never replaced: no render depends on it.)
  const [configStash] = useState(loadTaskConfigs);
  // Resolved when the run set aside for "Your text" is back: the steps find no model until then, and must not
  // build a new one over it (Inspect builds one when it finds none).
  const labReturn = useRef<Promise<void>>(Promise.resolve());
  // Writes the pending checkpoint now (set by the persistence effect below).
  const writeCheckpointNow = useRef<() => void>(() => undefined);

  const updateConfig = useCallback((patch: Partial<AppConfig>) => {
    setConfig((previous) => ({ ...previous, ...patch }));
  }, []);

  // Load the saved configuration once, unless the URL already gave one (a shared link wins).
  useEffect(() => {
    if (fromUrl) return;
    let isCurrent = true;
    void loadSavedConfig().then((saved) => {
      if (!isCurrent) return;
      if (saved) setConfig(sanitizeConfig(saved));
      setIsConfigLoaded(true);
    });
    return () => {
      isCurrent = false;
    };
  }, [fromUrl]);

  // Mirror the configuration into the URL and IndexedDB.
  useEffect(() => {
    if (!isConfigLoaded) return;
    const params = new URLSearchParams(configToQuery(config, window.location.search, isGeneratorActive ? GENERATOR_TASK : undefined));
    params.set('step', screen);
    if (isPresenter) params.set('present', '1');
    else params.delete('present');
    // The example typed (Encode, Model, Inspect) travels with a copied link; a task's default needs no parameter.
    if (example && example.dataId === (dataset?.id ?? null) && example.text !== '') params.set('text', example.text);
    else if (dataset) params.delete('text');
    const url = `${window.location.pathname}?${params.toString()}${window.location.hash}`;
    window.history.replaceState(null, '', url);
    void saveConfig(config).catch(() => undefined);
    configStash.set(config.task, config);
    saveTaskConfigs(configStash);
  }, [config, screen, isPresenter, isConfigLoaded, example, dataset, isGeneratorActive]);

  // Presenter mode is a CSS concern: one attribute on <html>, read by styles.css and the charts' variables.
  useEffect(() => {
    document.documentElement.toggleAttribute('data-presenter', isPresenter);
  }, [isPresenter]);

  // Keep every checkpoint the client takes, with the data it belongs to, for the next visit.
  // IndexedDB copies the file on the main thread: cheap for the names models, a long task for a big word
  // embedding. So while training, small models are written at most once a minute and big ones wait until
  // training stops or the tab is hidden (the usual way a visit ends).
  useEffect(() => {
    /** The checkpoint with the run's story as it is now, labelled with the data the worker trains on. */
    const keptRunOf = (file: SerializedModelFile, step: number): SavedModel | null => {
      const data = client.getDataset();
      if (!data || file.classes.join('\n') !== data.classes.join('\n')) return null;
      const snapshot = client.getSnapshot();
      const story = storyToKeep({
        step,
        epoch: snapshot.epoch,
        totalSteps: snapshot.totalSteps,
        stepsPerEpoch: snapshot.stepsPerEpoch,
        history: client.getHistory(),
        lastMetrics: snapshot.lastMetrics,
        testMetrics: snapshot.testMetrics,
        settings: { ...configRef.current },
        keptRecordId: snapshot.keptRecordId,
        origin: snapshot.origin,
      });
      return { dataId: data.id, savedAt: Date.now(), file, story };
    };
    let pending: SavedModel | null = null;
    let lastWrite = 0;
    const write = () => {
      if (!pending) return;
      // Written later than taken: a test result that arrived since belongs to the same weights.
      const kept = (client.getDataset()?.id === pending.dataId && keptRunOf(pending.file, pending.story?.step ?? 0)) || pending;
      pending = null;
      lastWrite = Date.now();
      // A second tab keeps its checkpoint in memory and writes it once it owns the slot.
      if (!ownsSaveSlot()) {
        pending = kept;
        return;
      }
      runStash.current.set(kept.dataId, kept);
      saveModel(kept).then(
        () => {
          if (client.getSnapshot().errors.storage?.startsWith('Your trained model could not be kept')) client.clearError('storage');
        },
        (error: unknown) => client.reportError('storage', saveFailureMessage('Your trained model', error)),
      );
    };
    const releaseSlot = claimSaveSlot((owns) => {
      if (!owns) {
        client.reportError('storage', SECOND_TAB_MESSAGE);
        return;
      }
      if (client.getSnapshot().errors.storage === SECOND_TAB_MESSAGE) client.clearError('storage');
      write();
    });
    writeCheckpointNow.current = write;
    const stopCheckpoints = client.onCheckpoint((file, step) => {
      const kept = keptRunOf(file, step);
      if (!kept) return;
      runStash.current.set(kept.dataId, kept);
      // A checkpoint of another task not yet written goes first (a task switch stashes, then moves on).
      if (pending && pending.dataId !== kept.dataId) write();
      pending = kept;
      const isTraining = client.getSnapshot().status === 'training';
      if (!isTraining) write();
      else if (file.blob.size + (file.optimizerState?.size ?? 0) < SMALL_CHECKPOINT_BYTES && Date.now() - lastWrite > 60_000) write();
    });
    // A run kept as a record (Kept runs) after its last checkpoint was written, as at its end, whose test comes
    // after that checkpoint: the saved story is written again to name the record, so that the run put back
    // after a reload (or a task switch) still updates that record, as it would have without one.
    const savedBeforeKept = (): SavedModel | null => {
      const data = client.getDataset();
      const saved = data ? runStash.current.get(data.id) : undefined;
      if (!saved?.story || saved.file !== client.getCheckpoint()) return null;
      return saved.story.keptRecordId === client.getSnapshot().keptRecordId ? null : saved;
    };
    const stopStore = client.subscribe(() => {
      if (client.getSnapshot().status === 'training') return;
      pending ??= savedBeforeKept();
      if (pending) write();
    });
    const onHide = () => {
      if (document.visibilityState === 'hidden') write();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', write);
    return () => {
      stopCheckpoints();
      stopStore();
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', write);
      releaseSlot();
    };
  }, [client]);

  // Only when the choice really changes (the client started the worker with the URL's choice; a saved
  // configuration may name another): re-initialising a backend takes a second or more.
  useEffect(() => {
    if (config.backend !== client.getBackendChoice()) client.setBackend(config.backend);
  }, [client, config.backend]);

  const inputSource = useMemo(() => (dataset ? inputSourceFor(dataset) : null), [dataset]);
  const desiredModel = useMemo(
    () => (dataset && inputSource ? toModelConfig(config, inputSource, dataset.classes) : null),
    [config, dataset, inputSource],
  );
  const trainConfig = useMemo(() => toTrainConfig(config), [config]);
  const trainKey = JSON.stringify(trainConfig);

  // Under auto, the probe times the model about to be built while the student reads, so the fastest
  // backend is in place before the first Play (the client ignores this once it knows the answer).
  useEffect(() => {
    if (config.backend === 'auto' && desiredModel) client.planModel(desiredModel, JSON.parse(trainKey) as TrainConfig);
  }, [client, config.backend, desiredModel, trainKey]);

  // Optimiser settings reach a built model without a rebuild.
  const lastSentTrain = useRef(trainKey);
  useEffect(() => {
    if (lastSentTrain.current === trainKey) return;
    lastSentTrain.current = trainKey;
    if (client.getSnapshot().model) client.updateTrainConfig(JSON.parse(trainKey) as TrainConfig);
  }, [client, trainKey]);

  const loadDataset = useCallback(
    async (task: TaskId): Promise<Dataset> => {
      if (task === 'upload') {
        if (uploadedDataset) return uploadedDataset;
        const stored = await loadSavedUpload();
        if (stored.problem) throw new Error(`The data uploaded last time could not be read back (${stored.problem}); upload the file again.`);
        if (!stored.value) throw new Error('No uploaded data yet: choose a file below.');
        setUploadedDataset(stored.value);
        return stored.value;
      }
      return loadBuiltinDataset(task, import.meta.env.BASE_URL);
    },
    [uploadedDataset],
  );

  /**
   * Bring back the run kept for `next` (this visit's, else the one saved in IndexedDB): its weights at
   * their step, its curves and results, its settings. With none, a switch leaves no other task's model
   * in the worker: an untrained one of `config` is built. At start-up a shared link's architecture wins.
   */
  const restoreRun = useCallback(
    async (next: Dataset, config: AppConfig, isStartup: boolean) => {
      let saved = runStash.current.get(next.id);
      const lookup = startupLookup.current;
      startupLookup.current = null;
      if (!saved) {
        const stored = await (lookup?.dataId === next.id ? lookup.loaded : loadSavedModel(next.id));
        if (stored.problem) {
          client.reportError('storage', `The model saved last time could not be read back (${stored.problem}); a new model will be built.`);
        }
        saved = stored.value;
      }
      const source = inputSourceFor(next);
      const wanted = toModelConfig(config, source, next.classes);
      if (saved && saved.dataId === next.id && savedModelFits(saved.file, wanted, isStartup ? linkPatch : {})) {
        const story = saved.story;
        // The settings the run trained with; a shared link's fields still win at start-up.
        const runConfig: AppConfig = story
          ? { ...sanitizeConfig(story.settings), ...(isStartup ? linkPatch : {}), backend: config.backend, task: config.task }
          : config;
        setModelRestore('restoring');
        try {
          const { model } = await client.importModel(saved.file, toTrainConfig(runConfig), story ?? 0, 'restored');
          isFreshBuild.current = false;
          setConfig(configFromModel(runConfig, model));
          lastSentTrain.current = JSON.stringify(toTrainConfig(runConfig));
          return;
        } catch (error) {
          client.reportError('import', `The model saved last time could not be restored: ${errorText(error)}`);
        } finally {
          setModelRestore(null);
        }
      }
      setModelRestore(null);
      if (isStartup || !client.getSnapshot().model) return;
      try {
        void forgetModel(next.id).catch(() => undefined);
        await client.build(wanted, toTrainConfig(config));
        isFreshBuild.current = true;
        lastSentTrain.current = JSON.stringify(toTrainConfig(config));
      } catch (error) {
        client.reportError('model', `The model could not be built: ${errorText(error)}`);
      }
    },
    [client, linkPatch],
  );

  /** Put `next` in the worker, then on screen, with the task's own configuration and run. */
  const adoptDataset = useCallback(
    async (next: Dataset, task: TaskId, change: 'startup' | 'switch' | 'same') => {
      // A built-in data set is shown at once (the Data step needs no worker, which may still be
      // starting its backend); an upload replaces the current data only once the worker accepted it.
      if (next.source !== 'upload') setDataset(next);
      await client.setData(next);
      setDataset(next);
      client.clearError('data');
      const previous = configRef.current;
      const config: AppConfig =
        change === 'switch'
          ? { ...(configStash.get(task) ?? defaultsFor(task)), backend: previous.backend, task }
          : { ...previous, task };
      configRef.current = config;
      setConfig(config);
      if (change !== 'same') await restoreRun(next, config, change === 'startup');
    },
    [client, restoreRun],
  );

  /**
   * Put the current task's run aside before another task takes the worker: its configuration, and its
   * weights with their story (exported now, so they are those on screen, and written for the next visit).
   */
  const stashCurrentRun = useCallback(async () => {
    const current = configRef.current;
    configStash.set(current.task, current);
    saveTaskConfigs(configStash);
    const snapshot = client.getSnapshot();
    if (!snapshot.model || snapshot.isUntrained || client.getDataset()?.id !== datasetRef.current?.id) return;
    if (snapshot.status === 'training') client.pause();
    try {
      await client.exportModel();
      writeCheckpointNow.current();
    } catch {
      // Nothing could be exported (the worker is restarting): the task starts afresh next time.
    }
  }, [client]);

  /**
   * "Your text" puts its own model in the worker: the task's run is set aside first (as a task switch does)
   * and brought back when the student returns to the steps, so a trained model is never lost to the lab.
   */
  const textLab = useTextLabKeep(client);
  // After start-up: the run kept from the last visit must be back in the worker before it is set aside (a visit
  // that opens in the lab, or a click on it while the page starts), or the two would take the worker in turn.
  const setRunAsideForLab = useCallback(() => textLab.enter(startup.promise.then(stashCurrentRun)), [startup, stashCurrentRun, textLab]);
  const bringRunBackFromLab = useCallback(() => {
    const returning = (async () => {
      await textLab.leave();
      const current = datasetRef.current;
      if (!current) return;
      try {
        await adoptDataset(current, configRef.current.task, 'switch');
      } catch (error) {
        client.reportError('data', errorText(error));
      }
    })();
    labReturn.current = returning;
    return returning;
  }, [adoptDataset, client, textLab]);

  const selectTask = useCallback(
    async (task: TaskId) => {
      setIsDatasetLoading(true);
      try {
        const next = await loadDataset(task);
        const isSwitch = datasetRef.current !== null && task !== configRef.current.task;
        if (isSwitch) await stashCurrentRun();
        await adoptDataset(next, task, isSwitch ? 'switch' : 'same');
      } catch (error) {
        client.reportError('data', errorText(error));
      } finally {
        setIsDatasetLoading(false);
      }
    },
    [adoptDataset, client, loadDataset, stashCurrentRun],
  );

  // First data set, once the configuration is known.
  const hasLoadedFirst = useRef(false);
  useEffect(() => {
    if (!isConfigLoaded || hasLoadedFirst.current) return;
    hasLoadedFirst.current = true;
    const task = configRef.current.task;
    // A built-in data set's id is its task; an upload's is known once its record is read.
    if (task !== 'upload') {
      const loaded = loadSavedModel(task);
      startupLookup.current = { dataId: task, loaded };
      void loaded.then(
        ({ value }) => setModelRestore((now) => (now === 'looking' ? (value ? 'restoring' : null) : now)),
        () => undefined, // restoreRun awaits the same read and reports its failure
      );
    }
    void (async () => {
      setIsDatasetLoading(true);
      try {
        let fallbackMessage: string | null = null;
        const next = await loadDataset(task).catch(async (error: unknown) => {
          if (task !== 'upload') throw error;
          // The uploaded data is gone (another browser, cleared storage): fall back to names.
          fallbackMessage = `${errorText(error)} Showing the names data instead.`;
          return loadBuiltinDataset('names', import.meta.env.BASE_URL);
        });
        await adoptDataset(next, next.source === 'upload' ? 'upload' : (next.id as TaskId), 'startup');
        // Said once the names are in place: adopting data clears the data errors of earlier attempts.
        if (fallbackMessage !== null) client.reportError('data', fallbackMessage);
      } catch (error) {
        client.reportError('data', `The data could not be loaded: ${errorText(error)}`);
      } finally {
        setIsDatasetLoading(false);
        setIsStartupDone(true);
        setModelRestore(null);
        startup.resolve();
      }
    })();
  }, [adoptDataset, client, isConfigLoaded, loadDataset, startup]);

  const useUploadedDataset = useCallback(
    async (next: Dataset) => {
      // A new upload is new data: its run (if any) is the uploaded data's own, keyed by its id.
      await stashCurrentRun();
      await adoptDataset(next, 'upload', 'switch');
      setUploadedDataset(next);
      void saveUpload(next).catch(() => undefined);
    },
    [adoptDataset, stashCurrentRun],
  );

  // The run an opened file or a rebuild replaced: its weights as a model file with its story (curves, step, kept
  // record), and the configuration it ran with, so the undo puts the run back as it was, not as a fresh one.
  const [replaced, setReplaced] = useState<{ run: ExportedRun; config: AppConfig; openedName: string } | null>(null);

  const rebuildModel = useCallback(async (): Promise<boolean> => {
    if (!desiredModel) {
      client.reportError('model', 'The data is not loaded yet.');
      return false;
    }
    client.clearError('model');
    try {
      // A trained or opened model is never thrown away unasked: it is kept (as a model file) for the undo notice. Only
      // a model this page built and never trained (random weights, nothing made) goes without one: an opened file's
      // model may well be at step 0 (a PyTorch export, a model saved right after its build) and Play on data it does not
      // fit rebuilds it.
      const current = client.getSnapshot();
      const isWorthKeeping = current.model !== null && (current.step > 0 || !isFreshBuild.current);
      const trained = isWorthKeeping ? await client.exportRun().catch(() => null) : null;
      if (dataset) {
        runStash.current.delete(dataset.id);
        if (!trained) void forgetModel(dataset.id).catch(() => undefined);
      }
      await client.build(desiredModel, trainConfig);
      isFreshBuild.current = true;
      setReplaced(trained ? { run: trained, config: configRef.current, openedName: 'A new model (new weights)' } : null);
      lastSentTrain.current = trainKey;
      return true;
    } catch (error) {
      client.reportError('model', `The model could not be built: ${errorText(error)}`);
      return false;
    }
  }, [client, dataset, desiredModel, trainConfig, trainKey]);

  const ensureModel = useCallback(async (): Promise<boolean> => {
    await startup.promise;
    await labReturn.current;
    const built = client.getSnapshot().model;
    if (built && desiredModel && sameArchitecture(built, desiredModel)) return true;
    return rebuildModel();
  }, [client, desiredModel, rebuildModel, startup]);


  const openModelFile = useCallback(
    async (file: Blob, fileName = 'the model file') => {
      // The model replaced is kept as the worker's Blob (a handle): nothing is copied here, however large.
      const before = client.getSnapshot().model ? await client.exportRun().catch(() => null) : null;
      const configBefore = configRef.current;
      const { model, fitsData } = await client.importModel(file, JSON.parse(trainKey) as TrainConfig);
      isFreshBuild.current = false;
      setConfig((previous) => configFromModel(previous, model));
      setReplaced(before ? { run: before, config: configBefore, openedName: fileName } : null);
      return fitsData;
    },
    [client, trainKey],
  );

  const restoreReplacedModel = useCallback(async () => {
    if (!replaced) return;
    client.clearError('import');
    try {
      const train = toTrainConfig(replaced.config);
      const { model } = await client.importModel(replaced.run.file.blob, train, replaced.run.story, 'restored-replaced');
      isFreshBuild.current = false;
      setConfig(configFromModel(replaced.config, model));
      lastSentTrain.current = JSON.stringify(train);
      setReplaced(null);
    } catch (error) {
      client.reportError('import', `The previous model could not be restored: ${errorText(error)}`);
    }
  }, [client, replaced]);
  const dismissReplacedModel = useCallback(() => setReplaced(null), []);
  const replacedModel = useMemo(() => (replaced ? { openedName: replaced.openedName } : null), [replaced]);

  const dataId = dataset?.id ?? null;
  // The text is kept as typed and cut on reading, so the note stays while it is too long and goes when it fits.
  const exampleRead = example && example.dataId === dataId ? readExampleText(example.text, dataset?.level ?? 'chars') : null;
  const exampleText = exampleRead?.text ?? defaultExampleText(dataset);
  const exampleTextCutAt = exampleRead?.cutAt ?? null;
  const setExampleText = useCallback((text: string) => setExample({ dataId, text: keptExampleText(text) }), [dataId]);

  const generator = useGenerator(client, dataset, config.task, selectTask, generatorActivity, startup.promise);

  return {
    generator,
    exampleText,
    exampleTextCutAt,
    setExampleText,
    config,
    updateConfig,
    screen,
    setScreen,
    dataset,
    isDatasetLoading,
    inputSource,
    desiredModel,
    uploadedDataset,
    selectTask,
    setRunAsideForLab,
    bringRunBackFromLab,
    textLab,
    useUploadedDataset,
    ensureModel,
    rebuildModel,
    openModelFile,
    replacedModel,
    restoreReplacedModel,
    dismissReplacedModel,
    isPresenter,
    setPresenter,
    isStartupDone,
    modelRestore,
  };
}
