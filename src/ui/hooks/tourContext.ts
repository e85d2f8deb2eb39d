/**
 * Whether the guided tour is open. While it is, the screens it shows only show: nothing is built or reset
 * behind the student's back (Inspect builds a model to look into only when the student opens it).
 */
import { createContext, useContext } from 'react';

export const TourOpenContext = createContext(false);

export function useIsTourOpen(): boolean {
  return useContext(TourOpenContext);
}
