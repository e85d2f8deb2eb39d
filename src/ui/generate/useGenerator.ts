/**
 * The names generator's side of the app: whether the Generate names task is chosen, its settings, building
 * it in the worker and opening its model files. The generator learns from the names data (its languages
 * are the conditions), so choosing the task loads that data.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Dataset, TaskId } from '../../data/types';
import type { TrainerClient } from '../../worker/client';
import { errorText } from '../lib/format';
import { charLmConfigFor, defaultGeneratorSettings, generatorTrainConfig } from './generatorSettings';
import type { GeneratorSettings } from './generatorSettings';

/** The data set the generator learns from. */
export const GENERATOR_DATA_TASK: TaskId = 'names';

export interface GeneratorController {
  /** True while the Generate names task is chosen: the Model, Train and Inspect steps show the generator. */
  isActive: boolean;
  /** Choose (or leave) the Generate names task; choosing it loads the names data when another is loaded. */
  setActive(on: boolean): Promise<void>;
  settings: GeneratorSettings;
  updateSettings(patch: Partial<GeneratorSettings>): void;
  /** Build the generator unless one is loaded already; false when it failed (the error is shown at 'model'). */
  ensureBuilt(): Promise<boolean>;
  /** Build afresh (new weights) from the settings. */
  rebuild(): Promise<boolean>;
  /** Open a char-lm model file's text; returns a sentence for the user when the task had to change. */
  openText(text: string): Promise<string | null>;
}

export function useGenerator(client: TrainerClient, dataset: Dataset | null, currentTask: TaskId, selectTask: (task: TaskId) => Promise<void>): GeneratorController {
  const [isActive, setIsActive] = useState(false);
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

  const setActive = useCallback(
    async (on: boolean) => {
      setIsActive(on);
      if (on && (currentTask !== GENERATOR_DATA_TASK || datasetRef.current?.source !== GENERATOR_DATA_TASK)) await selectTask(GENERATOR_DATA_TASK);
    },
    [currentTask, selectTask],
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
      await client.buildCharLm(charLmConfigFor(settingsRef.current, data), generatorTrainConfig(settingsRef.current));
      return true;
    } catch (error) {
      client.reportError('model', `The generator could not be built: ${errorText(error)}`);
      return false;
    }
  }, [client]);

  const ensureBuilt = useCallback(async (): Promise<boolean> => {
    if (client.getSnapshot().charLmModel) return true;
    return rebuild();
  }, [client, rebuild]);

  const openText = useCallback(
    async (text: string): Promise<string | null> => {
      const wasOtherTask = currentTask !== GENERATOR_DATA_TASK || !isActive;
      setIsActive(true);
      if (currentTask !== GENERATOR_DATA_TASK) await selectTask(GENERATOR_DATA_TASK);
      const { model } = await client.importCharLm(text);
      setSettings((previous) => ({ ...previous, cell: model.cell, hiddenSize: model.hiddenSize, numLayers: model.numLayers, dropout: model.dropout }));
      return wasOtherTask ? 'This file holds a names generator, so it was opened on the Generate names task.' : null;
    },
    [client, currentTask, isActive, selectTask],
  );

  return useMemo(
    () => ({ isActive, setActive, settings, updateSettings, ensureBuilt, rebuild, openText }),
    [isActive, setActive, settings, updateSettings, ensureBuilt, rebuild, openText],
  );
}
