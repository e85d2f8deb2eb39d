/**
 * Interpretable units: the analysed text drawn with each character's background coloured by one hidden unit's
 * activation after reading it (diverging scale, legend), units ranked by correlation with a feature the
 * student picks or writes as a regular expression, and the saliency strip of one prediction.
 */
import { useMemo, useState } from 'react';
import { BUILTIN_FEATURES, FEATURE_LABELS, featureValues, patternValues, rankUnits, unitColumn, type BuiltinFeature, type RankedUnit } from '../../data/unitFeatures';
import type { TextActivations, TextSaliency } from '../../model/types';
import { useClient } from '../hooks/clientContext';
import { errorText } from '../lib/format';
import { SaliencyStrip } from './SaliencyStrip';
import { symmetricExtent, unitColor } from './unitColors';

const PATTERN = 'pattern';
type FeatureChoice = BuiltinFeature | typeof PATTERN;
/** Units listed by the ranking. */
const RANKED_SHOWN = 8;

function shown(character: string): string {
  if (character === '\n') return '↵';
  if (character === ' ') return '\u00a0';
  return character;
}

export function UnitView({ defaultText }: { defaultText: string }) {
  const client = useClient();
  const [text, setText] = useState(defaultText);
  const [activations, setActivations] = useState<TextActivations | null>(null);
  const [layer, setLayer] = useState(0);
  const [unit, setUnit] = useState(0);
  const [feature, setFeature] = useState<FeatureChoice>('inside-quotes');
  const [pattern, setPattern] = useState('');
  const [ranked, setRanked] = useState<RankedUnit[] | null>(null);
  const [position, setPosition] = useState<number | null>(null);
  const [saliency, setSaliency] = useState<TextSaliency | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isReading, setIsReading] = useState(false);

  const read = async () => {
    setIsReading(true);
    setError(null);
    try {
      const result = await client.textActivations(text);
      setActivations(result);
      setLayer((previous) => Math.min(previous, result.layers.length - 1));
      setUnit((previous) => Math.min(previous, result.hiddenSize - 1));
      setRanked(null);
      setSaliency(null);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setIsReading(false);
    }
  };

  const column = useMemo(() => (activations ? unitColumn(activations.layers[layer], activations.hiddenSize, unit) : null), [activations, layer, unit]);
  const extent = column ? symmetricExtent(column) : 1;

  const rank = () => {
    if (!activations) return;
    setError(null);
    try {
      const values = feature === PATTERN ? patternValues(activations.characters, pattern) : featureValues(activations.characters, feature);
      const result = rankUnits(activations.layers[layer], activations.hiddenSize, values);
      setRanked(result.slice(0, RANKED_SHOWN));
      setUnit(result[0].unit);
    } catch (caught) {
      setRanked(null);
      setError(errorText(caught));
    }
  };

  const explain = async (at: number) => {
    setPosition(at);
    setError(null);
    try {
      setSaliency(await client.textSaliency(text, at));
    } catch (caught) {
      setError(errorText(caught));
    }
  };

  return (
    <section className="card" aria-labelledby="units-heading" data-testid="text-units">
      <h2 id="units-heading">What the hidden units do</h2>
      <label className="stacked-label">
        Text to read (at most 2,000 characters)
        <textarea value={text} rows={4} onChange={(event) => setText(event.target.value)} data-testid="units-text" />
      </label>
      <button type="button" className="primary" onClick={() => void read()} disabled={isReading} data-testid="units-read">
        {isReading ? 'Reading…' : 'Read it with the model'}
      </button>
      {error && (
        <p className="error-note" role="alert" data-testid="units-error">
          {error}
        </p>
      )}
      {activations && column && (
        <>
          <div className="form-grid">
            {activations.layers.length > 1 && (
              <label>
                Layer
                <select value={layer} onChange={(event) => setLayer(Number(event.target.value))} data-testid="units-layer">
                  {activations.layers.map((_, index) => (
                    <option key={index} value={index}>
                      {index + 1}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label>
              Unit (0–{activations.hiddenSize - 1})
              <input type="number" min={0} max={activations.hiddenSize - 1} value={unit} onChange={(event) => setUnit(Math.max(0, Math.min(activations.hiddenSize - 1, Math.round(Number(event.target.value)) || 0)))} data-testid="units-unit" />
            </label>
            <label>
              Rank units by
              <select value={feature} onChange={(event) => setFeature(event.target.value === PATTERN ? PATTERN : (BUILTIN_FEATURES.find((name) => name === event.target.value) ?? 'inside-quotes'))} data-testid="units-feature">
                {BUILTIN_FEATURES.map((name) => (
                  <option key={name} value={name}>
                    {FEATURE_LABELS[name]}
                  </option>
                ))}
                <option value={PATTERN}>characters matching a regular expression…</option>
              </select>
            </label>
            {feature === PATTERN && (
              <label>
                Regular expression
                <input type="text" value={pattern} placeholder={'"[^"]*"'} onChange={(event) => setPattern(event.target.value)} data-testid="units-pattern" />
              </label>
            )}
            <div className="form-action">
              <button type="button" onClick={rank} data-testid="units-rank">
                Rank units
              </button>
            </div>
          </div>
          {ranked && (
            <ol className="ranked-units" data-testid="units-ranked" aria-label="Units most correlated with the feature">
              {ranked.map((entry) => (
                <li key={entry.unit}>
                  <button type="button" className="link-button" aria-pressed={entry.unit === unit} onClick={() => setUnit(entry.unit)}>
                    unit {entry.unit}: r = {entry.correlation.toFixed(2)}
                  </button>
                </li>
              ))}
            </ol>
          )}
          <div className="unit-legend" data-testid="units-legend" aria-label={`Colour scale of unit ${unit}: red ${(-extent).toFixed(2)}, white 0, blue ${extent.toFixed(2)}`}>
            <span>{(-extent).toFixed(2)}</span>
            <span className="unit-legend-bar" aria-hidden="true" />
            <span>+{extent.toFixed(2)}</span>
            <span className="muted">unit {unit}, layer {layer + 1}: its activation after reading each character. Click a character to see which earlier ones its prediction leaned on.</span>
          </div>
          {saliency && position !== null && <SaliencyStrip saliency={saliency} characters={activations.characters} />}
          <p className="unit-text" data-testid="units-coloured" lang="">
            {activations.characters.map((character, index) => {
              const colors = unitColor(column[index], extent);
              return (
                <span
                  key={index}
                  className={index === position ? 'unit-char is-chosen' : 'unit-char'}
                  style={{ backgroundColor: colors.background, color: colors.text }}
                  title={`"${character === '\n' ? '\\n' : character}" #${index}: ${column[index].toFixed(3)}, p = ${Math.exp(activations.logProbs[index]).toFixed(3)}`}
                  onClick={() => void explain(index)}
                  data-testid="unit-char"
                >
                  {shown(character)}
                  {character === '\n' && <br />}
                </span>
              );
            })}
          </p>
          <label className="inline-label">
            Explain the prediction of character #
            <input type="number" min={0} max={activations.characters.length - 1} value={position ?? ''} onChange={(event) => setPosition(Number(event.target.value))} data-testid="saliency-position" />
            <button type="button" onClick={() => position !== null && void explain(position)} disabled={position === null} data-testid="saliency-show">
              Show saliency
            </button>
          </label>
        </>
      )}
    </section>
  );
}
