/** An error in plain words next to the control it belongs to (role="alert" so screen readers say it). */
import type { ErrorPlace } from '../../worker/client';
import { useClient, useClientState } from '../hooks/clientContext';

interface ErrorNoteProps {
  /** The place, as the worker's `error.where` or the UI's own report names it. */
  where: ErrorPlace;
  /** An error the component itself holds (e.g. a file that could not be read), shown first. */
  message?: string | null;
  isDismissible?: boolean;
}

export function ErrorNote({ where, message, isDismissible = true }: ErrorNoteProps) {
  const client = useClient();
  const reported = useClientState((snapshot) => snapshot.errors[where] ?? null);
  const text = message ?? reported;
  if (!text) return null;
  return (
    <div className="error-note" role="alert" data-testid={`error-${where}`}>
      <span>{text}</span>
      {isDismissible && !message && (
        <button type="button" className="link-button" onClick={() => client.clearError(where)} aria-label="Dismiss this message">
          ×
        </button>
      )}
    </div>
  );
}
