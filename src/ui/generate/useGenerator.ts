/**
 * The names generator's side of the app: whether the Generate names task is chosen, its settings, building
 * it in the worker and opening its model files, and keeping it for the next visit (IndexedDB, as the
 * classifier's checkpoint is kept): choosing the task again after a reload brings back the weights at their
 * step, the curves, the evaluations and the settings. The generator learns from the names data (its
 * languages are the conditions), so choosing the task loads that data.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { GENERATION_TASK_DATA } from '../../data/types';
import type { Dataset, GenerationTaskId, TaskId } from '../../data/types';
import type { TrainerClient } from '../../worker/client';
import { errorText } from '../lib/format';
import { forgetGenerator, loadSavedGenerator, saveGenerator } from '../state/persistence';
import { keepCharLmCheckpoints } from '../state/charLmKeeper';
import { charLmConfigFor, defaultGeneratorSettings, generatorTrainConfig } from './generatorSettings';
import type { GeneratorSettings } from './generatorSettings';
import { generatorToKeep } from './storedGenerator';

/** The task this generator is, as a link names it. */
export const GENERATOR_TASK: GenerationTaskId = 'names-gen';
/** The data set the generator learns from. */
export const GENERATOR_DATA_TASK: TaskId = GENERATION_TASK_DATA[GENERATOR_TASK];

export interface GeneratorController {
  /** True while the Generate names task is chosen: the Model, Train and Inspect steps show the generator. */
  isActive: boolean;
  /** Choose (or leave) the Generate names task; choosing it loads the names data when another is loaded. */
  setActive(on: boolean): Promise<void>;
  settings: GeneratorSettings;
  updateSettings(patch: Partial<GeneratorSettings>): void;
  /** Build the generator unless one is loaded already (the one kept from the last visit comes back first); false when it failed (the error is shown at 'model'). */
  ensureBuilt(): Promise<boolean>;
  /** Build afresh (new weights) from the settings. */
  rebuild(): Promise<boolean>;
  /** Open a char-lm model file's text; returns a sentence for the user when the task had to change. */
  openText(text: string): Promise<string | null>;
}

/**
 * `activity` is the chosen-or-not state, held by the caller so the URL can name the task; `startup` resolves once
 * the first data set is in the worker. A visit that opens on the task (a reload, a link) brings the kept
 * generator back then, as choosing the task does.
 */
export function useGenerator(
  client: TrainerClient,
  dataset: Dataset | null,
  currentTask: TaskId,
  selectTask: (task: TaskId) => Promise<void>,
  activity: [boolean, (on: boolean) => void],
  startup: Promise<void>,
): GeneratorController {
  const [isActive, setIsActive] = activity;
  const [settings, setSettings] = useState<GeneratorSettings>(defaultGeneratorSettings);
  const datasetRef = useRef(dataset);
  datasetRef.current = dataset;
  const settingsRef = useRef(settings);
  settingsRef.current = settings;

  // Optimiser figures and epochs reach a built generator without a rebuild (as the classifier's do).
  const trainKey = JSON.stringify(generatorTrainConfig(settings));
  const lastSentTrain = useRef(trainKey);
  useEffect(() => {
    if (lastSentTrain.current === trainKey) return;
    lastSentTrain.current = trainKey;
    if (client.getSnapshot().charLmModel) client.updateTrainConfig(generatorTrainConfig(settingsRef.current));
  }, [client, trainKey]);

  // Keep every generator checkpoint the client takes for the next visit (with the names data it learns from).
  useEffect(() => {
    const kept = keepCharLmCheckpoints(client, {
      accepts: (model) => model.conditions.length > 0,
      save: (run) => {
        const data = client.getDataset();
        if (!data || data.source !== GENERATOR_DATA_TASK) return null;
        return saveGenerator(generatorToKeep({ ...run, dataId: data.id, savedAt: Date.now(), settings: settingsRef.current }));
      },
      subject: 'Your names generator',
    });
    return () => kept.stop();
  }, [client]);

  /** Put back the generator kept from the last visit, if any; true when it is in the worker now. */
  const restoreSaved = useCallback(async (): Promise<boolean> => {
    // The worker's data, not the rendered one: right after a task switch the screen may not have caught up.
    const data = client.getDataset();
    if (!data || data.source !== GENERATOR_DATA_TASK) return false;
    const stored = await loadSavedGenerator(data.id);
    if (stored.problem) client.reportError('storage', `The names generator saved last time could not be read back (${stored.problem}).`);
    const saved = stored.value;
    if (!saved || saved.dataId !== data.id || client.getSnapshot().charLmModel) return client.getSnapshot().charLmModel !== null;
    // A trained classifier in the worker is kept (its checkpoint is written) before the generator takes its place.
    const snapshot = client.getSnapshot();
    if (snapshot.model && !snapshot.isUntrained) await client.exportModel().catch(() => undefined);
    try {
      await client.importCharLm(saved.text, generatorTrainConfig(saved.settings), saved);
      setSettings(saved.settings);
      lastSentTrain.current = JSON.stringify(generatorTrainConfig(saved.settings));
      return true;
    } catch (error) {
      client.reportError('import', `The names generator saved last time could not be restored: ${errorText(error)}`);
      return false;
    }
  }, [client]);

  // A visit that opens on Generate names: once start-up has put the names data in, the kept generator comes back.
  // Play and Step wait for it, so they never build a new generator over the one coming back.
  const opensActive = useRef(isActive);
  const reopening = useRef<Promise<unknown>>(Promise.resolve());
  useEffect(() => {
    if (!opensActive.current) return;
    opensActive.current = false;
    reopening.current = startup.then(async () => {
      if (client.getDataset()?.source === GENERATOR_DATA_TASK && !client.getSnapshot().charLmModel) await restoreSaved();
    });
  }, [client, restoreSaved, startup]);

  const setActive = useCallback(
    async (on: boolean) => {
      setIsActive(on);
      if (on && (currentTask !== GENERATOR_DATA_TASK || datasetRef.current?.source !== GENERATOR_DATA_TASK)) await selectTask(GENERATOR_DATA_TASK);
      if (on && !client.getSnapshot().charLmModel) await restoreSaved();
    },
    [client, currentTask, restoreSaved, selectTask, setIsActive],
  );

  const updateSettings = useCallback((patch: Partial<GeneratorSettings>) => setSettings((previous) => ({ ...previous, ...patch })), []);

  const rebuild = useCallback(async (): Promise<boolean> => {
    const data = datasetRef.current;
    if (!data || data.source !== GENERATOR_DATA_TASK) {
      client.reportError('model', 'The names data is not loaded yet.');
      return false;
    }
    client.clearError('model');
    try {
      // New weights: the kept generator is not brought back on the next visit.
      void forgetGenerator(data.id).catch(() => undefined);
      await client.buildCharLm(charLmConfigFor(settingsRef.current, data), generatorTrainConfig(settingsRef.current));
      return true;
    } catch (error) {
      client.reportError('model', `The generator could not be built: ${errorText(error)}`);
      return false;
    }
  }, [client]);

  const ensureBuilt = useCallback(async (): Promise<boolean> => {
    await startup;
    await reopening.current;
    if (client.getSnapshot().charLmModel) return true;
    if (await restoreSaved()) return true;
    return rebuild();
  }, [client, rebuild, restoreSaved, startup]);

  const openText = useCallback(
    async (text: string): Promise<string | null> => {
      const wasOtherTask = currentTask !== GENERATOR_DATA_TASK || !isActive;
      setIsActive(true);
      if (currentTask !== GENERATOR_DATA_TASK) await selectTask(GENERATOR_DATA_TASK);
      const { model } = await client.importCharLm(text);
      setSettings((previous) => ({ ...previous, cell: model.cell, hiddenSize: model.hiddenSize, numLayers: model.numLayers, dropout: model.dropout }));
      return wasOtherTask ? 'This file holds a names generator, so it was opened on the Generate names task.' : null;
    },
    [client, currentTask, isActive, selectTask, setIsActive],
  );

  return useMemo(
    () => ({ isActive, setActive, settings, updateSettings, ensureBuilt, rebuild, openText }),
    [isActive, setActive, settings, updateSettings, ensureBuilt, rebuild, openText],
  );
}
