/**
 * The chosen cell's equations as HTML with sub/superscripts (no KaTeX), in PyTorch's notation and
 * gate order; and the same equations with one timestep's actual numbers for a few units.
 */
import type { ReactNode } from 'react';
import type { CellType, LayerTrace } from '../../model/types';
import { formatNumber } from '../lib/format';

/** A symbol with an optional subscript and superscript, e.g. h<sub>t−1</sub>. */
export function S({ children, sub, sup }: { children: ReactNode; sub?: ReactNode; sup?: ReactNode }) {
  return (
    <span className="sym">
      <var>{children}</var>
      {sub !== undefined && <sub>{sub}</sub>}
      {sup !== undefined && <sup>{sup}</sup>}
    </span>
  );
}

const sigma = <span className="fn">σ</span>;
const tanh = <span className="fn">tanh</span>;
const odot = <span className="op"> ⊙ </span>;

/** W_i? x_t + b_i? + W_h? h_{t−1} + b_h? for gate letter `g`. */
function affine(gate: string) {
  return (
    <>
      <S sub={`i${gate}`}>W</S> <S sub="t">x</S> + <S sub={`i${gate}`}>b</S> + <S sub={`h${gate}`}>W</S> <S sub="t−1">h</S> +{' '}
      <S sub={`h${gate}`}>b</S>
    </>
  );
}

export interface EquationLine {
  id: string;
  lhs: ReactNode;
  rhs: ReactNode;
  note?: string;
}

export function cellEquationLines(cell: CellType): EquationLine[] {
  switch (cell) {
    case 'lstm':
      return [
        { id: 'i', lhs: <S sub="t">i</S>, rhs: <>{sigma}({affine('i')})</>, note: 'input gate: how much new content to write' },
        { id: 'f', lhs: <S sub="t">f</S>, rhs: <>{sigma}({affine('f')})</>, note: 'forget gate: how much of the old cell to keep' },
        { id: 'g', lhs: <S sub="t">g</S>, rhs: <>{tanh}({affine('g')})</>, note: 'candidate content' },
        { id: 'o', lhs: <S sub="t">o</S>, rhs: <>{sigma}({affine('o')})</>, note: 'output gate: how much of the cell to show' },
        { id: 'c', lhs: <S sub="t">c</S>, rhs: <><S sub="t">f</S>{odot}<S sub="t−1">c</S> + <S sub="t">i</S>{odot}<S sub="t">g</S></>, note: 'the cell state: an additive path through time' },
        { id: 'h', lhs: <S sub="t">h</S>, rhs: <><S sub="t">o</S>{odot}{tanh}(<S sub="t">c</S>)</> },
      ];
    case 'gru':
      return [
        { id: 'r', lhs: <S sub="t">r</S>, rhs: <>{sigma}({affine('r')})</>, note: 'reset gate' },
        { id: 'z', lhs: <S sub="t">z</S>, rhs: <>{sigma}({affine('z')})</>, note: 'update gate: how much of the old state to keep' },
        {
          id: 'n',
          lhs: <S sub="t">n</S>,
          rhs: (
            <>
              {tanh}(<S sub="in">W</S> <S sub="t">x</S> + <S sub="in">b</S> + <S sub="t">r</S>{odot}(<S sub="hn">W</S> <S sub="t−1">h</S> + <S sub="hn">b</S>))
            </>
          ),
          note: 'candidate state',
        },
        { id: 'h', lhs: <S sub="t">h</S>, rhs: <>(1 − <S sub="t">z</S>){odot}<S sub="t">n</S> + <S sub="t">z</S>{odot}<S sub="t−1">h</S></> },
      ];
    case 'rnn':
      return [
        {
          id: 'h',
          lhs: <S sub="t">h</S>,
          rhs: <>{tanh}(<S sub="ih">W</S> <S sub="t">x</S> + <S sub="ih">b</S> + <S sub="hh">W</S> <S sub="t−1">h</S> + <S sub="hh">b</S>)</>,
        },
      ];
    case 'tutorial':
      return [
        {
          id: 'h',
          lhs: <S sub="t">h</S>,
          rhs: <><S sub="i2h">W</S> [<S sub="t">x</S>; <S sub="t−1">h</S>] + <S sub="i2h">b</S></>,
          note: 'no non-linearity: nothing stops the state from growing, which is why this cell can diverge',
        },
        {
          id: 'y',
          lhs: <S sub="t">ŷ</S>,
          rhs: <>log_softmax(<S sub="i2o">W</S> [<S sub="t">x</S>; <S sub="t−1">h</S>] + <S sub="i2o">b</S>)</>,
          note: 'the output of the last step is the prediction',
        },
      ];
    default: {
      const unknown: never = cell;
      throw new Error(`Unknown cell ${String(unknown)}`);
    }
  }
}

/** Equation lines as rows: left side, "=", right side, and the note after a dash. */
export function EquationRows({ lines }: { lines: readonly EquationLine[] }) {
  return (
    <>
      {lines.map((line) => (
        <div key={line.id} className="equation">
          <span className="lhs">{line.lhs}</span>
          <span className="eq"> = </span>
          <span className="rhs">{line.rhs}</span>
          {line.note && <span className="equation-note muted"> — {line.note}</span>}
        </div>
      ))}
    </>
  );
}

export function CellEquations({ cell, showHead = true }: { cell: CellType; showHead?: boolean }) {
  const lines = cellEquationLines(cell);
  return (
    <div className="equations" data-testid="cell-equations">
      <EquationRows lines={lines} />
      {showHead && cell !== 'tutorial' && (
        <div className="equation">
          <span className="lhs">
            <S>ŷ</S>
          </span>
          <span className="eq"> = </span>
          <span className="rhs">
            log_softmax(<S sub="head">W</S> <S sub="T">h</S> + <S sub="head">b</S>)
          </span>
          <span className="equation-note muted"> — the classifier reads the last hidden state</span>
        </div>
      )}
    </div>
  );
}

// ------------------------------------------------------------------ with numbers

function at(matrix: { cols: number; data: Float32Array } | undefined, row: number, col: number): number | null {
  if (!matrix || row < 0 || row * matrix.cols + col >= matrix.data.length) return null;
  return matrix.data[row * matrix.cols + col];
}

/** A value on its own, with a real minus sign. */
const n = (value: number | null) => (value === null ? '0' : formatNumber(value, 3).replace('-', '−'));
/** A value inside a product or sum: negatives in parentheses, so "0.5 × (−0.3)" never reads as a subtraction. */
const p = (value: number | null) => (value !== null && value < 0 ? `(${n(value)})` : n(value));

/** Units worth showing at step t: the largest |h_t|. */
export function topUnits(layer: LayerTrace, step: number, count: number): number[] {
  const hiddenSize = layer.hidden.cols;
  const units = Array.from({ length: hiddenSize }, (_, unit) => unit);
  units.sort((a, b) => Math.abs(at(layer.hidden, step, b) ?? 0) - Math.abs(at(layer.hidden, step, a) ?? 0));
  return units.slice(0, count);
}

interface StepEquationsProps {
  cell: CellType;
  layer: LayerTrace;
  /** Timestep index into the trace's matrices (position in the text). */
  step: number;
  token: string;
  units: readonly number[];
}

/** One row per unit: the cell's update at step t with the numbers the network actually computed. */
export function StepEquations({ cell, layer, step, token, units }: StepEquationsProps) {
  // The reverse direction reads the text backwards: its "previous" step is the next position.
  const previous = layer.direction === 'forward' ? step - 1 : step + 1;
  const hasPrevious = previous >= 0 && previous < layer.hidden.rows;
  const hPrev = (unit: number) => (hasPrevious ? at(layer.hidden, previous, unit) : 0);
  const cPrev = (unit: number) => (hasPrevious ? at(layer.cell, previous, unit) : 0);
  const gate = (name: string, unit: number) => at(layer.gates[name], step, unit);
  return (
    <div className="step-equations" data-testid="step-equations">
      <p>
        Step t = {step + 1} ({layer.direction}), input “{token}”
        {hasPrevious ? '' : ' — the first step, so the previous state is 0'}.
      </p>
      <table className="data-table numbers">
        <thead>
          <tr>
            <th scope="col">unit</th>
            <th scope="col">update with this step's numbers</th>
          </tr>
        </thead>
        <tbody>
          {units.map((unit) => (
            <tr key={unit}>
              <th scope="row">{unit}</th>
              <td>{describeUnit(cell, layer, step, unit, hPrev(unit), cPrev(unit), gate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function describeUnit(
  cell: CellType,
  layer: LayerTrace,
  step: number,
  unit: number,
  hPrev: number | null,
  cPrev: number | null,
  gate: (name: string, unit: number) => number | null,
): ReactNode {
  const h = at(layer.hidden, step, unit);
  if (cell === 'lstm') {
    const [i, f, g, o] = ['i', 'f', 'g', 'o'].map((name) => gate(name, unit));
    const c = at(layer.cell, step, unit);
    return (
      <div className="unit-equations">
        <div>
          <S sub="t">i</S> = {n(i)}, <S sub="t">f</S> = {n(f)}, <S sub="t">g</S> = {n(g)}, <S sub="t">o</S> = {n(o)}
        </div>
        <div>
          <S sub="t">c</S> = {p(f)} × {p(cPrev)} + {p(i)} × {p(g)} = <strong>{n(c)}</strong>
        </div>
        <div>
          <S sub="t">h</S> = {p(o)} × tanh({n(c)}) = <strong>{n(h)}</strong>
        </div>
      </div>
    );
  }
  if (cell === 'gru') {
    const [r, z, candidate] = ['r', 'z', 'n'].map((name) => gate(name, unit));
    const recurrent = at(layer.recurrentNew, step, unit);
    return (
      <div className="unit-equations">
        <div>
          <S sub="t">r</S> = {n(r)}, <S sub="t">z</S> = {n(z)}
          {recurrent !== null && (
            <>
              , <S sub="hn">W</S><S sub="t−1">h</S> + <S sub="hn">b</S> = {n(recurrent)} → <S sub="t">r</S> ⊙ (…) = {n((r ?? 0) * recurrent)}
            </>
          )}
        </div>
        <div>
          <S sub="t">n</S> = tanh(<S sub="in">W</S><S sub="t">x</S> + <S sub="in">b</S> + {p((r ?? 0) * (recurrent ?? 0))}) = {n(candidate)}
        </div>
        <div>
          <S sub="t">h</S> = (1 − {n(z)}) × {p(candidate)} + {p(z)} × {p(hPrev)} = <strong>{n(h)}</strong>
        </div>
      </div>
    );
  }
  if (cell === 'rnn') {
    const preactivation = h !== null && Math.abs(h) < 1 ? Math.atanh(h) : null;
    return (
      <div className="unit-equations">
        <S sub="t">h</S> = tanh({preactivation === null ? '…' : n(preactivation)}) = <strong>{n(h)}</strong>
        <span className="muted"> (previous {n(hPrev)})</span>
      </div>
    );
  }
  return (
    <div className="unit-equations">
      <S sub="t">h</S> = <S sub="i2h">W</S>[<S sub="t">x</S>; <S sub="t−1">h</S>] + <S sub="i2h">b</S> = <strong>{n(h)}</strong>
      <span className="muted"> (previous {n(hPrev)}; no squashing)</span>
    </div>
  );
}
