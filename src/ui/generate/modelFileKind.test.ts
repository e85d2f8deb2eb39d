import { describe, expect, it } from 'vitest';
import { isCharLmFile } from './modelFileKind';

/** A Blob whose stream yields `parts` as separate chunks (as a large file arrives). */
class ChunkedBlob extends Blob {
  constructor(private readonly parts: string[]) {
    super(parts);
  }

  override stream(): ReturnType<Blob['stream']> {
    const encoder = new TextEncoder();
    const parts = this.parts;
    return new ReadableStream({
      start(controller) {
        for (const part of parts) controller.enqueue(encoder.encode(part));
        controller.close();
      },
    });
  }
}
const chunked = (parts: string[]): Blob => new ChunkedBlob(parts);

describe('isCharLmFile', () => {
  it('tells a char-lm file from a classifier file, spaced or not', async () => {
    expect(await isCharLmFile(new Blob(['{"format":"rnn-playground/torch-v1","task":{"kind":"char-lm","conditions":[]}}']))).toBe(true);
    expect(await isCharLmFile(new Blob(['{\n  "task": {\n    "kind" : "char-lm"\n  }\n}']))).toBe(true);
    expect(await isCharLmFile(new Blob(['{"format":"rnn-playground/torch-v1","task":{"kind":"classify","classes":["A"]}}']))).toBe(false);
    expect(await isCharLmFile(new Blob(['not json at all']))).toBe(false);
  });

  it('finds the kind split across chunks, and after a long vocabulary', async () => {
    expect(await isCharLmFile(chunked(['{"task":{"ki', 'nd":"char', '-lm"}}']))).toBe(true);
    const words = Array.from({ length: 50_000 }, (_, index) => `"w${index}"`).join(',');
    expect(await isCharLmFile(chunked([`{"task":{"input":{"vocab":[${words}]},`, '"kind":"classify"}}']))).toBe(false);
    expect(await isCharLmFile(chunked([`{"state_dict":{"x":[${'0,'.repeat(100_000)}0]},`, '"task":{"kind":"char-lm"}}']))).toBe(true);
  });
});
