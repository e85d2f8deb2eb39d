/** A name as its one-hot picture, T × alphabet. TODO(chart): OneHotGrid from charts/ has not landed yet. */
export function OneHotGridView({ tokens, alphabet }: { tokens: readonly string[]; alphabet: string }) {
  return (
    <p className="chart-pending" data-testid="one-hot-grid">
      {tokens.length} × {[...alphabet].length}
    </p>
  );
}
