/**
 * A key that changes whenever the charts' CSS variables may have changed (presenter mode, light/dark),
 * so every live chart re-reads its theme (`refreshTheme`) instead of being rebuilt.
 */
import { createContext, useContext, useEffect, useState } from 'react';

export const ChartThemeContext = createContext('default');

export function useChartThemeKey(): string {
  return useContext(ChartThemeContext);
}

/** 'dark' or 'light', following the system setting live. */
export function useColorScheme(): 'dark' | 'light' {
  const query = '(prefers-color-scheme: dark)';
  const [scheme, setScheme] = useState<'dark' | 'light'>(() => (window.matchMedia?.(query).matches ? 'dark' : 'light'));
  useEffect(() => {
    const media = window.matchMedia?.(query);
    if (!media) return;
    const onChange = () => setScheme(media.matches ? 'dark' : 'light');
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);
  return scheme;
}
