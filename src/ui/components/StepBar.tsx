/** The five steps as tabs: always able to go back (or forward) to any step. */
import type { StepId } from '../state/appConfig';
import { STEPS } from '../state/appConfig';

interface StepBarProps {
  screen: StepId;
  onSelect: (screen: StepId) => void;
}

export function StepBar({ screen, onSelect }: StepBarProps) {
  return (
    <nav className="step-bar" aria-label="Steps">
      <ol role="tablist">
        {STEPS.map((step, index) => (
          <li key={step.id} role="presentation">
            <button
              type="button"
              role="tab"
              id={`tab-${step.id}`}
              aria-selected={screen === step.id}
              aria-controls={`panel-${step.id}`}
              data-testid={`step-tab-${step.id}`}
              className={screen === step.id ? 'step-tab is-current' : 'step-tab'}
              onClick={() => onSelect(step.id)}
            >
              <span className="step-number" aria-hidden="true">
                {index + 1}
              </span>
              {step.title}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
