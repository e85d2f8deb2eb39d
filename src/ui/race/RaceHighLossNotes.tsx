/**
 * The high-loss note for a race (highLossWarning.ts, the rule of the Train screen's note): each member whose recent
 * training loss stays far above chance is named, with its numbers and the likely cause. Read from the race session's
 * curves whenever they grow, so it shows while racing and stays once the race is over.
 */
import { useEffect, useState } from 'react';
import type { LinePoint } from '../../charts/lineChart';
import { highLossMemberLine, highLossRaceHeadline, highLossWarning, RECENT_BATCHES } from '../lib/highLossWarning';
import type { RaceEntry } from './raceMembers';
import type { RaceSession } from './raceSession';

interface MemberOff {
  label: string;
  line: string;
}

/** The last batches' losses as the rule reads a history: flattened [step, loss, …]. */
function recentHistory(loss: readonly LinePoint[]): number[] {
  return loss.slice(-RECENT_BATCHES).flatMap((point) => [point.x, point.y]);
}

/** The members that are off, in the race's order. */
function membersOff(session: RaceSession, entries: readonly RaceEntry[], classCount: number): MemberOff[] {
  return entries.flatMap((entry, index) => {
    const warning = highLossWarning(recentHistory(session.series[index]?.loss ?? []), classCount);
    return warning ? [{ label: entry.label, line: highLossMemberLine(entry.label, warning, entry.settings.optimizer, entry.settings.learningRate) }] : [];
  });
}

const sameLines = (previous: MemberOff[], next: MemberOff[]) => previous.length === next.length && previous.every((member, index) => member.line === next[index].line);

export function RaceHighLossNotes({ session, entries, classCount }: { session: RaceSession; entries: readonly RaceEntry[]; classCount: number }) {
  const [off, setOff] = useState<MemberOff[]>([]);
  useEffect(() => {
    // Rounded numbers: the same lines keep the old array, so a step that changes nothing re-renders nothing.
    const read = () => setOff((previous) => {
      const next = membersOff(session, entries, classCount);
      return sameLines(previous, next) ? previous : next;
    });
    read();
    return session.onSeries(read);
  }, [session, entries, classCount]);

  return (
    // As on the Train screen: the live region is always there and holds only the headline, which names who is off.
    <div className={off.length > 0 ? 'warning-note' : undefined} data-testid={off.length > 0 ? 'race-high-loss-note' : undefined}>
      <p role="status" className="high-loss-headline">
        {off.length > 0 ? <strong>{highLossRaceHeadline(off.map((member) => member.label))}</strong> : null}
      </p>
      {off.length > 0 && (
        <ul className="high-loss-details">
          {off.map((member) => (
            <li key={member.label} data-testid="race-high-loss-member">
              {member.line}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
