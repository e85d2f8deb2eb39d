/**
 * Step 1, Data: pick the task, see sample rows, the classes (and what a majority class does to plain
 * accuracy), the lengths, the splits and the sampling mode. Upload your own data here too.
 */
import { useMemo, useState } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { ClassCountChart } from '../components/charts/ClassCountChart';
import { LengthHistogram } from '../components/charts/LengthHistogram';
import { UploadPanel } from '../components/UploadPanel';
import { datasetStats, sampleRows } from '../lib/datasetStats';
import { formatInteger, formatPercent } from '../lib/format';
import { exampleNoun } from '../lib/exampleNoun';
import type { TaskId } from '../../data/types';
import type { AppController } from '../state/useAppController';

/** The tutorial's files as published: 9,408 Russian names of 20,074 (before duplicates are removed). */
const PUBLISHED_RUSSIAN_SHARE = 9408 / 20074;

const TASKS: { id: TaskId; title: string; description: string }[] = [
  { id: 'names', title: 'Names', description: '20,074 surnames from 18 languages; guess the language from the letters.' },
  { id: 'sst2', title: 'SST-2 sentiment', description: 'Movie-review sentences, positive or negative, word by word.' },
  { id: 'upload', title: 'Upload your own', description: 'A CSV/TSV of text,label or a zip/folder of <Class>.txt files.' },
];

export function DataStep({ controller }: { controller: AppController }) {
  const { dataset, config, isDatasetLoading } = controller;
  const [chosenTask, setChosenTask] = useState<TaskId | null>(null);
  const isGenerator = controller.generator.isActive;
  const shownTask = isGenerator ? null : (chosenTask ?? config.task);
  const stats = useMemo(() => (dataset ? datasetStats(dataset) : null), [dataset]);
  const [sampleOffset, setSampleOffset] = useState(0);
  const rows = useMemo(() => (dataset ? sampleRows(dataset.train, 10, sampleOffset) : []), [dataset, sampleOffset]);

  function choose(task: TaskId) {
    setChosenTask(task);
    void controller.generator.setActive(false);
    if (task === 'upload' && !controller.uploadedDataset) return; // the upload panel takes over
    if (task !== config.task || task === 'upload') void controller.selectTask(task);
  }

  const unit = dataset?.level === 'words' ? 'words' : 'letters';
  const majorityName = dataset && stats ? dataset.classes[stats.majorityClass] : '';

  return (
    <div className="step-grid">
      <section className="card" aria-labelledby="task-heading">
        <h2 id="task-heading">Task</h2>
        <fieldset className="task-picker" disabled={isDatasetLoading}>
          <legend className="visually-hidden">Pick the task</legend>
          {TASKS.map((task) => (
            <label key={task.id} className={shownTask === task.id ? 'task-option is-chosen' : 'task-option'}>
              <input
                type="radio"
                name="task"
                value={task.id}
                checked={shownTask === task.id}
                onChange={() => choose(task.id)}
                data-testid={`task-${task.id}`}
              />
              <span>
                <strong>{task.title}</strong>
                <span className="muted"> — {task.description}</span>
              </span>
            </label>
          ))}
          <label className={isGenerator ? 'task-option is-chosen' : 'task-option'}>
            <input
              type="radio"
              name="task"
              value="names-gen"
              checked={isGenerator}
              onChange={() => void controller.generator.setActive(true)}
              data-testid="task-names-gen"
            />
            <span>
              <strong>Generate names</strong>
              <span className="muted"> — the same names, the other way round: given a language, invent surnames one letter at a time.</span>
            </span>
          </label>
        </fieldset>
        {isDatasetLoading && <p role="status">Loading the data…</p>}
        <ErrorNote where="data" />
        {shownTask === 'upload' && (
          <UploadPanel
            onUse={async (uploaded) => {
              await controller.useUploadedDataset(uploaded);
              setChosenTask(null);
            }}
          />
        )}
      </section>

      {dataset && stats && (
        <>
          <section className="card" aria-labelledby="classes-heading">
            <h2 id="classes-heading">Classes</h2>
            <ClassCountChart classes={dataset.classes} counts={stats.classCounts} noun={exampleNoun(dataset)} />
            {isGenerator ? (
              <GeneratorShareNote classes={dataset.classes} counts={stats.classCounts} majorityClass={stats.majorityClass} majorityShare={stats.majorityShare} />
            ) : (
              <p className="key-fact" data-testid="majority-note">
                <strong>{majorityName}</strong> is{' '}
                {dataset.source === 'names'
                  ? `${formatPercent(PUBLISHED_RUSSIAN_SHARE, 0)} of the names as published (${formatPercent(stats.majorityShare, 0)} of these, after removing duplicates)`
                  : `${formatPercent(stats.majorityShare, 0)} of the examples`}
                : a model that always answers {majorityName} gets {formatPercent(stats.majorityShare, 0)} plain accuracy here
                without learning anything. That is why <em>macro accuracy</em> — the mean over classes of the share of each
                class found — is shown beside plain accuracy everywhere.
              </p>
            )}
          </section>

          <section className="card" aria-labelledby="rows-heading">
            <h2 id="rows-heading">Sample rows</h2>
            <table className="data-table" data-testid="sample-rows">
              <thead>
                <tr>
                  <th scope="col">Text</th>
                  <th scope="col">Class</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, index) => (
                  <tr key={`${sampleOffset}-${index}`}>
                    <td className="sample-text">{row.text}</td>
                    <td>{dataset.classes[row.label]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="button" onClick={() => setSampleOffset(sampleOffset + 1)}>
              Show other rows
            </button>
          </section>

          <section className="card" aria-labelledby="lengths-heading">
            <h2 id="lengths-heading">Lengths</h2>
            <LengthHistogram lengths={stats.lengths} unit={unit} />
            <p className="muted">
              Mean {stats.meanLength.toFixed(1)} {unit}, longest {stats.maxLength}. The network takes one {unit === 'letters' ? 'letter' : 'word'} per
              timestep, so this is how many steps it unrolls.
            </p>
          </section>

          <section className="card" aria-labelledby="splits-heading">
            <h2 id="splits-heading">Splits and sampling</h2>
            <dl className="split-sizes" data-testid="split-sizes">
              <div>
                <dt>Train</dt>
                <dd>{formatInteger(stats.splitSizes.train)}</dd>
              </div>
              <div>
                <dt>Validation</dt>
                <dd>{formatInteger(stats.splitSizes.val)}</dd>
              </div>
              <div>
                <dt>Test</dt>
                <dd>{formatInteger(stats.splitSizes.test)}</dd>
              </div>
            </dl>
            {isGenerator ? (
              <p data-testid="generator-sampling-note">
                The generator&apos;s batches are drawn as the data is ({majorityName} {formatPercent(stats.majorityShare, 0)} of the names), shuffled every
                epoch. (Class-balanced drawing is a choice of the classifier&apos;s.)
              </p>
            ) : (
              <fieldset className="sampling">
                <legend>How training batches are drawn</legend>
                <label>
                  <input
                    type="radio"
                    name="sampling"
                    checked={config.sampling === 'natural'}
                    onChange={() => controller.updateConfig({ sampling: 'natural' })}
                    data-testid="sampling-natural"
                  />
                  Natural — as the data is ({majorityName} {formatPercent(stats.majorityShare, 0)} of batches)
                </label>
                <label>
                  <input
                    type="radio"
                    name="sampling"
                    checked={config.sampling === 'balanced'}
                    onChange={() => controller.updateConfig({ sampling: 'balanced' })}
                    data-testid="sampling-balanced"
                  />
                  Class-balanced — each class equally likely (the tutorial's randomTrainingExample)
                </label>
              </fieldset>
            )}
            {dataset.notes.length > 0 && (
              <ul className="notes">
                {dataset.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}

/**
 * What the class shares mean for the names generator: not a majority answer to beat, but how much of what it learns
 * is each language's spelling, and how little a small language gives it.
 */
function GeneratorShareNote({ classes, counts, majorityClass, majorityShare }: { classes: readonly string[]; counts: readonly number[]; majorityClass: number; majorityShare: number }) {
  const smallest = counts.reduce((best, count, index) => (count < counts[best] ? index : best), 0);
  return (
    <p className="key-fact" data-testid="generator-share-note">
      <strong>{classes[majorityClass]}</strong> is {formatPercent(majorityShare, 0)} of these names, and the generator learns from them as they are: about
      that share of its training steps is {classes[majorityClass]} spelling. The language&apos;s one-hot tells it which spelling to write; a small language (
      {classes[smallest]}, {formatInteger(counts[smallest])} names) gives it few examples to learn from, so expect its names to be less convincing.
    </p>
  );
}
