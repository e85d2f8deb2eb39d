/**
 * The name Generate names shows on Encode, Model and Inspect (teacher forcing): one name, typed once, kept beyond a
 * screen switch and a reload (forcingName.ts). Each view that mounts reads it back; each change is kept.
 */
import { useCallback, useState } from 'react';
import { loadForcingName, saveForcingName } from './forcingName';

export function useForcingName(): [string, (name: string) => void] {
  const [name, setName] = useState(loadForcingName);
  const change = useCallback((next: string) => {
    setName(next);
    saveForcingName(next);
  }, []);
  return [name, change];
}
