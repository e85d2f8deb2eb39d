/**
 * Where the gradient stops in truncated BPTT: the training text's B streams as rows, cut into windows of K
 * characters; the hidden state is handed from each window to the next (solid arrows), and the backward pass
 * stops at every window's left edge (the dashed cut). React renders, nothing is measured here: the numbers
 * come from data/textStreams.ts's streamLayout, the cut the engine uses.
 */
import type { StreamLayout } from '../../data/textStreams';

const SHOWN_STREAMS = 3;
const SHOWN_WINDOWS = 4;
/** The legend's two rows, one under the other: one beside the other they ran past a grid of one to three windows. */
const LEGEND_ROW_HEIGHT = 18;
/** Wide enough for the longer legend row at 11 units (about 30 characters), however few windows are drawn. */
const LEGEND_WIDTH = 250;
/**
 * The drawing's size in rem per drawing unit: the picture is as wide as its units say, not as wide as the card, so
 * its labels keep one size whatever the number of windows (drawn at the card's width, a text of one window drew a
 * 250-unit picture 44rem wide: "K = 64" at 28 px beside 16 px type, the legend as large as a heading). At this
 * scale four windows (558 units) are 44rem wide as before, and an 11-unit label is 0.87rem (14 px at the desk,
 * 22 px in presenter type at 1920).
 */
const REM_PER_UNIT = 44 / 558;

export function TbpttPicture({ layout }: { layout: StreamLayout }) {
  const rows = Math.min(SHOWN_STREAMS, layout.streams);
  const columns = Math.min(SHOWN_WINDOWS, layout.windows);
  const cellWidth = 110;
  const rowHeight = 34;
  const left = 78;
  const top = 22;
  const width = Math.max(left + columns * cellWidth + 40, LEGEND_WIDTH);
  const legendTop = top + rows * rowHeight + 14;
  const height = legendTop + 2 * LEGEND_ROW_HEIGHT;
  return (
    <figure className="tbptt-picture" data-testid="tbptt-picture">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: `${(width * REM_PER_UNIT).toFixed(2)}rem` }} role="img" aria-labelledby="tbptt-title tbptt-desc">
        <title id="tbptt-title">Truncated BPTT: streams, windows, carried state and the cut</title>
        <desc id="tbptt-desc">
          {`${layout.streams} streams of ${layout.streamLength} characters, read ${layout.windowLength} characters at a time in ${layout.windows} windows per epoch. The state is carried from each window to the next; the gradient stops at each window's left edge.`}
        </desc>
        <defs>
          <marker id="tbptt-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="currentColor" />
          </marker>
        </defs>
        {Array.from({ length: columns }, (_, w) => (
          <text key={`w${w}`} x={left + w * cellWidth + cellWidth / 2 - 8} y={14} textAnchor="middle" fontSize="11" fill="currentColor">
            {w === columns - 1 && layout.windows > columns ? `… window ${layout.windows}` : `window ${w + 1} (step)`}
          </text>
        ))}
        {Array.from({ length: rows }, (_, b) => {
          const y = top + b * rowHeight;
          return (
            <g key={`s${b}`}>
              <text x={4} y={y + 17} fontSize="11" fill="currentColor">
                {b === rows - 1 && layout.streams > rows ? `stream ${layout.streams}` : `stream ${b + 1}`}
              </text>
              {Array.from({ length: columns }, (_, w) => {
                const x = left + w * cellWidth;
                return (
                  <g key={`c${w}`}>
                    <rect x={x} y={y} width={cellWidth - 22} height={rowHeight - 10} rx={4} className="tbptt-window" />
                    <text x={x + (cellWidth - 22) / 2} y={y + 16} textAnchor="middle" fontSize="10" fill="currentColor">
                      {`K = ${layout.windowLength}`}
                    </text>
                    {/* The gradient cut at this window's left edge. */}
                    <line x1={x - 3} x2={x - 3} y1={y - 3} y2={y + rowHeight - 7} className="tbptt-cut" />
                    {w + 1 < columns && <line x1={x + cellWidth - 22} x2={x + cellWidth - 4} y1={y + 12} y2={y + 12} stroke="currentColor" markerEnd="url(#tbptt-arrow)" />}
                  </g>
                );
              })}
            </g>
          );
        })}
        <g transform={`translate(4, ${legendTop})`} fontSize="11" fill="currentColor" data-testid="tbptt-legend">
          <line x1={0} x2={18} y1={-4} y2={-4} stroke="currentColor" markerEnd="url(#tbptt-arrow)" />
          <text x={24} y={0}>
            state h (and c) carried forward
          </text>
          <line x1={9} x2={9} y1={LEGEND_ROW_HEIGHT - 12} y2={LEGEND_ROW_HEIGHT + 4} className="tbptt-cut" />
          <text x={24} y={LEGEND_ROW_HEIGHT}>
            gradient stops here (detached)
          </text>
        </g>
      </svg>
      <figcaption className="muted">
        {`The training text is cut into ${layout.streams} streams of ${layout.streamLength} characters (B = ${layout.streams}), read together ${layout.windowLength} characters at a time: ${layout.windows} ${layout.windows === 1 ? 'step' : 'steps'} per epoch${layout.dropped > 0 ? `, ${layout.dropped} characters at the end left out` : ''}. Each window starts from the state the last one ended with, but backpropagation reaches back at most K = ${layout.windowLength} characters.`}
      </figcaption>
    </figure>
  );
}
