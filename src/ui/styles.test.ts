/**
 * The stylesheet is plain CSS with no nesting: a rule left open swallows every rule after it as nested ones
 * (`.memory-sweep-cells .text-lab …`), which match nothing, so whole screens lost their styles without an error
 * (Your text's boxes were drawn black, its sample and text boxes lost their layout).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Where each rule opens (line numbers), with the blocks it is inside; comments and strings do not count. */
function ruleNesting(css: string): { line: number; selector: string; parents: string[] }[] {
  const rules: { line: number; selector: string; parents: string[] }[] = [];
  const open: string[] = [];
  let line = 1;
  let prelude = '';
  for (let index = 0; index < css.length; index++) {
    const char = css[index];
    if (char === '\n') line++;
    if (char === '/' && css[index + 1] === '*') {
      const end = css.indexOf('*/', index + 2);
      const comment = css.slice(index, end + 2);
      line += comment.split('\n').length - 1;
      index = end + 1;
      continue;
    }
    if (char === '"' || char === "'") {
      const end = css.indexOf(char, index + 1);
      prelude += css.slice(index, end + 1);
      index = end;
      continue;
    }
    if (char === '{') {
      const selector = prelude.trim();
      rules.push({ line, selector, parents: [...open] });
      open.push(selector);
      prelude = '';
    } else if (char === '}') {
      open.pop();
      prelude = '';
    } else if (char === ';' && open.length > 0) {
      prelude = '';
    } else {
      prelude += char;
    }
  }
  if (open.length > 0) rules.push({ line, selector: '(end of file)', parents: [...open] });
  return rules;
}

describe('styles.css', () => {
  const css = readFileSync(new URL('./styles.css', import.meta.url), 'utf8');

  it('closes every rule: only at-rules (@media, @supports) hold rules', () => {
    const nested = ruleNesting(css)
      .filter((rule) => rule.parents.some((parent) => !parent.startsWith('@')))
      .map((rule) => `line ${rule.line}: "${rule.selector}" inside "${rule.parents.join(' > ')}"`);
    expect(nested, 'rules inside another rule (one was left open above them)').toEqual([]);
  });
});
