/**
 * Step 4, Train: optimizer settings, Play / Pause / Step / Reset (also Space, →, R), the progress bar,
 * and the live charts (loss, accuracy, gradient norm, confusion matrix).
 */
import { useMemo } from 'react';
import { BlockedReason } from '../components/BlockedReason';
import { ErrorNote } from '../components/ErrorNote';
import { HighLossNote } from '../components/HighLossNote';
import { NumberField } from '../components/NumberField';
import { RunsPanel } from '../components/RunsPanel';
import { ConfusionMatrixView } from '../components/charts/ConfusionMatrixView';
import { LiveTrainingCharts } from '../components/charts/LiveTrainingCharts';
import { useClientState } from '../hooks/clientContext';
import { useStatusText } from '../hooks/useStatusText';
import type { TrainingActions } from '../hooks/useTrainingActions';
import { BACKEND_WORDS } from '../lib/backendWords';
import { datasetStats } from '../lib/datasetStats';
import { exampleNoun as nounOf } from '../lib/exampleNoun';
import { blockedReason } from '../lib/fieldProblems';
import { formatInteger, formatPercent } from '../lib/format';
import { progressRates } from '../lib/progressRates';
import { runSummary, summaryEpochs } from '../lib/runSummary';
import { LIMITS } from '../state/appConfig';
import type { AppController } from '../state/useAppController';
import { SAMPLING_MODES } from '../../data/types';
import type { SamplingMode } from '../../data/types';
import { OPTIMIZER_NAMES } from '../../model/types';
import type { OptimizerName } from '../../model/types';

const OPTIMIZER_TITLES: Record<OptimizerName, string> = { sgd: 'SGD', adam: 'Adam', 'adam-sparse': 'Adam, sparse embedding (SparseAdam)', rmsprop: 'RMSprop' };
const SAMPLING_TITLES: Record<SamplingMode, string> = { natural: 'natural (as the data is)', balanced: 'class-balanced' };

export function TrainStep({ controller, actions }: { controller: AppController; actions: TrainingActions }) {
  const { config, updateConfig, dataset, isPresenter } = controller;
  const status = useClientState((snapshot) => snapshot.status);
  const hasModel = useClientState((snapshot) => snapshot.model !== null);
  const statusMessage = useStatusText('Reset');
  const diverged = useClientState((snapshot) => snapshot.lastDiverged);
  const testMetrics = useClientState((snapshot) => snapshot.testMetrics);
  const stats = useMemo(() => (dataset ? datasetStats(dataset) : null), [dataset]);
  const isTraining = status === 'training';
  const cell = useClientState((snapshot) => snapshot.model?.cell ?? null);
  const runEpochs = useClientState((snapshot) => summaryEpochs(snapshot.status, snapshot.totalSteps, snapshot.stepsPerEpoch));
  const exampleNoun = nounOf(dataset);
  // A training setting showing an invalid value holds Play and Step back (useTrainingActions refuses them too, keys included).
  const trainBlocked = blockedReason(actions.settingProblems, 'train');
  const summary =
    testMetrics && cell
      ? runSummary({ cell, epochs: runEpochs, accuracy: testMetrics.accuracy, macroAccuracy: testMetrics.macroAccuracy, count: testMetrics.count, exampleNoun })
      : null;

  return (
    <div className="train-layout">
      <section className="card train-controls" aria-labelledby="train-heading">
        <h2 id="train-heading">Training</h2>
        <div className="transport" role="group" aria-label="Training controls">
          {isTraining ? (
            <button type="button" className="primary" onClick={actions.pause} data-testid="pause" aria-keyshortcuts="Space">
              ❚❚ Pause
            </button>
          ) : (
            <button
              type="button"
              className="primary"
              onClick={() => void actions.play()}
              disabled={!dataset || trainBlocked !== null}
              aria-describedby={trainBlocked ? 'train-blocked' : undefined}
              data-testid="play"
              aria-keyshortcuts="Space"
            >
              ▶ Play
            </button>
          )}
          <button
            type="button"
            onClick={() => void actions.stepOnce()}
            disabled={!dataset || isTraining || trainBlocked !== null}
            aria-describedby={trainBlocked ? 'train-blocked' : undefined}
            data-testid="step"
            aria-keyshortcuts="ArrowRight"
            title="Train on one batch (→)"
          >
            Step ⟶
          </button>
          <button
            type="button"
            onClick={actions.reset}
            disabled={!hasModel}
            data-testid="reset"
            aria-keyshortcuts="R"
            title="New random weights, curves start again (R); the notice above offers to undo it"
          >
            ↺ Reset
          </button>
          <span className={`status-pill status-${status}`} data-testid="run-status">
            {statusLabel(status)}
          </span>
        </div>
        <BlockedReason id="train-blocked" reason={trainBlocked} />
        {actions.isPlayPending && <PlayPendingNote hasData={dataset !== null} />}
        {!isPresenter && <p className="muted keys-hint" data-testid="keys-hint">Keys on this screen: Space play/pause · → one batch · R reset (undoable)</p>}
        {/* A finished run says one thing: its test result (the worker's own "finished" line would repeat it). */}
        {statusMessage && status !== 'diverged' && !(status === 'done' && summary) && <p role="status">{statusMessage}</p>}
        {summary && (
          <p className="test-result" role="status" data-testid="test-result">
            {summary}
          </p>
        )}
        {diverged && status === 'diverged' && (
          <div className="error-note" role="alert" data-testid="diverged-note">
            The loss became {Number.isNaN(diverged.loss) ? 'NaN (not a number)' : 'infinite'} at step {diverged.step}: the
            gradients exploded. Training paused and the weights went back to step {diverged.restoredStep}. Try gradient
            clipping (e.g. 1) or a lower learning rate, then press Play.
          </div>
        )}
        {/* A NaN has its own note above; this one is for a loss that stays finite but far too high. */}
        {status !== 'diverged' && <HighLossNote classCount={dataset?.classes.length ?? 0} optimizer={config.optimizer} learningRate={config.learningRate} />}
        <ErrorNote where="train" />
        <ErrorNote where="model" />
        <ProgressPanel />

        {!isPresenter && (
          <fieldset className="form-grid">
            <legend>Training settings</legend>
            <label>
              Optimizer
              <select
                value={config.optimizer}
                onChange={(event) => updateConfig({ optimizer: event.target.value as OptimizerName })}
                data-testid="optimizer"
              >
                {OPTIMIZER_NAMES.map((name) => (
                  <option key={name} value={name}>
                    {OPTIMIZER_TITLES[name]}
                  </option>
                ))}
              </select>
            </label>
            <NumberField
              label="Learning rate"
              value={config.learningRate}
              min={LIMITS.learningRate[0]}
              max={LIMITS.learningRate[1]}
              step="any"
              onChange={(learningRate) => updateConfig({ learningRate })}
              onProblemChange={actions.reportSettingProblem}
              testId="learning-rate"
            />
            <NumberField
              label="Batch size"
              value={config.batchSize}
              min={LIMITS.batchSize[0]}
              max={LIMITS.batchSize[1]}
              isInteger
              onChange={(batchSize) => updateConfig({ batchSize })}
              onProblemChange={actions.reportSettingProblem}
              testId="batch-size"
            />
            <NumberField
              label="Epochs"
              value={config.epochs}
              min={LIMITS.epochs[0]}
              max={LIMITS.epochs[1]}
              isInteger
              onChange={(epochs) => updateConfig({ epochs })}
              onProblemChange={actions.reportSettingProblem}
              testId="epochs"
            />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={config.clipNorm !== null}
                onChange={(event) => updateConfig({ clipNorm: event.target.checked ? 1 : null })}
                data-testid="clip-enabled"
              />
              Clip gradients
            </label>
            {config.clipNorm !== null && (
              <NumberField
                label="Max gradient norm"
                value={config.clipNorm}
                min={LIMITS.clipNorm[0]}
                max={LIMITS.clipNorm[1]}
                step="any"
                onChange={(clipNorm) => updateConfig({ clipNorm })}
                onProblemChange={actions.reportSettingProblem}
                testId="clip-norm"
              />
            )}
            <label>
              Sampling
              <select
                value={config.sampling}
                onChange={(event) => updateConfig({ sampling: event.target.value as SamplingMode })}
                data-testid="train-sampling"
              >
                {SAMPLING_MODES.map((mode) => (
                  <option key={mode} value={mode}>
                    {SAMPLING_TITLES[mode]}
                  </option>
                ))}
              </select>
            </label>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={config.bucketByLength}
                onChange={(event) => updateConfig({ bucketByLength: event.target.checked })}
              />
              Bucket by length (faster)
            </label>
          </fieldset>
        )}
        {stats && dataset && !isPresenter && (
          <p className="muted" data-testid="baseline-note">
            Baselines: always answering {dataset.classes[stats.majorityClass]} scores{' '}
            {formatPercent(stats.valMajorityShare, 0)} plain but {formatPercent(1 / dataset.classes.length, 0)} macro accuracy
            {dataset.val.length > 0 ? ' on the validation split' : ''}.
          </p>
        )}
      </section>

      <section className="card train-charts" aria-label="Live training charts">
        <LiveTrainingCharts
          majorityShare={stats?.valMajorityShare ?? null}
          majorityName={dataset && stats ? dataset.classes[stats.majorityClass] : null}
          classCount={dataset?.classes.length ?? 0}
        />
      </section>

      <section className="card confusion-card" aria-labelledby="confusion-heading">
        <h2 id="confusion-heading">Confusion matrix (validation)</h2>
        {!isPresenter && (
          <p className="muted">Rows are the true class, columns the prediction; each row sums to 100%. Click a cell to list its examples.</p>
        )}
        <ConfusionMatrixView exampleNoun={exampleNoun} dataClasses={dataset?.classes ?? null} />
      </section>

      {/* In presenter mode too: an instructor races and compares runs in front of the class, and the panel's hook is
          what keeps every finished run (hidden, a run finished in presenter mode was never kept). */}
      <RunsPanel controller={controller} />
    </div>
  );
}

function statusLabel(status: string): string {
  switch (status) {
    case 'empty':
      return 'not built';
    case 'ready':
      return 'ready';
    case 'training':
      return 'training…';
    case 'paused':
      return 'paused';
    case 'done':
      return 'done';
    case 'diverged':
      return 'diverged';
    default:
      return status;
  }
}

/** Epoch, step, steps/s, ETA: re-renders at the worker's progress rate (one message per 60 ms at most), nothing else does. */
function ProgressPanel() {
  const step = useClientState((snapshot) => snapshot.step);
  const epoch = useClientState((snapshot) => snapshot.epoch);
  const totalSteps = useClientState((snapshot) => snapshot.totalSteps);
  const stepsPerEpoch = useClientState((snapshot) => snapshot.stepsPerEpoch);
  const stepsPerSecond = useClientState((snapshot) => snapshot.stepsPerSecond);
  const etaSeconds = useClientState((snapshot) => snapshot.etaSeconds);
  const status = useClientState((snapshot) => snapshot.status);
  const rates = progressRates(status, stepsPerSecond, etaSeconds);
  const epochs = stepsPerEpoch > 0 ? Math.round(totalSteps / stepsPerEpoch) : 0;
  const fraction = totalSteps > 0 ? Math.min(1, step / totalSteps) : 0;
  return (
    <div className="progress-panel" data-testid="progress">
      <progress
        max={1}
        value={fraction}
        aria-label="Training progress"
        aria-valuetext={`${Math.round(fraction * 100)}%`}
      />
      <dl className="progress-facts">
        <div>
          <dt>Epoch</dt>
          <dd data-testid="progress-epoch">
            {Math.min(epoch + 1, Math.max(epochs, 1))} / {epochs || '—'}
          </dd>
        </div>
        <div>
          <dt>Step</dt>
          <dd data-testid="progress-step">
            {formatInteger(step)} / {totalSteps ? formatInteger(totalSteps) : '—'}
          </dd>
        </div>
        <div>
          <dt>Steps/s</dt>
          <dd data-testid="progress-speed">{rates.speed}</dd>
        </div>
        <div>
          <dt>ETA</dt>
          <dd data-testid="progress-eta">{rates.eta}</dd>
        </div>
      </dl>
    </div>
  );
}

/** Play was pressed but training has not begun: say plainly what it waits for. */
function PlayPendingNote({ hasData }: { hasData: boolean }) {
  const backend = useClientState((snapshot) => snapshot.backend);
  const starting = useClientState((snapshot) => snapshot.startingBackend);
  const waitingFor = !hasData
    ? 'Loading the data…'
    : backend === null
      ? `Starting ${starting ? BACKEND_WORDS[starting].name : 'the engine'}…`
      : 'Building the model…';
  return (
    <p role="status" data-testid="play-pending">
      {waitingFor} Training begins as soon as it is ready.
    </p>
  );
}
