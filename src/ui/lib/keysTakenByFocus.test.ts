import { describe, expect, it } from 'vitest';
import type { KeyTarget } from './keysTakenByFocus';
import { isKeyTakenByFocus } from './keysTakenByFocus';

function element(tagName: string, attributes: Record<string, string> = {}, isContentEditable = false): KeyTarget {
  return { tagName, isContentEditable, getAttribute: (name) => attributes[name] ?? null };
}

const PAGE_KEYS = [' ', 'ArrowRight', 'r', 'p'];
const taken = (target: KeyTarget) => PAGE_KEYS.filter((key) => isKeyTakenByFocus(target, key));

describe('isKeyTakenByFocus', () => {
  it('leaves every shortcut to the page when nothing in particular has the focus', () => {
    expect(taken(element('BODY'))).toEqual([]);
    // A message focused to be read out (tabindex -1) is not a widget.
    expect(taken(element('SPAN', { tabindex: '-1' }))).toEqual([]);
  });

  it('keeps Space and the arrows on a focusable chart or scroll region (the confusion matrix before a cell is picked)', () => {
    expect(taken(element('svg', { tabindex: '0', role: 'img' }))).toEqual([' ', 'ArrowRight']);
    expect(taken(element('DIV', { tabindex: '0', role: 'region' }))).toEqual([' ', 'ArrowRight']);
    expect(taken(element('DIV', { role: 'slider' }))).toEqual([' ', 'ArrowRight']);
  });

  it('keeps only Space on a button, link or summary, which the browser clicks', () => {
    for (const tag of ['BUTTON', 'A', 'SUMMARY']) expect(taken(element(tag)), tag).toEqual([' ']);
  });

  it('leaves Space to the page on a step tab just chosen (Space there means Play)', () => {
    expect(taken(element('BUTTON', { role: 'tab', tabindex: '0' }))).toEqual([]);
  });

  it('keeps every key in a field being typed in', () => {
    for (const tag of ['INPUT', 'TEXTAREA', 'SELECT']) expect(taken(element(tag)), tag).toEqual(PAGE_KEYS);
    expect(taken(element('DIV', {}, true))).toEqual(PAGE_KEYS);
  });
});
