/**
 * The "learning rate probably too high" warning (highLossWarning.ts) of the Train screen and Your text: read from the run's training
 * loss at each progress message and when the history is replaced (a new build, a reset, a kept run put back), so it
 * shows during the run, stays on a finished one, and goes once the loss comes back near chance.
 */
import { useEffect, useState } from 'react';
import type { OptimizerName } from '../../model/types';
import { useClient } from '../hooks/clientContext';
import { highLossDetails, highLossHeadline, highLossWarning, TRAIN_SCREEN_PLACE, type HighLossPlace, type HighLossWarning } from '../lib/highLossWarning';

interface HighLossNoteProps {
  /** The classes guessed among: a classifier's classes, a language model's outputs. */
  classCount: number;
  optimizer: OptimizerName;
  learningRate: number;
  /** The screen's own words (what a guess is among, its fresh-weights button); the Train screen's by default. */
  place?: HighLossPlace;
}

export function HighLossNote({ classCount, optimizer, learningRate, place = TRAIN_SCREEN_PLACE }: HighLossNoteProps) {
  const client = useClient();
  const [warning, setWarning] = useState<HighLossWarning | null>(null);
  useEffect(() => {
    const read = () => {
      const next = highLossWarning(client.getHistory().trainLoss, classCount);
      // The same rounded numbers: keep the old object, so a progress message at 60 ms re-renders nothing.
      setWarning((previous) => (sameWarning(previous, next) ? previous : next));
    };
    read();
    const unsubscribe = [client.onProgress(read), client.onHistoryReset(read)];
    return () => unsubscribe.forEach((stop) => stop());
  }, [client, classCount]);

  return (
    // The live region is always there (an added one is not announced everywhere) and holds only the headline,
    // which changes with the settings, not with every batch's loss.
    <div className={warning ? 'warning-note' : undefined} data-testid={warning ? 'high-loss-note' : undefined}>
      <p role="status" className="high-loss-headline">
        {warning ? <strong>{highLossHeadline(optimizer, learningRate)}</strong> : null}
      </p>
      {warning && <p className="high-loss-details">{highLossDetails(warning, optimizer, learningRate, place)}</p>}
    </div>
  );
}

function sameWarning(previous: HighLossWarning | null, next: HighLossWarning | null): boolean {
  if (previous === null || next === null) return previous === next;
  return Math.round(previous.recentLoss) === Math.round(next.recentLoss) && previous.classCount === next.classCount;
}
