/**
 * A checkpoint's optimiser state as one Blob (kept beside the model file in IndexedDB, and by the client for a
 * worker restart): a JSON header, then every slot's float32 values in one binary block. Binary, not JSON numbers:
 * Adam's moments are twice the weights (SST-2's learned embedding alone is 2 × V × E floats), and a number
 * written as text and read back must stay the same float32, which raw bytes guarantee.
 * Layout: header length (uint32, little-endian), the header's UTF-8 text, zero padding to a multiple of 4, data.
 */
import type { OptimizerState } from './optimizerState';

const FORMAT = 'rnn-playground/optimizer-state-v1';

/** An optimiser state and the backend it was computed on (another backend's arithmetic differs in the last bits). */
export interface KeptOptimizerState {
  state: OptimizerState;
  backend: string;
}

/** Where one array lies in the data block, in floats. */
type Span = [offset: number, length: number];

interface Header {
  format: typeof FORMAT;
  backend: string;
  optimizer: OptimizerState['optimizer'];
  learningRate: number;
  step: number;
  betaPowers: OptimizerState['betaPowers'];
  slots: Record<string, Span[]>;
  table: { parameter: string; step: number; m: Span; v: Span } | null;
}

export function encodeOptimizerState({ state, backend }: KeptOptimizerState): Blob {
  const arrays: Float32Array[] = [];
  let floats = 0;
  const place = (values: Float32Array): Span => {
    arrays.push(values);
    floats += values.length;
    return [floats - values.length, values.length];
  };
  const header: Header = {
    format: FORMAT,
    backend,
    optimizer: state.optimizer,
    learningRate: state.learningRate,
    step: state.step,
    betaPowers: state.betaPowers,
    slots: Object.fromEntries(Object.entries(state.slots).map(([name, slots]) => [name, slots.map(place)])),
    table: state.table && { parameter: state.table.parameter, step: state.table.step, m: place(state.table.m), v: place(state.table.v) },
  };
  const text = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil((4 + text.length) / 4) * 4;
  const head = new Uint8Array(padded);
  new DataView(head.buffer).setUint32(0, text.length, true);
  head.set(text, 4);
  const data = new Float32Array(floats);
  let offset = 0;
  for (const values of arrays) {
    data.set(values, offset);
    offset += values.length;
  }
  return new Blob([head, data], { type: 'application/octet-stream' });
}

/** The state in `blob`, or a SyntaxError saying why it is not one (a damaged record is not trusted). */
export async function decodeOptimizerState(blob: Blob): Promise<KeptOptimizerState> {
  const bytes = await blob.arrayBuffer();
  if (bytes.byteLength < 4) throw new SyntaxError('The optimiser state is empty.');
  const length = new DataView(bytes).getUint32(0, true);
  if (4 + length > bytes.byteLength) throw new SyntaxError('The optimiser state is cut short.');
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(bytes, 4, length))) as Header;
  if (header?.format !== FORMAT) throw new SyntaxError('This is not an optimiser state of this app.');
  const start = Math.ceil((4 + length) / 4) * 4;
  const data = new Float32Array(bytes.slice(start));
  const read = ([offset, count]: Span): Float32Array => {
    if (!(offset >= 0 && count >= 0 && offset + count <= data.length)) throw new SyntaxError('The optimiser state is cut short.');
    return data.slice(offset, offset + count);
  };
  const state: OptimizerState = {
    optimizer: header.optimizer,
    learningRate: header.learningRate,
    step: header.step,
    betaPowers: header.betaPowers,
    slots: Object.fromEntries(Object.entries(header.slots).map(([name, spans]) => [name, spans.map(read)])),
    table: header.table && { parameter: header.table.parameter, step: header.table.step, m: read(header.table.m), v: read(header.table.v) },
  };
  return { state, backend: header.backend };
}
