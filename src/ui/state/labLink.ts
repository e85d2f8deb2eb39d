/**
 * Which lab is open, in the URL (`lab=memory`, `lab=text`), as the step is: a reload or a copied link opens the
 * lab again. Kept apart from appConfig.ts (the configuration's keys): a lab is a place, not a setting.
 */

const LAB_PARAM = 'lab';

/** The labs that replace the step screens while open: the memory lab and "Your text". */
export const LAB_IDS = ['memory', 'text'] as const;
export type LabId = (typeof LAB_IDS)[number];

/** The lab a query names, or null (none, or a value that is not a lab). */
export function labFromQuery(search: string): LabId | null {
  const value = new URLSearchParams(search).get(LAB_PARAM);
  return LAB_IDS.find((lab) => lab === value) ?? null;
}

/** `search` with the lab set, or removed for null, every other parameter kept as it was. */
export function withLabInQuery(search: string, lab: LabId | null): string {
  const params = new URLSearchParams(search);
  if (lab) params.set(LAB_PARAM, lab);
  else params.delete(LAB_PARAM);
  return params.toString();
}
