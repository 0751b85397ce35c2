import { createClient, type KioskClient } from './client';
import { createIpcTransport } from './ipc-transport';
import { createWsTransport } from './ws-transport';
import type { Transport } from './types';

export { createClient, type KioskClient } from './client';
export { CallFailure, isCallFailure } from './errors';
export type * from './types';

// window.lotkeeper is declared by electron/preload-api.ts (imported as a type by ipc-transport.ts).

/** ws://host/ws next to the page that served the console (the `lotkeeper serve` bridge or the Vite dev proxy). */
export function bridgeUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}

/** Electron: the preload's IPC API. Browser: the loopback WebSocket bridge. */
export function createDefaultTransport(): Transport & { retryNow?(): void } {
  if (window.lotkeeper) return createIpcTransport(window.lotkeeper);
  return createWsTransport({ url: bridgeUrl(window.location) });
}

export function createDefaultClient(): KioskClient & { retryNow(): void } {
  const transport = createDefaultTransport();
  return { ...createClient(transport), retryNow: () => transport.retryNow?.() };
}
