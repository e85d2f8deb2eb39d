import { describe, expect, it } from 'vitest';
import { isCharLmFileText } from './modelFileKind';

describe('isCharLmFileText', () => {
  it('tells a char-lm file from a classifier file, spaced or not', () => {
    expect(isCharLmFileText('{"format":"rnn-playground/torch-v1","task":{"kind":"char-lm","conditions":[]}}')).toBe(true);
    expect(isCharLmFileText('{\n  "task": {\n    "kind" : "char-lm"\n  }\n}')).toBe(true);
    expect(isCharLmFileText('{"format":"rnn-playground/torch-v1","task":{"kind":"classify","classes":["A"]}}')).toBe(false);
    expect(isCharLmFileText('not json at all')).toBe(false);
  });
});
