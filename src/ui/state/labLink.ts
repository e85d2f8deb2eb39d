/**
 * Whether the memory lab is open, in the URL (`lab=memory`), as the step is: a reload or a copied link opens
 * the lab again. Kept apart from appConfig.ts (the configuration's keys): the lab is a place, not a setting.
 */

const LAB_PARAM = 'lab';
const MEMORY_LAB = 'memory';

export function isMemoryLabInQuery(search: string): boolean {
  return new URLSearchParams(search).get(LAB_PARAM) === MEMORY_LAB;
}

/** `search` with the lab flag set or removed, every other parameter kept as it was. */
export function withMemoryLabInQuery(search: string, isOpen: boolean): string {
  const params = new URLSearchParams(search);
  if (isOpen) params.set(LAB_PARAM, MEMORY_LAB);
  else params.delete(LAB_PARAM);
  return params.toString();
}
