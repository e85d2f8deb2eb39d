/**
 * Step 2, Encode: how text becomes numbers. Letters: the one-hot picture (T × 57, the lecture's
 * lineToTensor, or T × the data's own alphabet) with the letters normalisation drops or reads as unknown. Words: tokens, ids (unknown words marked), the
 * embedding rows of the sentence, and the nearest neighbours of a word in the current embedding.
 */
import { useId, useMemo, useState } from 'react';
import { isOwnAlphabet, UNKNOWN_SYMBOL } from '../../data/charAlphabet';
import { createEncoder, unknownSymbols } from '../../data/encoding';
import type { EncodedSequence } from '../../data/encoding';
import { cosineNearest } from '../../data/glove';
import type { NearestWord } from '../../data/glove';
import { normalizeChars } from '../../data/names';
import type { ModelFile, NestedNumbers } from '../../model/types';
import { ErrorNote } from '../components/ErrorNote';
import { UntrainedNote } from '../components/UntrainedNote';
import { HeatmapView } from '../components/charts/HeatmapView';
import { OneHotGridView } from '../components/charts/OneHotGridView';
import { useClient, useClientState } from '../hooks/clientContext';
import { useTrace } from '../hooks/useTrace';
import { errorText } from '../lib/format';
import { ExampleCutNote } from '../components/ExampleCutNote';
import { PaddedBatch } from '../components/PaddedBatch';
import type { AppController } from '../state/useAppController';

export function EncodeStep({ controller }: { controller: AppController }) {
  const { inputSource, exampleText, exampleTextCutAt, setExampleText } = controller;
  const inputId = useId();
  const cutNoteId = useId();
  const encoded = useMemo<EncodedSequence | null>(() => {
    if (!inputSource) return null;
    try {
      return createEncoder(inputSource).encode(exampleText);
    } catch {
      return null;
    }
  }, [inputSource, exampleText]);

  if (!inputSource || !encoded) return <p role="status">Loading the data…</p>;
  const isChars = inputSource.type === 'chars';

  return (
    <div className="step-grid">
      <section className="card wide" aria-labelledby="encode-heading">
        <h2 id="encode-heading">{isChars ? 'A name as one-hot letters' : 'A sentence as word ids'}</h2>
        <label htmlFor={inputId}>{isChars ? 'Type a name' : 'Type a sentence'}</label>
        <input
          id={inputId}
          type="text"
          className="big-input"
          value={exampleText}
          onChange={(event) => setExampleText(event.target.value)}
          data-testid="encode-input"
          aria-describedby={exampleTextCutAt === null ? undefined : cutNoteId}
          autoComplete="off"
          spellCheck={false}
        />
        <ExampleCutNote id={cutNoteId} text={exampleText} cutAt={exampleTextCutAt} reader="Encode" />
        {encoded.tokens.length === 0 ? (
          <NothingToEncode encoded={encoded} isChars={isChars} width={isChars ? [...inputSource.alphabet].length : 0} />
        ) : inputSource.type === 'chars' ? (
          <CharEncoding text={exampleText} encoded={encoded} alphabet={inputSource.alphabet} />
        ) : (
          <WordEncoding encoded={encoded} vocabSize={inputSource.vocab.length} />
        )}
      </section>
      {controller.dataset && <PaddedBatch spec={inputSource} train={controller.dataset.train} typed={exampleText} />}
      {inputSource.type === 'words' && (
        <>
          <EmbeddingRows text={exampleText} tokens={encoded.tokens} />
          <NearestNeighbours />
        </>
      )}
    </div>
  );
}

/**
 * An empty box (or a name of dropped symbols only, "123"): a prompt to type, as Inspect shows, instead of an empty
 * token table, a 0 × 1 × 57 shape over an empty grid and "No letters dropped." The batch below leaves the text out.
 */
function NothingToEncode({ encoded, isChars, width }: { encoded: EncodedSequence; isChars: boolean; width: number }) {
  return (
    <>
      <p className="muted" data-testid="encode-prompt">
        {isChars
          ? 'Type a name to see it as one-hot letters: one row per letter, one column per symbol.'
          : 'Type a sentence to see each of its words as an id.'}
      </p>
      {encoded.dropped.length > 0 && (
        <p className="warning-note" data-testid="dropped-letters">
          Dropped (not among the {width} symbols): {encoded.dropped.map((symbol) => `“${symbol}”`).join(', ')}.
        </p>
      )}
    </>
  );
}

function CharEncoding({ text, encoded, alphabet }: { text: string; encoded: EncodedSequence; alphabet: string }) {
  const isOwn = isOwnAlphabet(alphabet);
  // Only the tutorial's normalisation folds accents; an own alphabet keeps é and й whole.
  const simplified = useMemo(() => (isOwn ? [] : normalizeChars(text, alphabet).simplified), [text, alphabet, isOwn]);
  const unknown = unknownSymbols(encoded);
  const width = [...alphabet].length;
  return (
    <>
      <p>
        <code className="breakable-code">lineToTensor('{encoded.tokens.join('')}')</code> has shape{' '}
        <strong data-testid="one-hot-shape">
          {encoded.tokens.length} × 1 × {width}
        </strong>
        : one row per letter (timestep), a single 1 in the column of that letter among the {width} symbols
        {isOwn ? ` (this data's own alphabet: its training texts' characters and “${UNKNOWN_SYMBOL}” for any other)` : ''}.
      </p>
      <OneHotGridView text={text} alphabet={alphabet} />
      {simplified.length > 0 && (
        <p data-testid="simplified-letters">
          Accents removed: {simplified.map((item) => `${item.from} → ${item.to}`).join(', ')}.
        </p>
      )}
      {unknown.length > 0 && (
        <p className="warning-note" data-testid="unknown-letters">
          Never seen in training, read as “{UNKNOWN_SYMBOL}”: {unknown.map((symbol) => `“${symbol}”`).join(', ')}.
        </p>
      )}
      {encoded.dropped.length > 0 ? (
        <p className="warning-note" data-testid="dropped-letters">
          Dropped (not among the {width} symbols): {encoded.dropped.map((symbol) => `“${symbol}”`).join(', ')}.
        </p>
      ) : (
        <p className="muted" data-testid="dropped-letters">
          No letters dropped.
        </p>
      )}
    </>
  );
}

function WordEncoding({ encoded, vocabSize }: { encoded: EncodedSequence; vocabSize: number }) {
  const unknown = new Set(encoded.unknownPositions);
  return (
    <>
      <p>
        Each word becomes its id in the {vocabSize.toLocaleString('en-US')}-word vocabulary built from the training
        sentences; words never seen there become <code>&lt;unk&gt;</code> (id 1).
      </p>
      <table className="data-table tokens-table" data-testid="token-ids">
        <tbody>
          <tr>
            <th scope="row">token</th>
            {encoded.tokens.map((token, index) => (
              <td key={index} className={unknown.has(index) ? 'is-unknown' : undefined}>
                {token}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">id</th>
            {encoded.ids.map((id, index) => (
              <td key={index} className={unknown.has(index) ? 'is-unknown' : undefined}>
                {id}
                {unknown.has(index) && <span className="unknown-mark"> unknown</span>}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      {encoded.unknownPositions.length > 0 && (
        <p className="warning-note">
          Unknown: {encoded.unknownPositions.map((position) => `“${encoded.tokens[position]}”`).join(', ')}.
        </p>
      )}
    </>
  );
}

/** The embedding rows of the sentence's words, read from a trace (the first layer's inputs are exactly those rows). */
function EmbeddingRows({ text, tokens }: { text: string; tokens: readonly string[] }) {
  const hasModel = useClientState((snapshot) => snapshot.model !== null);
  const isUntrained = useClientState((snapshot) => snapshot.isUntrained);
  const { trace, error: problem } = useTrace(text, null, tokens.length > 0);
  const inputs = trace?.layers[0]?.inputs;
  return (
    <section className="card" aria-labelledby="embedding-heading">
      <h2 id="embedding-heading">Embedding rows</h2>
      {hasModel && isUntrained && <UntrainedNote what="these rows are as initialised (random, unless GloVe vectors were loaded)" />}
      {tokens.length === 0 ? (
        // Nothing is asked about an empty box: "Reading the embedding…" would wait for ever.
        <p className="muted" data-testid="embedding-prompt">
          Type a sentence above to see its words’ rows of the embedding.
        </p>
      ) : !hasModel ? (
        <p className="muted">Build the model (Model step) to see its embedding rows for these words.</p>
      ) : inputs && trace ? (
        <HeatmapView
          testId="embedding-heatmap"
          options={{
            title: 'Embedding rows of the sentence',
            rowTitle: 'embedding dimension',
            columnTitle: 'word',
            valueLabel: 'embedding value',
            colorScale: 'diverging',
            domain: 'auto',
          }}
          data={{ matrix: inputs, columnLabels: trace.tokens, caption: 'Each column is one word’s row of the embedding matrix.' }}
        />
      ) : (
        <p role="status">Reading the embedding…</p>
      )}
      <ErrorNote where="embedding" message={problem} />
    </section>
  );
}

interface EmbeddingTable {
  vocab: string[];
  matrix: { rows: number; cols: number; data: Float32Array };
}

function embeddingFromFile(file: ModelFile): EmbeddingTable | null {
  const weight = file.state_dict['embedding.weight'];
  if (file.task.input.type !== 'words' || !Array.isArray(weight) || weight.length === 0) return null;
  const rows = weight.length;
  const cols = Array.isArray(weight[0]) ? weight[0].length : 0;
  const data = new Float32Array(rows * cols);
  weight.forEach((row: NestedNumbers, index) => {
    if (Array.isArray(row)) data.set(row as number[], index * cols);
  });
  return { vocab: file.task.input.vocab, matrix: { rows, cols, data } };
}

/** Cosine nearest words in the model's current embedding (learned or GloVe), computed here from the last checkpoint. */
function NearestNeighbours() {
  const client = useClient();
  const hasModel = useClientState((snapshot) => snapshot.model !== null);
  const inputId = useId();
  const [word, setWord] = useState('good');
  const [result, setResult] = useState<{ word: string; neighbours: NearestWord[] | null } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function find() {
    setIsBusy(true);
    setProblem(null);
    try {
      // A fresh export, so the neighbours reflect the weights right now.
      const file = await client.exportModel();
      // Parsed here, on demand: the only place the main thread reads the weights themselves.
      const table = embeddingFromFile(JSON.parse(await file.blob.text()) as ModelFile);
      if (!table) throw new Error('This model has no word embedding.');
      setResult({ word, neighbours: cosineNearest(word.trim(), table.vocab, table.matrix, 8) });
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="neighbours-heading">
      <h2 id="neighbours-heading">Nearest neighbours</h2>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void find();
        }}
      >
        <label htmlFor={inputId}>Word</label>
        <input id={inputId} type="text" value={word} onChange={(event) => setWord(event.target.value)} data-testid="neighbours-input" />
        <button type="submit" disabled={!hasModel || isBusy || word.trim() === ''} data-testid="neighbours-find">
          Find
        </button>
      </form>
      {!hasModel && <p className="muted">Build the model first: neighbours are measured in its embedding.</p>}
      {result &&
        (result.neighbours === null ? (
          <p>“{result.word}” is not in the vocabulary.</p>
        ) : (
          <ol className="neighbours" data-testid="neighbours-list">
            {result.neighbours.map((item) => (
              <li key={item.id}>
                {item.word} <span className="muted">(cosine {item.similarity.toFixed(2)})</span>
              </li>
            ))}
          </ol>
        ))}
      <p className="muted">Cosine similarity of embedding rows; an untrained embedding gives random neighbours.</p>
      <ErrorNote where="neighbours" message={problem} />
    </section>
  );
}
