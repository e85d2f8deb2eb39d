/**
 * Motion policy. Charts animate only where motion explains a change (bars growing, a confusion cell darkening), and
 * never when the user asked the system for reduced motion: then every duration is 0 and changes are instant.
 */

/** True when the user prefers reduced motion (OS setting, or Playwright's `reducedMotion: 'reduce'`). */
export function prefersReducedMotion(): boolean {
  return (
    typeof window !== 'undefined' &&
    typeof window.matchMedia === 'function' &&
    window.matchMedia('(prefers-reduced-motion: reduce)').matches
  );
}

/** The duration to use for a transition of `milliseconds`: 0 under reduced motion. */
export function motionDuration(milliseconds: number, isReduced: boolean = prefersReducedMotion()): number {
  return isReduced ? 0 : Math.max(0, milliseconds);
}
