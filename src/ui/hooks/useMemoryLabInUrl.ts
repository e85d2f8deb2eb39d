/**
 * Whether the memory lab is open, mirrored into the URL (state/labLink.ts) as the step is: a reload or a copied
 * link opens the lab again. Only the `lab` parameter is touched, so the configuration's own mirror
 * (useAppController), which starts from the current query, keeps it and this keeps the configuration.
 */
import { useEffect, useState } from 'react';
import { isMemoryLabInQuery, withMemoryLabInQuery } from '../state/labLink';

export function useMemoryLabInUrl(): [isOpen: boolean, setOpen: (isOpen: boolean) => void] {
  const [isOpen, setOpen] = useState(() => isMemoryLabInQuery(window.location.search));
  useEffect(() => {
    if (isMemoryLabInQuery(window.location.search) === isOpen) return;
    const query = withMemoryLabInQuery(window.location.search, isOpen);
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`);
  }, [isOpen]);
  return [isOpen, setOpen];
}
