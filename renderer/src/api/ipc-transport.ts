import type { CallName, CallResult, ConnectionState, EventName, Transport } from './types';

/**
 * What the preload exposes as `window.lotkeeper` (see electron/preload-api.ts; kept structural here so the
 * renderer's build does not depend on the main process's files).
 */
export interface PreloadApi {
  call(name: CallName, input: unknown): Promise<CallResult<CallName>>;
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void;
}

/** IPC never drops: the main process lives as long as the window, and so does the login. */
export function createIpcTransport(api: PreloadApi): Transport {
  const state: ConnectionState = { kind: 'open', epoch: 1 };
  return {
    request: (call, input) => api.call(call, input),
    onEvent: (listener) => api.onEvent(listener),
    onState: () => () => undefined,
    state: () => state,
    close: () => undefined,
  };
}
