/**
 * The five steps as tabs (WAI-ARIA tabs pattern): always able to go back (or forward) to any step. One tab is in
 * the Tab order (the current one); ←/→ move between tabs and open them (automatic activation, since a step opens at
 * once), Home/End go to the first and last.
 */
import { useRef } from 'react';
import type { KeyboardEvent } from 'react';
import type { StepId } from '../state/appConfig';
import { STEPS } from '../state/appConfig';

interface StepBarProps {
  screen: StepId;
  onSelect: (screen: StepId) => void;
}

/** The tab a key moves to from `index` among `count` tabs, or null for keys the tab list does not handle. */
export function tabIndexAfterKey(key: string, index: number, count: number): number | null {
  switch (key) {
    case 'ArrowRight':
      return (index + 1) % count;
    case 'ArrowLeft':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

export function StepBar({ screen, onSelect }: StepBarProps) {
  const tabsRef = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const next = tabIndexAfterKey(event.key, index, STEPS.length);
    if (next === null) return;
    // The tab list owns these keys: the page's own → (one training step) must not run as well.
    event.preventDefault();
    event.stopPropagation();
    onSelect(STEPS[next].id);
    tabsRef.current[next]?.focus();
  };
  return (
    <nav className="step-bar" aria-label="Steps">
      <div role="tablist" aria-label="Steps of the lesson" className="step-list">
        {STEPS.map((step, index) => {
          const isCurrent = screen === step.id;
          return (
            <button
              key={step.id}
              ref={(element) => {
                tabsRef.current[index] = element;
              }}
              type="button"
              role="tab"
              id={`tab-${step.id}`}
              aria-selected={isCurrent}
              aria-controls={isCurrent ? `panel-${step.id}` : undefined}
              tabIndex={isCurrent ? 0 : -1}
              data-testid={`step-tab-${step.id}`}
              className={isCurrent ? 'step-tab is-current' : 'step-tab'}
              onClick={() => onSelect(step.id)}
              onKeyDown={(event) => onKeyDown(event, index)}
            >
              <span className="step-number" aria-hidden="true">
                {index + 1}
              </span>
              {step.title}
            </button>
          );
        })}
      </div>
    </nav>
  );
}
