/**
 * "Your text": a character-level language model of the student's own text, end to end: the text (paste or
 * upload), the model and its truncated-BPTT settings with the picture of where gradients stop, training in the
 * worker (same transport and curves as the names generator), samples with a temperature, the hidden units
 * coloured over the text and ranked by features, the saliency of a prediction, and the model file. The text,
 * the settings and the model come back when the lab opens again, after a reload too (`keep`: useTextLabKeep.ts).
 */
import { useCallback, useEffect, useMemo, useRef, useState, type MutableRefObject } from 'react';
import { prepareCorpus, textSplitBounds, type TextCorpus } from '../../data/textCorpus';
import { streamLayout } from '../../data/textStreams';
import type { LmMetrics } from '../../model/types';
import { BlockedReason } from '../components/BlockedReason';
import { ErrorNote } from '../components/ErrorNote';
import { HighLossNote } from '../components/HighLossNote';
import { NumberField } from '../components/NumberField';
import { useClient, useClientState } from '../hooks/clientContext';
import { useStatusText } from '../hooks/useStatusText';
import { useTrainingActions } from '../hooks/useTrainingActions';
import { blockedReason } from '../lib/fieldProblems';
import { errorText } from '../lib/format';
import { TEXT_LAB_PLACE } from '../lib/highLossWarning';
import { modelFileName } from '../lib/modelFileName';
import { GeneratorCharts } from '../generate/GeneratorCharts';
import { modelFileKind } from '../generate/modelFileKind';
import { lmOutputCount } from '../generate/uniformGuess';
import { TbpttPicture } from './TbpttPicture';
import { TextSource } from './TextSource';
import { textProgressLine } from './textProgress';
import { defaultTextLmSettings, TEXT_CELLS, TEXT_SETTING_LIMITS, tbpttOf, textLmModelConfig, textLmTrainConfig, type TextCell, type TextLmSettings } from './textLmSettings';
import { UnitView } from './UnitView';
import type { TextLabKeep } from './useTextLabKeep';

/** Characters written after each epoch (and on demand). */
const SAMPLE_LENGTH = 300;
const SAMPLE_SEED = 7;
/** The analysed text offered first: the start of the text. */
const UNITS_TEXT_LENGTH = 600;

function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * Why a model file of another kind is not opened here: Your text's model is a language model of text (`char-lm`);
 * a classifier opened here would take the worker as the steps' model, over the lab's.
 */
function otherKindText(fileName: string, kind: string): string {
  const what = kind === 'classify' ? "a classifier (the steps' model)" : `a "${kind}" model`;
  return `${fileName} holds ${what}, not a language model of text: Your text opens the files its own Save model writes. Open it on the steps (Back to the steps, then Open model).`;
}

export function TextLab({ keep, modelDrop }: {
  keep: TextLabKeep;
  /** Where the page sends a model file dropped on it while Your text is open: this lab's own open (set while mounted). */
  modelDrop: MutableRefObject<((file: File) => Promise<void>) | null>;
}) {
  const client = useClient();
  // Until what was kept is back, nothing builds (Play would otherwise make new weights over the kept ones).
  const [isRestoring, setIsRestoring] = useState(true);
  const [corpus, setCorpus] = useState<TextCorpus | null>(null);
  const [settings, setSettings] = useState<TextLmSettings>(defaultTextLmSettings);
  const [temperature, setTemperature] = useState(0.8);
  const [sample, setSample] = useState<{ epoch: number | null; text: string } | null>(null);
  const [test, setTest] = useState<LmMetrics | null>(null);
  const [fileNote, setFileNote] = useState<string | null>(null);
  const model = useClientState((snapshot) => snapshot.charLmModel);
  const status = useClientState((snapshot) => snapshot.status);
  const step = useClientState((snapshot) => snapshot.step);
  const totalSteps = useClientState((snapshot) => snapshot.totalSteps);
  const epoch = useClientState((snapshot) => snapshot.epoch);
  const stepsPerEpoch = useClientState((snapshot) => snapshot.stepsPerEpoch);
  const statusMessage = useStatusText('New weights');
  const isTextModel = model !== null && model.conditions.length === 0;
  const corpusRef = useRef(corpus);
  corpusRef.current = corpus;
  const settingsRef = useRef(settings);
  settingsRef.current = settings;

  const build = useCallback(async (): Promise<boolean> => {
    const text = corpusRef.current;
    if (!text) {
      client.reportError('model', 'Choose a text first: paste it and press "Use this text", or upload a file.');
      return false;
    }
    client.clearError('model');
    try {
      const chosen = settingsRef.current;
      // New weights: the kept model is not brought back next time.
      keep.forgetModel();
      await client.buildTextLm(text.text, textLmModelConfig(chosen, text.alphabet), textLmTrainConfig(chosen), tbpttOf(chosen));
      setSample(null);
      setTest(null);
      return true;
    } catch (error) {
      client.reportError('model', `The model could not be built: ${errorText(error)}`);
      return false;
    }
  }, [client, keep]);

  const ensureModel = useCallback(async () => {
    const loaded = client.getSnapshot().charLmModel;
    return loaded !== null && loaded.conditions.length === 0 ? true : build();
  }, [client, build]);
  const actions = useTrainingActions({ ensureModel });
  // A field showing an invalid value holds Play, Step and New weights back: the settings still hold its last valid value.
  const settingsBlocked = blockedReason(actions.settingProblems, 'build or train');

  const write = useCallback(
    async (epochShown: number | null) => {
      try {
        const continuation = await client.continueText('', SAMPLE_LENGTH, temperature, null, SAMPLE_SEED);
        setSample({ epoch: epochShown, text: continuation.text });
      } catch (error) {
        client.reportError('predict', errorText(error));
      }
    },
    [client, temperature],
  );
  const writeRef = useRef(write);
  writeRef.current = write;

  // What was kept comes back: the text (checked again, as a paste is), the settings, the model with its run.
  useEffect(() => {
    let isLive = true;
    void keep.restore().then(({ text, settings: kept }) => {
      if (!isLive) return;
      const held = client.getSnapshot().charLmModel;
      const isHeld = held !== null && held.conditions.length === 0;
      if (kept) setSettings(kept);
      else if (isHeld) setSettings((previous) => ({ ...previous, cell: TEXT_CELLS.find((name) => name === held.cell) ?? previous.cell, hiddenSize: held.hiddenSize, numLayers: held.numLayers }));
      if (text !== null) {
        try {
          setCorpus(prepareCorpus(text));
        } catch (error) {
          client.reportError('model', `The text kept last time could not be used (${errorText(error)}); paste or upload it again.`);
        }
      }
      const evaluations = client.getLmHistory();
      const lastTest = [...evaluations].reverse().find((message) => message.metrics.split === 'test');
      const lastValidation = [...evaluations].reverse().find((message) => message.metrics.split === 'val');
      setTest(lastTest?.metrics ?? null);
      if (isHeld && lastValidation) void writeRef.current(lastValidation.epoch);
      setIsRestoring(false);
    });
    return () => {
      isLive = false;
    };
  }, [client, keep]);

  // Kept for the next visit once the kept ones are back (before, this would overwrite them with the empty form).
  useEffect(() => {
    if (!isRestoring) keep.keepSource(corpus?.text ?? null, settings);
  }, [corpus, isRestoring, keep, settings]);

  // After each epoch's validation: a sample with the weights just evaluated; after the test pass, the result.
  useEffect(() => {
    const stop = client.onLmMetrics((message) => {
      if (message.metrics.split === 'test') setTest(message.metrics);
      else void write(message.epoch);
    });
    return stop;
  }, [client, write]);

  const update = (patch: Partial<TextLmSettings>) => {
    const next = { ...settingsRef.current, ...patch };
    setSettings(next);
    if (!isTextModel) return;
    // Optimiser figures, streams and epochs reach the built model without new weights; so does K.
    if ('windowLength' in patch) client.updateTbptt(tbpttOf(next));
    if ('learningRate' in patch || 'streams' in patch || 'epochs' in patch) client.updateTrainConfig(textLmTrainConfig(next));
  };

  const layout = useMemo(() => {
    if (!corpus) return null;
    const trainLength = textSplitBounds(corpus.ids.length).val;
    try {
      return streamLayout(trainLength, settings.streams, settings.windowLength);
    } catch {
      return null;
    }
  }, [corpus, settings.streams, settings.windowLength]);

  const save = async () => {
    try {
      const saved = client.getSnapshot().charLmModel;
      if (saved) download(await client.exportCharLm(), modelFileName({ kind: 'char-lm', model: saved }));
    } catch (error) {
      client.reportError('export', errorText(error));
    }
  };

  const open = async (file: File) => {
    setFileNote(null);
    try {
      const kind = await modelFileKind(file);
      // A file naming no kind (not a model file) goes on to the reader, which says what is wrong with it.
      if (kind !== null && kind !== 'char-lm') {
        client.reportError('import', otherKindText(file.name, kind));
        return;
      }
      const { model: opened } = await client.importTextLm(await file.text(), corpusRef.current?.text ?? null, textLmTrainConfig(settingsRef.current), tbpttOf(settingsRef.current));
      const cell = TEXT_CELLS.find((name) => name === opened.cell) ?? settingsRef.current.cell;
      setSettings((previous) => ({ ...previous, cell, hiddenSize: opened.hiddenSize, numLayers: opened.numLayers }));
      setFileNote(corpusRef.current && corpusRef.current.alphabet === opened.alphabet ? `Opened ${file.name}; it trains on your text.` : `Opened ${file.name}: it writes and can be read; its alphabet (${[...opened.alphabet].length} symbols) is not your text's, so it does not train on it.`);
    } catch (error) {
      client.reportError('import', `${file.name} could not be opened: ${errorText(error)}`);
    }
  };

  const openRef = useRef(open);
  openRef.current = open;
  useEffect(() => {
    modelDrop.current = (file) => openRef.current(file);
    return () => {
      modelDrop.current = null;
    };
  }, [modelDrop]);

  const isTraining = status === 'training';
  return (
    <div className="text-lab" data-testid="text-lab">
      {/* Mounted again once the kept text is back, so its draft shows it. */}
      <TextSource key={isRestoring ? 'restoring' : 'ready'} corpus={corpus} onAccept={setCorpus} isDisabled={isRestoring} />
      <div className="train-layout lab-layout">
        <section className="card train-controls" aria-labelledby="text-train-heading">
          <h2 id="text-train-heading">Model and training</h2>
          <fieldset className="form-grid" disabled={isTraining || isRestoring}>
            <legend className="visually-hidden">Model settings</legend>
            <label>
              Cell
              <select value={settings.cell} onChange={(event) => setSettings((previous) => ({ ...previous, cell: TEXT_CELLS.find((name) => name === event.target.value) ?? previous.cell }))} data-testid="text-cell">
                {TEXT_CELLS.map((name: TextCell) => (
                  <option key={name} value={name}>
                    {name.toUpperCase()}
                  </option>
                ))}
              </select>
            </label>
            <NumberField label="Hidden size" value={settings.hiddenSize} {...TEXT_SETTING_LIMITS.hiddenSize} onChange={(hiddenSize) => setSettings((previous) => ({ ...previous, hiddenSize }))} onProblemChange={actions.reportSettingProblem} testId="text-hidden" />
            <NumberField label="Window K (characters per step)" value={settings.windowLength} {...TEXT_SETTING_LIMITS.windowLength} onChange={(windowLength) => update({ windowLength })} onProblemChange={actions.reportSettingProblem} testId="text-window" />
            <NumberField label="Streams B (batch)" value={settings.streams} {...TEXT_SETTING_LIMITS.streams} onChange={(streams) => update({ streams })} onProblemChange={actions.reportSettingProblem} testId="text-streams" />
            <NumberField label="Learning rate (Adam)" value={settings.learningRate} {...TEXT_SETTING_LIMITS.learningRate} step="any" onChange={(learningRate) => update({ learningRate })} onProblemChange={actions.reportSettingProblem} testId="text-lr" />
            <NumberField label="Epochs" value={settings.epochs} {...TEXT_SETTING_LIMITS.epochs} onChange={(epochs) => update({ epochs })} onProblemChange={actions.reportSettingProblem} testId="text-epochs" />
          </fieldset>
          <div className="transport" role="group" aria-label="Training controls">
            {isTraining ? (
              <button type="button" className="primary" onClick={actions.pause} data-testid="text-pause">
                ❚❚ Pause
              </button>
            ) : (
              <button type="button" className="primary" onClick={() => void actions.play()} disabled={isRestoring || (!corpus && !isTextModel) || settingsBlocked !== null} aria-describedby={settingsBlocked ? 'text-settings-blocked' : undefined} data-testid="text-play">
                ▶ Play
              </button>
            )}
            <button type="button" onClick={() => void actions.stepOnce()} disabled={isRestoring || isTraining || (!corpus && !isTextModel) || settingsBlocked !== null} aria-describedby={settingsBlocked ? 'text-settings-blocked' : undefined} data-testid="text-step">
              Step ⟶
            </button>
            <button type="button" onClick={() => void build()} disabled={isRestoring || isTraining || !corpus || settingsBlocked !== null} aria-describedby={settingsBlocked ? 'text-settings-blocked' : undefined} data-testid="text-build">
              New weights
            </button>
            <span className={`status-pill status-${isTextModel ? status : 'empty'}`} data-testid="text-status">
              {isTextModel ? status : 'no model'}
            </span>
          </div>
          <BlockedReason id="text-settings-blocked" reason={settingsBlocked} />
          <p className="muted" data-testid="text-progress">
            {isTextModel ? textProgressLine({ step, totalSteps, epoch, stepsPerEpoch, epochs: settings.epochs }) : 'Play builds the model from these settings (cell and hidden size need New weights once built).'}
          </p>
          {isTextModel && statusMessage && <p role="status">{statusMessage}</p>}
          {/* A rate far too high keeps the loss finite but far above chance here too (an RNN at Adam 1: 8–17 nats per character). */}
          {isTextModel && status !== 'diverged' && (
            <HighLossNote classCount={lmOutputCount([...(model?.alphabet ?? '')].length)} optimizer={textLmTrainConfig(settings).optimizer} learningRate={settings.learningRate} place={TEXT_LAB_PLACE} />
          )}
          {test && (
            <p className="test-result" role="status" data-testid="text-test-result">
              Held-out test: {test.nllPerChar.toFixed(3)} nats per character (perplexity {test.perplexity.toFixed(2)}, {test.bitsPerChar.toFixed(2)} bits per character) over {test.characters.toLocaleString('en')} characters.
            </p>
          )}
          <div className="transport">
            <button type="button" onClick={() => void save()} disabled={!isTextModel} data-testid="text-save">
              Save model
            </button>
            <label className="button-like">
              Open model…
              <input type="file" accept=".json,application/json" className="visually-hidden" data-testid="text-open" onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (file) void open(file);
              }} />
            </label>
          </div>
          {fileNote && <p role="status">{fileNote}</p>}
          <ErrorNote where="model" />
          <ErrorNote where="build" />
          <ErrorNote where="train" />
          <ErrorNote where="import" />
          <ErrorNote where="export" />
        </section>
        {isTextModel && <GeneratorCharts alphabetSize={[...(model?.alphabet ?? '')].length} kind="text" />}
      </div>
      {layout && (
        <section className="card" aria-labelledby="tbptt-heading">
          <h2 id="tbptt-heading">Where the gradient stops: truncated backpropagation through time</h2>
          <TbpttPicture layout={layout} />
        </section>
      )}
      <section className="card" aria-labelledby="text-sample-heading" data-testid="text-sample">
        <h2 id="text-sample-heading">The model writes{sample?.epoch !== null && sample?.epoch !== undefined ? ` (after epoch ${sample.epoch + 1})` : ''}</h2>
        <label>
          Temperature {temperature.toFixed(2)}
          <input type="range" min={0} max={2} step={0.05} value={temperature} onChange={(event) => setTemperature(Number(event.target.value))} data-testid="text-temperature" />
        </label>
        <button type="button" onClick={() => void write(null)} disabled={!isTextModel} data-testid="text-write">
          Write {SAMPLE_LENGTH} characters
        </button>
        <ErrorNote where="predict" />
        {sample ? <pre className="text-sample" data-testid="text-sample-output">{sample.text}</pre> : <p className="muted">After every epoch the model writes {SAMPLE_LENGTH} characters from the start (same seed each time), at the temperature above.</p>}
      </section>
      {isTextModel && corpus && <UnitView key={corpus.text.slice(0, 64)} defaultText={[...corpus.text].slice(0, UNITS_TEXT_LENGTH).join('')} />}
      {isTextModel && !corpus && <UnitView defaultText="" />}
    </div>
  );
}
