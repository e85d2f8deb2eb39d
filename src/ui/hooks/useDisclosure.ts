/**
 * A disclosure (a button that shows and hides a panel) that behaves like a popover: Escape closes it and gives
 * focus back to its button, and a click anywhere outside it closes it. A plain `<details>` does neither, so the
 * backend's "Why?" stayed open over the page until its own toggle was clicked again.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';

export interface Disclosure {
  isOpen: boolean;
  toggle(): void;
  close(): void;
  /** The element that holds both the button and the panel: a click inside it is not "outside". */
  rootRef: React.RefObject<HTMLDivElement | null>;
  buttonRef: React.RefObject<HTMLButtonElement | null>;
  /** Spread on the button: aria-expanded and aria-controls name the panel's state and the panel. */
  buttonProps: { 'aria-expanded': boolean; 'aria-controls': string };
  panelId: string;
}

export function useDisclosure(): Disclosure {
  const [isOpen, setIsOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const close = useCallback(() => setIsOpen(false), []);
  const toggle = useCallback(() => setIsOpen((open) => !open), []);

  useEffect(() => {
    if (!isOpen) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setIsOpen(false);
      buttonRef.current?.focus();
    };
    // `click`, not `pointerdown`: closing moves the page up (the panel is in the flow), and closing on the press
    // would move the thing under the pointer before the click lands on it (a step tab, say).
    const onClick = (event: MouseEvent) => {
      if (event.target instanceof Node && rootRef.current?.contains(event.target)) return;
      setIsOpen(false);
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('click', onClick);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('click', onClick);
    };
  }, [isOpen]);

  return { isOpen, toggle, close, rootRef, buttonRef, buttonProps: { 'aria-expanded': isOpen, 'aria-controls': panelId }, panelId };
}
