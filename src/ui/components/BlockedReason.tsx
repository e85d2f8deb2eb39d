/**
 * Why a form's action is refused (lib/fieldProblems' blockedReason), shown beside the disabled button(s), which
 * point here with `aria-describedby={reason ? id : undefined}`. A disabled button leaves the Tab order, so a screen
 * reader user would not otherwise hear why the action went away: the reason is a polite live region. It stays in the
 * page while empty (and takes no room then), because a live region added together with its text is not reliably
 * announced; only a change inside one already there is. One component, so every refusal reads and looks the same.
 */

interface BlockedReasonProps {
  /** The element's id, which the buttons' aria-describedby names; also its data-testid unless `testId` is given. */
  id: string;
  /** The reason in words, or null while the action may run. */
  reason: string | null;
  /** For an `id` made by useId (a component shown more than once), which a test cannot know. */
  testId?: string;
}

export function BlockedReason({ id, reason, testId = id }: BlockedReasonProps) {
  return (
    <p id={id} className="field-problem blocked-reason" role="status" aria-live="polite" data-testid={testId}>
      {reason}
    </p>
  );
}
