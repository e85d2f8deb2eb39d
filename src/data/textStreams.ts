/**
 * Truncated BPTT batching of one long text: the text is cut into B parallel STREAMS (stream b is the b-th
 * contiguous piece of length L = ⌊n / B⌋; the last n − B·L characters are left out), and the streams are read
 * together in WINDOWS of K steps. Window w holds steps w·K … w·K + K − 1 of every stream, so the state that
 * ends window w of stream b is exactly the state window w + 1 of stream b starts from: the session carries it
 * across (detached: gradients stop at the window's left edge).
 *
 * At every step the input is the previous character and the target the character itself; the very first
 * character of a segment is predicted from `before` (BOS at the start of the text, else the character just
 * before the segment), as the names generator predicts a first letter from BOS.
 */

/** A run of symbol ids with the symbol fed before its first one. */
export interface TextSegment {
  ids: Int32Array;
  /** Previous-symbol id fed at the segment's first step (BOS, or the id of the character before it). */
  before: number;
}

/** How a segment is cut: B streams of L steps, read in W windows of at most K steps. */
export interface StreamLayout {
  streams: number;
  streamLength: number;
  windowLength: number;
  windows: number;
  /** Characters at the end that no stream covers (fewer than B). */
  dropped: number;
}

/** The cut of `length` characters into `streams` streams (fewer when the text is too short) and windows of `windowLength`. */
export function streamLayout(length: number, streams: number, windowLength: number): StreamLayout {
  if (!Number.isInteger(streams) || streams < 1) throw new RangeError(`The number of streams must be a whole number ≥ 1, got ${streams}.`);
  if (!Number.isInteger(windowLength) || windowLength < 1) throw new RangeError(`The window length K must be a whole number ≥ 1, got ${windowLength}.`);
  if (length < 1) throw new RangeError('There is no text to cut into streams.');
  const used = Math.min(streams, length);
  const streamLength = Math.floor(length / used);
  return { streams: used, streamLength, windowLength, windows: Math.ceil(streamLength / windowLength), dropped: length - used * streamLength };
}

/** One window of every stream, TIME-MAJOR (`[steps, streams]` row-major: index t·B + b), as the network reads it. */
export interface TextWindow {
  previous: Int32Array;
  targets: Int32Array;
  /** Steps in this window (K, or fewer for the last one). */
  steps: number;
  /** Streams (the batch size). */
  batchSize: number;
  /** Window index within the epoch, 0-based. */
  index: number;
  /** Position in the segment of each stream's first step in this window (for tests and pictures). */
  starts: Int32Array;
}

/** Window `index` of `segment` cut as `layout`. */
export function textWindow(segment: TextSegment, layout: StreamLayout, index: number): TextWindow {
  if (!Number.isInteger(index) || index < 0 || index >= layout.windows) throw new RangeError(`Window ${index} does not exist; there are ${layout.windows}.`);
  const { streams, streamLength, windowLength } = layout;
  const offset = index * windowLength;
  const steps = Math.min(windowLength, streamLength - offset);
  const previous = new Int32Array(steps * streams);
  const targets = new Int32Array(steps * streams);
  const starts = new Int32Array(streams);
  for (let b = 0; b < streams; b++) {
    const start = b * streamLength + offset;
    starts[b] = start;
    for (let t = 0; t < steps; t++) {
      const position = start + t;
      targets[t * streams + b] = segment.ids[position];
      previous[t * streams + b] = position === 0 ? segment.before : segment.ids[position - 1];
    }
  }
  return { previous, targets, steps, batchSize: streams, index, starts };
}
