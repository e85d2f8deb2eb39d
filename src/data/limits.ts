/**
 * Bounds that keep the browser tab responsive. Every message that enforces one says its value.
 * Names are at most 20 characters and SST-2 sentences at most 56 tokens, so the built-in tasks
 * never hit them.
 */
import type { InputLevel } from './types';

/** Largest upload, in bytes (a zip counts with its uncompressed size too). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** Most examples an uploaded data set may have. */
export const MAX_EXAMPLES = 50_000;
/**
 * Most classes an uploaded data set may have. Every class is a row and a column of the confusion matrix
 * and a bar of the class chart: at 200 the matrix is 40,000 cells, about 4 px each across a laptop
 * screen, still one row per class; and the 50,000-example limit still leaves 250 examples per class, 25
 * of them held out. At 5,000 classes (25 million matrix cells) opening Train blocked the tab for 30-40 s
 * and Chromium killed it while training.
 */
export const MAX_CLASSES = 200;
/** Longest sequence the network unrolls over: symbols per example; longer ones are cut. */
export const MAX_SEQUENCE_LENGTH: Record<InputLevel, number> = { chars: 40, words: 100 };
/** How many distinct characters a message lists before saying "and N more". */
export const MAX_LISTED_CHARACTERS = 20;
/**
 * Most symbols in a character-level data set's own alphabet (one-hot columns, "�" included). 500 columns keep
 * the input layer small (an LSTM 128 gets 512 × 500 input weights) and hold the common characters of a
 * script such as Chinese; rarer ones are read as "�", with a notice naming them.
 */
export const MAX_CHAR_ALPHABET = 500;
