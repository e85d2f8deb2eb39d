/** The one TrainerClient of the app, handed down by context so every screen talks to the same worker. */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ClientSnapshot, TrainerClient } from '../../worker/client';

export const ClientContext = createContext<TrainerClient | null>(null);

export function useClient(): TrainerClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient must be used inside <ClientContext.Provider>.');
  return client;
}

/**
 * Subscribe to one low-rate fact of the client. The selector must return a value that is stable
 * (a primitive or an object the client keeps), so the component re-renders only when it changes.
 */
export function useClientState<T>(selector: (snapshot: ClientSnapshot) => T): T {
  const client = useClient();
  return useSyncExternalStore(client.subscribe, () => selector(client.getSnapshot()));
}
