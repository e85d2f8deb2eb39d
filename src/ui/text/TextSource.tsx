/**
 * Paste or upload the student's own text. The draft is checked as the engine will read it
 * (data/textCorpus.ts): a refused text or file gets its specific message and the text in use stays as it was;
 * a refused file never replaces the draft either.
 */
import { useRef, useState } from 'react';
import { loadBuiltinDataset } from '../../data/assets';
import { exampleTextFrom } from '../../data/exampleTexts';
import { MAX_TEXT_BYTES, prepareCorpus, readTextFile, type TextCorpus } from '../../data/textCorpus';
import { formatBytes } from '../../data/validate';
import { visibleSymbol } from '../../charts/format';
import { errorText } from '../lib/format';

/** The built-in texts a class can start from (data/exampleTexts.ts): the data set each is made of, and its name. */
const EXAMPLE_TEXTS = [
  { id: 'names', label: 'The surnames, one per line', sourceName: 'The surnames' },
  { id: 'sst2', label: "SST-2's movie sentences", sourceName: "SST-2's movie sentences" },
] as const;

/** Symbols listed in the alphabet line before "and N more". */
const SHOWN_SYMBOLS = 80;

/** `isDisabled` while the text kept last time is coming back (what is typed then would be replaced by it). */
export function TextSource({ corpus, onAccept, isDisabled = false }: { corpus: TextCorpus | null; onAccept: (corpus: TextCorpus) => void; isDisabled?: boolean }) {
  const [draft, setDraft] = useState(corpus?.text ?? '');
  const [error, setError] = useState<string | null>(null);
  const [loadingExample, setLoadingExample] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const accept = (text: string, sourceName?: string) => {
    try {
      onAccept(prepareCorpus(text, sourceName));
      setError(null);
      return true;
    } catch (caught) {
      setError(errorText(caught));
      return false;
    }
  };

  const takeExample = async (example: (typeof EXAMPLE_TEXTS)[number]) => {
    setLoadingExample(example.id);
    try {
      const text = exampleTextFrom(await loadBuiltinDataset(example.id, import.meta.env.BASE_URL));
      if (accept(text, example.sourceName)) setDraft(text);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setLoadingExample(null);
    }
  };

  const upload = async (file: File) => {
    try {
      const text = await readTextFile(file);
      if (accept(text, file.name)) setDraft(text);
    } catch (caught) {
      setError(errorText(caught));
    }
  };

  const letters = corpus ? [...corpus.alphabet] : [];
  return (
    <section className="card" aria-labelledby="text-source-heading" data-testid="text-source">
      <h2 id="text-source-heading">Your text</h2>
      <p className="muted">
        A poem, a chapter, some code: any script. The model reads it one character (Unicode code point, after NFC normalisation) at a time and learns to
        predict the next one. At most {formatBytes(MAX_TEXT_BYTES)}; the last 10% is held out to measure it.
      </p>
      <label className="stacked-label">
        Paste text
        <textarea value={draft} rows={8} disabled={isDisabled} onChange={(event) => setDraft(event.target.value)} data-testid="text-draft" spellCheck={false} />
      </label>
      <div className="transport">
        <button type="button" className="primary" onClick={() => accept(draft)} disabled={isDisabled} data-testid="text-use">
          Use this text
        </button>
        <button type="button" onClick={() => fileInput.current?.click()} disabled={isDisabled} data-testid="text-upload-button">
          Upload a .txt file…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".txt,.md,.py,.js,.ts,.c,.java,text/plain"
          hidden
          data-testid="text-file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void upload(file);
          }}
        />
      </div>
      <div className="transport" role="group" aria-label="Or start from a built-in text">
        <span className="muted">Or start from a built-in text:</span>
        {EXAMPLE_TEXTS.map((example) => (
          <button key={example.id} type="button" onClick={() => void takeExample(example)} disabled={isDisabled || loadingExample !== null} data-testid={`text-example-${example.id}`}>
            {loadingExample === example.id ? 'Loading…' : example.label}
          </button>
        ))}
      </div>
      {error && (
        <p className="error-note" role="alert" data-testid="text-error">
          {error}
        </p>
      )}
      {corpus && (
        <div data-testid="text-summary">
          <p>
            In use: <strong>{[...corpus.text].length.toLocaleString('en')}</strong> characters, an alphabet of <strong>{letters.length}</strong> symbols (stored in the model file):{' '}
            <span className="alphabet" lang="">
              {letters.slice(0, SHOWN_SYMBOLS).map(visibleSymbol).join(' ')}
              {letters.length > SHOWN_SYMBOLS ? ` … and ${letters.length - SHOWN_SYMBOLS} more` : ''}
            </span>
          </p>
          {corpus.notices.map((notice) => (
            <p key={notice} className="muted" data-testid="text-notice">
              {notice}
            </p>
          ))}
        </div>
      )}
    </section>
  );
}
