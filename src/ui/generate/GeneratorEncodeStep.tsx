/**
 * The Encode step of the Generate names task: a name and a language as the generator's training steps, the
 * PyTorch tutorial's categoryTensor, inputTensor and targetTensor side by side. Each step's input row lights two
 * columns (the language among the 18, the previous symbol among the 59 after them) and is taught the next letter;
 * a begin mark is read first, so the first letter is learnt too, from the language alone. The name is the one the
 * Model step unrolls and Inspect's teacher forcing reads (forcingName.ts).
 */
import { useId, useMemo, useState } from 'react';
import { NAME_ALPHABET } from '../../data/names';
import type { AppController } from '../state/useAppController';
import { FORCING_NAME_MAX_LENGTH } from './forcingName';
import { useForcingName } from './useForcingName';
import { generatorStepRows, unrollName } from './unrollName';

const LETTER_COUNT = [...NAME_ALPHABET].length;

export function GeneratorEncodeStep({ controller }: { controller: AppController }) {
  const classes = useMemo(() => controller.dataset?.classes ?? [], [controller.dataset]);
  const [name, setName] = useForcingName();
  const [language, setLanguage] = useState<string | null>(null);
  const nameId = useId();
  const languageId = useId();
  const droppedId = useId();
  const chosen = language !== null && classes.includes(language) ? language : classes.includes('Russian') ? 'Russian' : (classes[0] ?? '');
  const condition = classes.indexOf(chosen);
  const rows = useMemo(() => generatorStepRows(name, Math.max(0, condition), classes.length), [name, condition, classes.length]);
  const dropped = useMemo(() => unrollName(name).dropped, [name]);
  if (classes.length === 0) return <p role="status">Loading the data…</p>;
  const inputWidth = classes.length + LETTER_COUNT + 2;

  return (
    <div className="step-grid">
      <section className="card wide" aria-labelledby="generator-encode-heading">
        <h2 id="generator-encode-heading">A name as the generator&apos;s training steps</h2>
        <div className="form-grid">
          <label htmlFor={nameId}>
            <span>Type a name</span>
            <input
              id={nameId}
              type="text"
              value={name}
              maxLength={FORCING_NAME_MAX_LENGTH}
              onChange={(event) => setName(event.target.value)}
              aria-describedby={dropped.length > 0 ? droppedId : undefined}
              data-testid="generator-encode-name"
            />
          </label>
          <label htmlFor={languageId}>
            <span>Language</span>
            <select id={languageId} value={chosen} onChange={(event) => setLanguage(event.target.value)} data-testid="generator-encode-language">
              {classes.map((item) => (
                <option key={item} value={item}>
                  {item}
                </option>
              ))}
            </select>
          </label>
        </div>
        {dropped.length > 0 && (
          <p className="muted" id={droppedId} data-testid="generator-encode-dropped">
            Left out (not among the {LETTER_COUNT} letters): {dropped.join(' ')}.
          </p>
        )}
        <p>
          <strong>{rows.length}</strong> steps: the begin mark and {rows.length - 1} letter{rows.length === 2 ? '' : 's'} are read, the {rows.length - 1} letter
          {rows.length === 2 ? '' : 's'} and the end mark are taught. Each step&apos;s input x<sub>t</sub> is {inputWidth} numbers, all 0 but two 1s: the language (
          {chosen}, column {condition} of {classes.length}) and the previous symbol (column {classes.length} + its index among {LETTER_COUNT} letters, end and begin).
        </p>
        <div className="table-scroll" role="region" aria-label="The name's training steps" tabIndex={0}>
          <table className="data-table" data-testid="generator-encode-table">
            <thead>
              <tr>
                <th scope="col">t</th>
                <th scope="col">reads</th>
                <th scope="col" className="number">
                  its index (of {LETTER_COUNT + 2})
                </th>
                <th scope="col">
                  x<sub>t</sub>: the 1s at columns
                </th>
                <th scope="col">is taught</th>
                <th scope="col" className="number">
                  target index (of {LETTER_COUNT + 1})
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.t} data-testid="generator-encode-row">
                  <td>{row.t}</td>
                  <td>
                    <code>{row.reads}</code>
                  </td>
                  <td className="number">{row.readsIndex}</td>
                  <td>
                    {row.litColumns[0]} and {row.litColumns[1]}
                  </td>
                  <td>
                    <code>{row.taught}</code>
                  </td>
                  <td className="number">{row.taughtIndex}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted">
          Tensors for this name: x is [{rows.length}, 1, {inputWidth}] (time, a batch of one, {classes.length} + {LETTER_COUNT + 2}), the targets [{rows.length}] ids in
          0…{LETTER_COUNT}. PyTorch&apos;s &ldquo;Generating Names&rdquo; tutorial keeps the language apart (categoryTensor, 1 × {classes.length}) and starts at the first
          letter, so its first letter is never taught; reading a begin mark first teaches it too, from the language alone.
        </p>
        <p className="muted">
          A training batch stacks names as long as its longest: a shorter name&apos;s extra steps read the begin mark and are taught −1, which the loss weights 0,
          so the loss per character averages over real steps only (each name&apos;s letters and its end mark).
        </p>
      </section>
    </div>
  );
}
