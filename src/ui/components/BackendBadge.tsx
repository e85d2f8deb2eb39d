/** Which tfjs backend the worker runs on, why, and a selector to switch (a failed switch falls back, with the reason). */
import { useId } from 'react';
import type { BackendChoice } from '../../worker/protocol';
import { useClientState } from '../hooks/clientContext';
import { ErrorNote } from './ErrorNote';

const CHOICES: { value: BackendChoice; label: string }[] = [
  { value: 'auto', label: 'auto (fastest here)' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'webgl', label: 'WebGL' },
  { value: 'wasm', label: 'WASM' },
  { value: 'cpu', label: 'CPU (plain JS)' },
];

interface BackendBadgeProps {
  choice: BackendChoice;
  onChoose: (choice: BackendChoice) => void;
  showReason?: boolean;
}

export function BackendBadge({ choice, onChoose, showReason = true }: BackendBadgeProps) {
  const report = useClientState((snapshot) => snapshot.backend);
  const selectId = useId();
  return (
    <div className="backend">
      <span
        className={report ? 'backend-badge' : 'backend-badge is-pending'}
        data-testid="backend-badge"
        title={report ? `${report.reason}${report.adapter ? ` — ${report.adapter}` : ''}` : 'Starting the worker…'}
      >
        Backend: <strong>{report ? report.active : choice === 'auto' ? 'measuring…' : 'starting…'}</strong>
      </span>
      <label htmlFor={selectId} className="backend-select-label">
        <span className="visually-hidden">Choose the backend</span>
        <select
          id={selectId}
          data-testid="backend-select"
          value={choice}
          onChange={(event) => onChoose(event.target.value as BackendChoice)}
        >
          {CHOICES.map((item) => (
            <option key={item.value} value={item.value}>
              {item.label}
            </option>
          ))}
        </select>
      </label>
      {showReason && report && (
        <span className="backend-reason" data-testid="backend-reason">
          {report.reason}
          {report.adapter ? ` (${report.adapter})` : ''}
        </span>
      )}
      <ErrorNote where="backend" />
    </div>
  );
}
