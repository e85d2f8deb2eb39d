/**
 * The Train step for the Generate names task: the same transport as the classifier (Play, Step, Reset),
 * the curves per character, and after every epoch a few names per language drawn with a fixed seed, so
 * from one epoch to the next only the weights change what is written.
 */
import { useEffect, useState } from 'react';
import { NAME_ALPHABET } from '../../data/names';
import type { LmMetrics, GeneratedText } from '../../model/types';
import type { TrainerClient } from '../../worker/client';
import { ErrorNote } from '../components/ErrorNote';
import { useClient, useClientState } from '../hooks/clientContext';
import { useStatusText } from '../hooks/useStatusText';
import type { TrainingActions } from '../hooks/useTrainingActions';
import { GeneratorCharts } from './GeneratorCharts';
import type { GeneratorController } from './useGenerator';

interface Evaluations {
  epoch: number | null;
  samples: GeneratedText[];
  test: LmMetrics | null;
}

/** The latest epoch's samples and the test figures at the end of the run. */
function readEvaluations(client: TrainerClient): Evaluations {
  const history = client.getLmHistory();
  const lastVal = history.filter((message) => message.metrics.split === 'val').at(-1);
  const test = history.filter((message) => message.metrics.split === 'test').at(-1);
  return { epoch: lastVal ? lastVal.epoch : null, samples: lastVal?.samples ?? [], test: test?.metrics ?? null };
}

/** Evaluations arrive once an epoch: low-rate, so React state is the right home. */
function useEvaluations(): Evaluations {
  const client = useClient();
  const [state, setState] = useState(() => readEvaluations(client));
  useEffect(() => {
    const refresh = () => setState(readEvaluations(client));
    refresh();
    const stops = [client.onLmMetrics(refresh), client.onHistoryReset(refresh)];
    return () => stops.forEach((stop) => stop());
  }, [client]);
  return state;
}

function groupByCondition(samples: readonly GeneratedText[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const sample of samples) {
    const key = sample.condition ?? '(any)';
    groups.set(key, [...(groups.get(key) ?? []), sample.text === '' ? '(empty)' : sample.text]);
  }
  return [...groups];
}

export function GeneratorTrainView({ generator, actions }: { generator: GeneratorController; actions: TrainingActions }) {
  const status = useClientState((snapshot) => snapshot.status);
  const step = useClientState((snapshot) => snapshot.step);
  const totalSteps = useClientState((snapshot) => snapshot.totalSteps);
  const epoch = useClientState((snapshot) => snapshot.epoch);
  const statusMessage = useStatusText('Reset');
  const model = useClientState((snapshot) => snapshot.charLmModel);
  const { epoch: sampledEpoch, samples, test } = useEvaluations();
  const isTraining = status === 'training';
  // Before a model is built, the tutorial's alphabet it will have.
  const alphabetSize = [...(model?.alphabet ?? NAME_ALPHABET)].length;

  return (
    <div className="train-layout">
      <section className="card train-controls" aria-labelledby="generator-train-heading">
        <h2 id="generator-train-heading">Training the names generator</h2>
        <div className="transport" role="group" aria-label="Training controls">
          {isTraining ? (
            <button type="button" className="primary" onClick={actions.pause} data-testid="pause" aria-keyshortcuts="Space">
              ❚❚ Pause
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => void actions.play()} data-testid="play" aria-keyshortcuts="Space">
              ▶ Play
            </button>
          )}
          <button type="button" onClick={() => void actions.stepOnce()} disabled={isTraining} data-testid="step" aria-keyshortcuts="ArrowRight">
            Step ⟶
          </button>
          <button type="button" onClick={actions.reset} disabled={!model} data-testid="reset" aria-keyshortcuts="R">
            ↺ Reset
          </button>
          <span className={`status-pill status-${status}`} data-testid="run-status">
            {status}
          </span>
        </div>
        <p className="muted" data-testid="generator-progress">
          {model ? `Step ${step} of ${totalSteps} · epoch ${Math.min(epoch + 1, generator.settings.epochs)} of ${generator.settings.epochs}` : 'Play builds the generator from the Model step settings.'}
        </p>
        <p className="muted">Teacher forcing: while training, the true previous letter is fed at every step, whatever the model guessed.</p>
        {statusMessage && <p role="status">{statusMessage}</p>}
        {test && (
          <p className="test-result" role="status" data-testid="generator-test-result">
            Test: {test.nllPerChar.toFixed(3)} nats per character (perplexity {test.perplexity.toFixed(2)}, {test.bitsPerChar.toFixed(2)} bits per character) over {test.count} names.
          </p>
        )}
        <ErrorNote where="train" />
        <ErrorNote where="model" />
      </section>
      <GeneratorCharts alphabetSize={alphabetSize} kind="names" />
      <section className="card" aria-labelledby="epoch-samples-heading" data-testid="epoch-samples">
        <h2 id="epoch-samples-heading">Samples after {sampledEpoch === null ? 'each epoch' : `epoch ${sampledEpoch + 1}`}</h2>
        {samples.length === 0 ? (
          <p className="muted">Names written by the model appear here at the end of every epoch (temperature 0.8, same seed each time).</p>
        ) : (
          <dl className="sample-list">
            {groupByCondition(samples).map(([condition, names]) => (
              <div key={condition}>
                <dt>{condition}</dt>
                <dd>{names.join(', ')}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
    </div>
  );
}
