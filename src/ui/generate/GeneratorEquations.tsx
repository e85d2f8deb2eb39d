/**
 * The names generator's equations: what a step reads (the language and the previous letter), the chosen cell's
 * recurrence (the classifier's lines, components/CellEquations.tsx), the head at EVERY step, and the loss over every
 * letter and the end mark, as model/charLm.ts computes them. The tutorial's network has its own three layers.
 */
import { cellEquationLines, EquationRows, S } from '../components/CellEquations';
import type { EquationLine } from '../components/CellEquations';
import type { CellType } from '../../model/types';

interface Widths {
  conditions: number;
  previous: number;
  outputs: number;
}

export function GeneratorEquations({ cell, hiddenSize, widths }: { cell: CellType; hiddenSize: number; widths: Widths }) {
  const isTutorial = cell === 'tutorial';
  const input = (
    <div className="equation" data-equation="x">
      <span className="lhs">
        <S sub="t">x</S>
      </span>
      <span className="eq"> = </span>
      <span className="rhs">
        [onehot(language); onehot(<S sub="t−1">y</S>)]
      </span>
      <span className="equation-note muted">
        {' '}
        — {widths.conditions} + {widths.previous} = {widths.conditions + widths.previous} numbers: the language, and the previous letter (the begin mark at
        t = 1)
      </span>
    </div>
  );
  const recurrence = isTutorial ? tutorialLines() : cellEquationLines(cell);
  return (
    <div className="equations" data-testid="generator-equations">
      {input}
      <EquationRows lines={recurrence} />
      {!isTutorial && (
        <div className="equation" data-equation="head">
          <span className="lhs">
            <S sub="t">ŷ</S>
          </span>
          <span className="eq"> = </span>
          <span className="rhs">
            log_softmax(<S sub="head">W</S> <S sub="t">h</S> + <S sub="head">b</S>)
          </span>
          <span className="equation-note muted">
            {' '}
            — at every step, not only the last: log-probabilities of the {widths.outputs - 1} letters and the end mark
          </span>
        </div>
      )}
      <div className="equation" data-equation="loss">
        <span className="lhs">
          <S>L</S>
        </span>
        <span className="eq"> = </span>
        <span className="rhs">
          −(1/N) Σ<sub>t</sub> <S sub="t">ŷ</S>[<S sub="t">y</S>]
        </span>
        <span className="equation-note muted"> — NLL per character: each step is taught the name&apos;s next letter (the end mark after the last), N counts them</span>
      </div>
      <p className="muted">
        Training feeds the true previous letter <S sub="t−1">y</S> at every step (teacher forcing: many-to-many). Writing a name, the network starts from the begin mark and
        is fed the letter it drew itself, until it draws the end mark (one-to-many). h is {hiddenSize} numbers.
      </p>
    </div>
  );
}

/** PyTorch's "Generating Names" network: i2h and i2o read [x_t; h_{t−1}], o2o reads [h_t; o_t]; no non-linearity on h. */
function tutorialLines(): EquationLine[] {
  return [
    {
      id: 'h',
      lhs: <S sub="t">h</S>,
      rhs: (
        <>
          <S sub="i2h">W</S> [<S sub="t">x</S>; <S sub="t−1">h</S>] + <S sub="i2h">b</S>
        </>
      ),
      note: 'no non-linearity, as in the tutorial',
    },
    {
      id: 'o',
      lhs: <S sub="t">o</S>,
      rhs: (
        <>
          <S sub="i2o">W</S> [<S sub="t">x</S>; <S sub="t−1">h</S>] + <S sub="i2o">b</S>
        </>
      ),
    },
    {
      id: 'y',
      lhs: <S sub="t">ŷ</S>,
      rhs: (
        <>
          log_softmax(dropout(<S sub="o2o">W</S> [<S sub="t">h</S>; <S sub="t">o</S>] + <S sub="o2o">b</S>))
        </>
      ),
      note: 'at every step: the next letter or the end mark',
    },
  ];
}
