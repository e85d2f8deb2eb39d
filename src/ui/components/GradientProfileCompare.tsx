/**
 * Compare's ‖∂L/∂h_t‖ profiles: for every compared run whose weights were kept, the gradient of the loss with
 * respect to each timestep's hidden state over one input (the Inspect text), overlaid on a log axis: an RNN's
 * profile falls by orders of magnitude from the last step back, an LSTM's stays flatter. The worker reads each
 * run's weights from IndexedDB by its id and opens the file beside the current model, one at a time (the page never
 * holds the weights); runs without weights are named.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { OKABE_ITO } from '../../charts/chartTheme';
import { formatValue, truncateLabel, visibleSymbol } from '../../charts/format';
import { LineChart, type LineChartData } from '../../charts/lineChart';
import type { Dataset } from '../../data/types';
import { tokensAsTyped } from '../../data/wordTokens';
import { useClient } from '../hooks/clientContext';
import { useChart } from '../hooks/useChart';
import { errorText } from '../lib/format';
import type { KeptRun } from '../state/runRecord';

interface Profile {
  runId: string;
  name: string;
  color: string;
  tokens: string[];
  gradNorms: Float32Array;
}

/** The class whose loss the profiles are taken for: the text's own label when the data has it, else each model's top guess. */
function labelOf(dataset: Dataset | null, text: string): number | null {
  if (!dataset) return null;
  for (const split of [dataset.train, dataset.val, dataset.test]) {
    const found = split.find((example) => example.text === text);
    if (found) return found.label;
  }
  return null;
}

export function GradientProfileCompare({ runs, text, dataset }: { runs: readonly KeptRun[]; text: string; dataset: Dataset | null }) {
  const client = useClient();
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(false);
  const withWeights = useMemo(() => runs.filter((run) => run.weightsLength !== null), [runs]);
  const withoutWeights = runs.filter((run) => run.weightsLength === null);
  const targetClass = labelOf(dataset, text);
  // The effect reads the runs through a ref and re-runs when their ids change (the array is new every render).
  const runKey = withWeights.map((run) => run.id).join('|');
  const runsRef = useRef({ withWeights, runs });
  runsRef.current = { withWeights, runs };

  useEffect(() => {
    let isCurrent = true;
    const { withWeights, runs } = runsRef.current;
    setProblem(null);
    if (withWeights.length === 0 || text.trim() === '') {
      setProfiles([]);
      setIsLoading(false);
      return;
    }
    setIsLoading(true);
    void (async () => {
      const found: Profile[] = [];
      for (const run of withWeights) {
        if (!isCurrent) return;
        const color = OKABE_ITO[runs.indexOf(run) % OKABE_ITO.length];
        try {
          // The worker reads the weights from their store by id: an SST-2 run's 31 MB text never crosses this thread.
          const result = await client.gradientProfile(run.id, text, targetClass);
          const first = result.layers.find((layer) => layer.layer === 0 && layer.direction === 'forward');
          if (first) found.push({ runId: run.id, name: run.name, color, tokens: result.tokens, gradNorms: first.gradNorms });
        } catch (error) {
          if (isCurrent) setProblem(`"${run.name}": ${errorText(error)}`);
        }
      }
      if (!isCurrent) return;
      setProfiles(found);
      setIsLoading(false);
    })();
    return () => {
      isCurrent = false;
    };
  }, [client, runKey, text, targetClass]);

  // A word model's tokens as the student typed them (curly quotes, brackets), as Inspect shows them.
  const tokens = useMemo(() => (profiles[0] ? tokensAsTyped(text, profiles[0].tokens) : []), [profiles, text]);
  const target = targetClass === null ? 'each model’s own top guess' : `“${dataset?.classes[targetClass] ?? targetClass}” (the text’s label in the data)`;
  const data = useMemo<LineChartData>(
    () => ({
      series: profiles.map((profile) => ({
        id: profile.runId,
        label: profile.name,
        color: profile.color,
        mark: 'line+points',
        points: Array.from(profile.gradNorms, (norm, step) => ({ x: step, y: norm })),
      })),
      xDomain: [-0.5, Math.max(0, tokens.length - 1) + 0.5],
      xTicks: { values: tokens.map((_, step) => step), format: (x) => truncateLabel(visibleSymbol(tokens[x] ?? String(x + 1)), 10) },
      formatXReadout: (x) => `step ${x + 1}: “${tokens[x] ?? ''}”`,
      caption:
        profiles.length === 0
          ? 'No profile yet.'
          : `‖∂L/∂hₜ‖ of the first layer (forward) over “${text}”, for the loss of ${target}. A line that falls steeply to the left is a vanishing gradient.`,
    }),
    [profiles, tokens, text, target],
  );
  const { elementRef } = useChart(
    (element) => new LineChart(element, { title: 'Gradient norm ‖∂L/∂h_t‖ per timestep, each run', xLabel: 'timestep', yLabel: '‖∂L/∂hₜ‖ (log scale)', height: 220, isLogY: true, formatY: formatValue }),
    data,
    [],
  );

  return (
    <div className="gradient-profiles" data-testid="compare-gradient-profiles">
      <h4>
        ‖∂L/∂h<sub>t</sub>‖ for the same input
      </h4>
      {/* Always in the page: the chart is built once on this element. */}
      <div ref={elementRef} data-testid="compare-gradient-chart" aria-busy={isLoading} hidden={withWeights.length === 0} />
      {/* One sentence: with no run's weights, naming each run as well said the same thing twice. */}
      {withoutWeights.length > 0 && (
        <p className="muted" data-testid="compare-no-weights">
          {withWeights.length === 0 ? 'None of these runs kept its weights, so there is nothing to trace' : `No weights kept, so no profile: ${withoutWeights.map((run) => `“${run.name}”`).join(', ')}`} (“Keep this run (with its weights)” keeps them; a raced names model keeps them by itself).
        </p>
      )}
      {problem && (
        <p className="error-note" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
