/**
 * Which lab is open, mirrored into the URL (state/labLink.ts) as the step is: a reload or a copied link opens the
 * lab again. Only the `lab` parameter is touched, so the configuration's own mirror (useAppController), which
 * starts from the current query, keeps it and this keeps the configuration.
 */
import { useEffect, useState } from 'react';
import { labFromQuery, withLabInQuery, type LabId } from '../state/labLink';

export function useLabInUrl(): [lab: LabId | null, setLab: (lab: LabId | null) => void] {
  const [lab, setLab] = useState(() => labFromQuery(window.location.search));
  useEffect(() => {
    if (labFromQuery(window.location.search) === lab) return;
    const query = withLabInQuery(window.location.search, lab);
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`);
  }, [lab]);
  return [lab, setLab];
}
