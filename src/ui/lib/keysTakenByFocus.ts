/**
 * Which of the page's shortcut keys (Space = Play, → = Step, R = Reset, P = presenter) the focused element
 * keeps for itself. The page's handler runs last, on the window, so it sees every key a widget did not
 * `preventDefault`: a chart that uses arrows and Enter but not Space (the confusion matrix before a cell was
 * picked, the Inspect heatmaps), or a sideways-scrolling region (the browser scrolls it with the arrows and
 * Space, and cancels nothing). Deciding by what the focus is, rather than by what each widget handled,
 * keeps a widget's keys its own even for the keys it forgot.
 */

/** What the decision reads of the element a key went to (an HTMLElement, or a stand-in in tests). */
export interface KeyTarget {
  readonly tagName: string;
  readonly isContentEditable: boolean;
  getAttribute(name: string): string | null;
}

/** ARIA roles whose widgets move or choose with the arrow keys and Space (WAI-ARIA Authoring Practices). */
const COMPOSITE_ROLES = new Set(['grid', 'gridcell', 'listbox', 'option', 'menu', 'menubar', 'menuitem', 'radiogroup', 'radio', 'slider', 'spinbutton', 'scrollbar', 'switch', 'checkbox', 'tree', 'treeitem', 'treegrid']);

/** The keys a focusable widget of the page (a chart, a scroll region, a composite role) uses itself. */
const WIDGET_KEYS = new Set([' ', 'Enter', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']);

/** A field being typed in: every key is a character or an edit. */
export function isTyping(target: KeyTarget): boolean {
  if (target.isContentEditable) return true;
  return target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/** Whether `key` belongs to the focused `target` rather than to the page's shortcuts. */
export function isKeyTakenByFocus(target: KeyTarget, key: string): boolean {
  if (isTyping(target)) return true;
  const role = target.getAttribute('role');
  // A step tab just chosen: the tab list moves with the arrows itself (and stops them), and a student who
  // clicked "Train" and pressed Space means Play.
  if (role === 'tab') return false;
  // The browser "clicks" a focused button, link or disclosure summary on Space.
  if (target.tagName === 'BUTTON' || target.tagName === 'A' || target.tagName === 'SUMMARY') return key === ' ';
  const tabIndex = target.getAttribute('tabindex');
  const isMadeFocusable = tabIndex !== null && Number(tabIndex) >= 0;
  return (isMadeFocusable || (role !== null && COMPOSITE_ROLES.has(role))) && WIDGET_KEYS.has(key);
}
