/** The network folded (the loop) and unrolled over the example's tokens (charts/NetworkDiagram), following the settings. */
import { useMemo } from 'react';
import { NetworkDiagram } from '../../../charts/networkDiagram';
import type { NetworkDiagramData } from '../../../charts/networkDiagram';
import type { ModelConfig } from '../../../model/types';
import { useChart } from '../../hooks/useChart';

export function NetworkDiagramView({ model, tokens }: { model: ModelConfig; tokens: readonly string[] }) {
  const data = useMemo<NetworkDiagramData>(() => ({ model, tokens }), [model, tokens]);
  const { elementRef } = useChart((element) => new NetworkDiagram(element, { title: 'The network, folded and unrolled' }), data, []);
  return <div ref={elementRef} data-testid="network-diagram" />;
}
