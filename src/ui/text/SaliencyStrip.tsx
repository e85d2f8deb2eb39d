/**
 * The saliency of one prediction, drawn as a strip above the text: for each earlier input character, a bar as
 * tall as ‖∂ log p(predicted character) / ∂ its one-hot input‖ (the gradient norm), scaled to the largest in view.
 * Only the last MAX_SHOWN inputs are drawn (the gradient of a far-away input is usually tiny: vanishing).
 */
import { OKABE_ITO } from '../../charts/chartTheme';
import type { TextSaliency } from '../../model/types';

const MAX_SHOWN = 60;
const CELL = 14;
const BAR_HEIGHT = 48;

export function SaliencyStrip({ saliency, characters }: { saliency: TextSaliency; characters: readonly string[] }) {
  const start = Math.max(0, saliency.position - MAX_SHOWN);
  const norms = Array.from(saliency.norms.subarray(start));
  const largest = Math.max(1e-12, ...norms);
  const width = (norms.length + 1) * CELL + 8;
  return (
    <figure className="saliency-strip" data-testid="saliency-strip">
      <svg viewBox={`0 0 ${width} ${BAR_HEIGHT + 22}`} width={Math.min(width, 900)} role="img" aria-labelledby="saliency-title">
        <title id="saliency-title">{`Gradient norm of log p("${saliency.target}") with respect to each of the ${norms.length} characters before it; the largest is ${largest.toPrecision(3)}.`}</title>
        {norms.map((norm, offset) => {
          const height = Math.max(1, (norm / largest) * BAR_HEIGHT);
          return (
            <g key={offset} transform={`translate(${offset * CELL + 4}, 0)`}>
              <rect x={1} y={BAR_HEIGHT - height} width={CELL - 2} height={height} fill={OKABE_ITO[4]} data-testid="saliency-bar" data-norm={norm} />
              <text x={CELL / 2} y={BAR_HEIGHT + 15} textAnchor="middle" fontSize="12" fill="currentColor" fontFamily="var(--mono)">
                {characters[start + offset] === '\n' ? '↵' : characters[start + offset]}
              </text>
            </g>
          );
        })}
        <g transform={`translate(${norms.length * CELL + 4}, 0)`}>
          <rect x={1} y={0} width={CELL - 2} height={BAR_HEIGHT} fill="none" stroke="currentColor" strokeDasharray="3 2" />
          <text x={CELL / 2} y={BAR_HEIGHT + 15} textAnchor="middle" fontSize="12" fontWeight="bold" fill="currentColor" fontFamily="var(--mono)">
            {saliency.target === '\n' ? '↵' : saliency.target}
          </text>
        </g>
      </svg>
      <figcaption className="muted">
        {`Predicting "${saliency.target === '\n' ? '\\n' : saliency.target}" (character #${saliency.position}, p = ${Math.exp(saliency.logProb).toFixed(3)}): bar height = ‖∂ log p / ∂ input‖ for each earlier character${start > 0 ? ` (the last ${MAX_SHOWN} shown)` : ''}.`}
      </figcaption>
    </figure>
  );
}
