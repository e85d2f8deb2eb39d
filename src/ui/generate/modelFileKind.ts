/**
 * Which kind of model a file holds, read from its text without parsing the weights: the app opens a
 * names generator (`task.kind` "char-lm") on the Generate names task and everything else as a classifier.
 */

/** True when the file's task kind is `char-lm`; the state_dict holds only numbers, so the key cannot occur there. */
export function isCharLmFileText(text: string): boolean {
  return /"kind"\s*:\s*"char-lm"/.test(text);
}
