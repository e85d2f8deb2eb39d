/**
 * Whether the first-visit tour opens when the app starts. The tour is for someone who has never used the
 * playground; a visitor who has (through any door) is not toured again, and the Tour button is always there.
 */
import { isDeepLink } from './appConfig';

export interface ArrivalFacts {
  /** The page's query string. */
  search: string;
  /** The tour was finished or skipped on an earlier visit. */
  hasSeenTour: boolean;
  /** Something of an earlier visit is kept (the per-task configurations every visit writes). */
  hasEarlierVisit: boolean;
}

export interface TourDecision {
  isShown: boolean;
  /** Record the tour as seen now, though it is not shown. */
  marksSeen: boolean;
}

/**
 * A link to a step (`step`, `present`) opens on that step, without the tour, and that first visit counts: the
 * visitor has now used the app, and later opening it at its plain address should bring back their model, not a
 * tour of step 1 over it (the tour was never marked seen, so it opened over a trained model). Visits from before
 * that rule left no mark, so earlier kept configurations count as a visit too. `tour=0` (tests, a teacher's
 * projector) skips the tour once without deciding anything for later.
 */
export function tourOnArrival({ search, hasSeenTour, hasEarlierVisit }: ArrivalFacts): TourDecision {
  if (hasSeenTour) return { isShown: false, marksSeen: false };
  if (isDeepLink(search) || hasEarlierVisit) return { isShown: false, marksSeen: true };
  if (new URLSearchParams(search).get('tour') === '0') return { isShown: false, marksSeen: false };
  return { isShown: true, marksSeen: false };
}
