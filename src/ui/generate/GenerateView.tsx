/**
 * Generate (the Inspect step of the Generate names task): pick a language, a temperature and top-k, and the
 * names are drawn again at once with the same seed, so a setting always gives the same names. Beside each
 * letter written, the five letters the model found most likely there, with their probabilities (the strip of
 * "Visualizing and Understanding Recurrent Networks"), and the network's hidden states and gates while it
 * wrote the chosen name (NameInternals). Below, teacher forcing against free running on a name the student
 * types.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { GeneratedText, SymbolCandidate } from '../../model/types';
import { useClient, useClientState } from '../hooks/clientContext';
import { visibleSymbol } from '../../charts/format';
import { errorText } from '../lib/format';
import { NameInternals } from './NameInternals';
import { compareForcing, divergenceStep } from './teacherForcing';
import { FORCING_NAME_MAX_LENGTH } from './forcingName';
import { useForcingName } from './useForcingName';
import type { ForcingStep } from './teacherForcing';

/** Top-k choices offered (null = all symbols). */
export const TOP_K_CHOICES = [null, 1, 2, 3, 5, 10] as const;
const NAMES_PER_DRAW = 5;
const MAX_LETTERS = 20;
const DEFAULT_TEMPERATURE = 0.8;

/** How a symbol is shown: the end of the name as a word, a space as a visible mark. */
export function displaySymbol(symbol: string): string {
  if (symbol === '<EOS>') return 'end';
  return visibleSymbol(symbol);
}

function formatProbability(logProb: number): string {
  return `${(Math.exp(logProb) * 100).toFixed(1)}%`;
}

function CandidateList({ chosen, top }: { chosen: string; top: readonly SymbolCandidate[] }) {
  return (
    <ol className="gen-candidates">
      {top.map((candidate) => (
        <li key={candidate.symbol} className={candidate.symbol === chosen ? 'is-chosen' : undefined} data-testid="top5-candidate" data-probability={Math.exp(candidate.logProb)}>
          <span className="gen-candidate-symbol">{displaySymbol(candidate.symbol)}</span>
          <span className="gen-candidate-track" aria-hidden="true">
            <span className="gen-candidate-bar" style={{ width: `${Math.max(2, Math.exp(candidate.logProb) * 100)}%` }} />
          </span>
          <span className="gen-candidate-probability">{formatProbability(candidate.logProb)}</span>
        </li>
      ))}
    </ol>
  );
}

function TopFiveStrip({ text }: { text: GeneratedText }) {
  return (
    <div className="gen-strip" data-testid="top5-strip" role="list" aria-label={`How "${text.text}" was written, letter by letter`}>
      {text.steps.map((step, index) => (
        <div className="gen-column" role="listitem" key={index} data-testid="top5-column">
          <div className="gen-chosen" title={`drawn: ${formatProbability(step.logProb)}`}>
            {displaySymbol(step.symbol)}
          </div>
          <CandidateList chosen={step.symbol} top={step.top} />
        </div>
      ))}
    </div>
  );
}

function ForcingTable({ steps }: { steps: ForcingStep[] }) {
  const diverged = divergenceStep(steps);
  return (
    <>
      <table className="data-table gen-forcing" data-testid="forcing-table">
        <thead>
          <tr>
            <th scope="row">step</th>
            {steps.map((step) => (
              <th scope="col" key={step.index}>
                {step.index + 1}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">true letter</th>
            {steps.map((step) => (
              <td key={step.index}>{displaySymbol(step.truth)}</td>
            ))}
          </tr>
          <tr>
            <th scope="row">teacher forced: P(true)</th>
            {steps.map((step) => (
              <td key={step.index}>{(step.truthProbability * 100).toFixed(0)}%</td>
            ))}
          </tr>
          <tr>
            <th scope="row">teacher forced: best guess</th>
            {steps.map((step) => (
              <td key={step.index} className={step.forcedBest === step.truth ? 'is-match' : 'is-miss'}>
                {displaySymbol(step.forcedBest)} {(step.forcedBestProbability * 100).toFixed(0)}%
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">free running (own guess fed)</th>
            {steps.map((step) => (
              <td key={step.index} className={step.hasDiverged ? 'is-diverged' : 'is-match'} data-testid={step.index === diverged ? 'divergence' : undefined}>
                {step.free === null ? '·' : displaySymbol(step.free)}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <p className="key-fact" data-testid="forcing-summary">
        {diverged === null
          ? 'Fed its own guesses, the model writes exactly this name.'
          : `Fed its own most likely guesses, the model leaves the name at step ${diverged + 1}; from there its inputs are its own letters, not the true ones, so the two runs see different prefixes.`}
      </p>
    </>
  );
}

export function GenerateView() {
  const client = useClient();
  const model = useClientState((snapshot) => snapshot.charLmModel);
  const weightsVersion = useClientState((snapshot) => snapshot.weightsVersion);
  const status = useClientState((snapshot) => snapshot.status);
  const conditions = model?.conditions ?? [];
  const [condition, setCondition] = useState<string>('Russian');
  const [temperature, setTemperature] = useState(DEFAULT_TEMPERATURE);
  const [topK, setTopK] = useState<number | null>(null);
  const [seed, setSeed] = useState(1);
  const [texts, setTexts] = useState<GeneratedText[]>([]);
  const [chosen, setChosen] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  // Kept beyond this view (forcingName.ts): a screen switch unmounts it, and the typed name came back as the default.
  const [forcedName, setForcedName] = useForcingName();
  const [forcing, setForcing] = useState<ForcingStep[] | null>(null);
  // Kept with the name it is about: shown only while the field still holds that name, so it goes when the name
  // is changed, cleared or blanked, even before (or without) an answer for the new one.
  const [forcingProblem, setForcingProblem] = useState<{ name: string; message: string } | null>(null);
  const forcingProblemId = useId();
  const latest = useRef(0);
  const latestForcing = useRef(0);
  const activeCondition = conditions.includes(condition) ? condition : (conditions[0] ?? null);
  // While training, redraw at most as often as an epoch ends or the user moves a control: the weights change every step.
  const weightsKey = status === 'training' ? -1 : weightsVersion;

  useEffect(() => {
    if (!model) return;
    const request = ++latest.current;
    client
      .sample(activeCondition, NAMES_PER_DRAW, { temperature, topK, maxLength: MAX_LETTERS, seed })
      .then((drawn) => {
        if (request !== latest.current) return;
        setTexts(drawn);
        setProblem(null);
      })
      .catch((error: unknown) => {
        if (request === latest.current) setProblem(errorText(error));
      });
  }, [client, model, activeCondition, temperature, topK, seed, weightsKey]);

  useEffect(() => {
    if (!model || forcedName.trim() === '') return;
    const request = ++latestForcing.current;
    void (async () => {
      try {
        const [scored] = await client.score([{ text: forcedName, condition: activeCondition }]);
        const [free] = await client.sample(activeCondition, 1, { temperature: 0, topK: null, maxLength: Math.max(MAX_LETTERS, [...forcedName].length + 1), seed: 1 });
        if (request !== latestForcing.current) return;
        setForcing(compareForcing(scored.symbols, scored.logProbs, free, model.alphabet));
        setForcingProblem(null);
      } catch (error) {
        if (request === latestForcing.current) setForcingProblem({ name: forcedName, message: errorText(error) });
      }
    })();
  }, [client, model, activeCondition, forcedName, weightsKey]);

  if (!model) {
    return (
      <section className="card">
        <h2>Generate</h2>
        <p>There is no names generator yet: build one on the Model step and train it (Train step), or open a saved names generator with Open model… in the header.</p>
      </section>
    );
  }

  const shown = texts[Math.min(chosen, texts.length - 1)];
  const isNameBlank = forcedName.trim() === '';
  const nameProblem = forcingProblem?.name === forcedName ? forcingProblem.message : null;
  return (
    <div className="step-grid generate-view">
      <section className="card" aria-labelledby="generate-heading">
        <h2 id="generate-heading">Generate names</h2>
        <div className="gen-controls">
          <label className="field">
            <span>Language</span>
            <select value={activeCondition ?? ''} onChange={(event) => setCondition(event.target.value)} data-testid="generate-condition">
              {conditions.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>
              Temperature <output data-testid="temperature-value">{temperature.toFixed(2)}</output>
            </span>
            <input type="range" min={0} max={2} step={0.05} value={temperature} onChange={(event) => setTemperature(Number(event.target.value))} data-testid="temperature" />
          </label>
          <label className="field">
            <span>Top-k</span>
            <select value={topK ?? 'all'} onChange={(event) => setTopK(event.target.value === 'all' ? null : Number(event.target.value))} data-testid="top-k">
              {TOP_K_CHOICES.map((k) => (
                <option key={k ?? 'all'} value={k ?? 'all'}>
                  {k === null ? 'all symbols' : `${k} most likely`}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Seed</span>
            <input type="number" min={0} step={1} value={seed} onChange={(event) => setSeed(Math.max(0, Math.floor(Number(event.target.value) || 0)))} data-testid="generate-seed" />
          </label>
        </div>
        <p className="muted">
          Temperature divides the log-probabilities before the softmax: below 1 the likely letters win more often, above 1 the choice flattens, at 0
          the most likely letter is always taken. The same settings and seed always draw the same names.
        </p>
        {problem && <p className="error-note" role="alert">{problem}</p>}
        <ol className="gen-names" data-testid="generated-names">
          {texts.map((text, index) => (
            <li key={index}>
              <button type="button" className={index === chosen ? 'link-button is-chosen' : 'link-button'} aria-pressed={index === chosen} onClick={() => setChosen(index)}>
                {text.text === '' ? '(empty)' : text.text}
                {!text.ended && '…'}
              </button>
            </li>
          ))}
        </ol>
      </section>
      {shown && (
        <section className="card gen-strip-card" aria-labelledby="strip-heading">
          <h2 id="strip-heading">
            “{shown.text}”, letter by letter
          </h2>
          <p className="muted">Each column: the letter drawn (top), then the five the model found most likely at that step, with their probabilities (at temperature 1).</p>
          <TopFiveStrip text={shown} />
        </section>
      )}
      {shown && (
        <section className="card wide" aria-labelledby="internals-heading">
          <h2 id="internals-heading">Inside the network while it writes “{shown.text}”</h2>
          <NameInternals model={model} text={shown.text} condition={activeCondition} weightsKey={weightsKey} />
        </section>
      )}
      <section className="card" aria-labelledby="forcing-heading">
        <h2 id="forcing-heading">Teacher forcing and free running</h2>
        <p className="muted">
          Training feeds the true previous letter at every step (teacher forcing); generating feeds the model its own previous choice. Type a name to
          see both, step by step, for {activeCondition ?? 'this model'}.
        </p>
        <label className="field">
          <span>Name</span>
          <input
            type="text"
            value={forcedName}
            maxLength={FORCING_NAME_MAX_LENGTH}
            onChange={(event) => setForcedName(event.target.value)}
            aria-invalid={nameProblem !== null}
            aria-describedby={nameProblem !== null ? forcingProblemId : undefined}
            data-testid="forcing-name"
          />
        </label>
        {nameProblem !== null && (
          <p className="error-note" role="alert" id={forcingProblemId} data-testid="forcing-problem">
            {nameProblem}
          </p>
        )}
        {forcing && nameProblem === null && !isNameBlank && <ForcingTable steps={forcing} />}
      </section>
    </div>
  );
}
