/** The names generator folded and unrolled over a name (charts/NetworkDiagram in its read-out-at-every-step form). */
import { useMemo } from 'react';
import { NetworkDiagram } from '../../charts/networkDiagram';
import type { DiagramModel, NetworkDiagramData } from '../../charts/networkDiagram';
import { useChart } from '../hooks/useChart';
import type { UnrolledName } from './unrollName';

export function GeneratorDiagramView({ model, unrolled }: { model: DiagramModel; unrolled: UnrolledName }) {
  const data = useMemo<NetworkDiagramData>(() => ({ model, tokens: unrolled.inputs, targets: unrolled.targets }), [model, unrolled]);
  const { elementRef } = useChart((element) => new NetworkDiagram(element, { title: 'The names generator, folded and unrolled' }), data, []);
  return <div ref={elementRef} data-testid="generator-diagram" />;
}
