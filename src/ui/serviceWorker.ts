/**
 * Register the service worker that keeps the app, its WebAssembly binaries and the data for offline use
 * (built by vite-plugin-pwa, see vite.config.ts). A new version activates on the next load. In `npm run
 * dev` the virtual module does nothing, so development always sees fresh files.
 */
import { registerSW } from 'virtual:pwa-register';

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  registerSW({
    immediate: true,
    onRegisterError: (error: unknown) => console.warn('Offline use is not available: the service worker could not be registered.', error),
  });
}
