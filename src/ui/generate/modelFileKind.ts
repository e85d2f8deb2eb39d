/**
 * Which kind of model a file holds, found without reading the whole file into a string: the app opens a
 * names generator (`task.kind` "char-lm") on the Generate names task and everything else as a classifier.
 * The file is scanned chunk by chunk up to its first `"kind"` key (near the start in every file the app
 * and tools/torch_export.py write), so even a 45 MB classifier costs the main thread no long task.
 */

/** The first `"kind": "…"` pair; the state_dict holds only numbers, so the key cannot occur there. */
const KIND = /"kind"\s*:\s*"([^"\\]*)"/;
/** Text kept from one chunk to the next, so a pair split between two chunks is still found. */
const OVERLAP = 256;

/** True when the file's task kind is `char-lm`. */
export async function isCharLmFile(file: Blob): Promise<boolean> {
  return (await modelFileKind(file)) === 'char-lm';
}

/** The file's task kind (`classify`, `char-lm`, …), or null when it names none (not a model file). */
export async function modelFileKind(file: Blob): Promise<string | null> {
  const reader = file.stream().getReader();
  const decoder = new TextDecoder();
  let tail = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const text = tail + (done ? decoder.decode() : decoder.decode(value, { stream: true }));
      const match = KIND.exec(text);
      if (match) return match[1];
      if (done) return null;
      tail = text.slice(-OVERLAP);
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
