/** A name as its one-hot picture, T × alphabet (charts/OneHotGrid), the lecture's lineToTensor. */
import { useMemo } from 'react';
import { OneHotGrid } from '../../../charts/oneHotGrid';
import type { OneHotGridData } from '../../../charts/oneHotGrid';
import { useChart } from '../../hooks/useChart';

export function OneHotGridView({ text, alphabet }: { text: string; alphabet: string }) {
  const data = useMemo<OneHotGridData>(() => ({ text, alphabet }), [text, alphabet]);
  const { elementRef } = useChart((element) => new OneHotGrid(element, { title: 'One-hot encoding of the typed name' }), data, []);
  return <div ref={elementRef} className="one-hot-view" data-testid="one-hot-grid" />;
}
