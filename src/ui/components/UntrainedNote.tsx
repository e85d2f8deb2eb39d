/** Said wherever a model's weights are shown while they are still as initialised: nothing has been learned yet. */
export function UntrainedNote({ what = 'these weights are random, not learned' }: { what?: string }) {
  return (
    <p className="warning-note" role="note" data-testid="untrained-note">
      Untrained — {what}. Press Play on Train, then look again.
    </p>
  );
}
