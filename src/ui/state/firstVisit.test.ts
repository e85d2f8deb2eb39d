import { describe, expect, it } from 'vitest';
import { tourOnArrival } from './firstVisit';

describe('tourOnArrival', () => {
  const fresh = { hasSeenTour: false, hasEarlierVisit: false };

  it('shows the tour on a first visit at the plain address', () => {
    expect(tourOnArrival({ ...fresh, search: '' })).toEqual({ isShown: true, marksSeen: false });
  });

  it('counts a first visit through a link to a step as seen, so a later plain visit does not tour over the work', () => {
    expect(tourOnArrival({ ...fresh, search: '?step=model' })).toEqual({ isShown: false, marksSeen: true });
    expect(tourOnArrival({ ...fresh, search: '?present=1' })).toEqual({ isShown: false, marksSeen: true });
  });

  it('does not tour a visitor with kept configurations from an earlier visit', () => {
    expect(tourOnArrival({ search: '', hasSeenTour: false, hasEarlierVisit: true })).toEqual({ isShown: false, marksSeen: true });
  });

  it('skips the tour for tour=0 without deciding for later, and never shows it twice', () => {
    expect(tourOnArrival({ ...fresh, search: '?tour=0' })).toEqual({ isShown: false, marksSeen: false });
    expect(tourOnArrival({ search: '', hasSeenTour: true, hasEarlierVisit: false }).isShown).toBe(false);
  });
});
