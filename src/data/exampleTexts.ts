/**
 * Built-in texts for "Your text", so a class can start without bringing one: the surnames (every cleaned name, one
 * per line) and SST-2's training sentences (one per line, as published: lower case, tokens split by spaces). The
 * surnames are shuffled once with a fixed seed: the data comes language by language, so in file order the held-out
 * last 10% would be Vietnamese and the model measured on a language it never trained on. Each is cut at a whole line
 * under the lab's size limit.
 */
import { createRandom } from './random';
import { MAX_TEXT_BYTES } from './textCorpus';
import type { Dataset } from './types';

export const EXAMPLE_TEXT_SEED = 1;

/** The data set's examples as a text, one per line, at most `limitBytes` of UTF-8. */
export function exampleTextFrom(dataset: Dataset, limitBytes = MAX_TEXT_BYTES): string {
  const texts = dataset.source === 'names' ? shuffled([...dataset.train, ...dataset.val, ...dataset.test].map((example) => example.text)) : dataset.train.map((example) => example.text);
  const encoder = new TextEncoder();
  const lines: string[] = [];
  let bytes = 0;
  for (const text of texts) {
    const size = encoder.encode(text).length + 1; // and its line end
    if (bytes + size > limitBytes) break;
    lines.push(text);
    bytes += size;
  }
  return `${lines.join('\n')}\n`;
}

function shuffled(items: string[]): string[] {
  const random = createRandom(EXAMPLE_TEXT_SEED);
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = random.nextInt(index + 1);
    [items[index], items[other]] = [items[other], items[index]];
  }
  return items;
}
