/**
 * The API the preload exposes as `window.lotkeeper`, shared by the preload (which implements it) and the renderer
 * (which imports it with `import type` only). No 'electron' import: the renderer's type-check must not need it.
 * The two channel names are the only runtime values, so preload.ts and ipc.ts cannot drift apart.
 */
import type { CallInput, CallName, CallResult, EventName, EventPayload } from './kiosk/contract';

export const IPC_CALL_CHANNEL = 'kiosk:call';
export const IPC_EVENT_CHANNEL = 'kiosk:event';

/** One event as a [name, payload] pair: a `switch (name)` in the listener narrows the payload. */
export type KioskEventArgs = { [N in EventName]: [name: N, payload: EventPayload<N>] }[EventName];

export interface LotkeeperApi {
  /** Resolves with the call's result or its error; never rejects for a refused or invalid call. */
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>>;
  /** Events for this console (only while logged in). Returns the function that unsubscribes. */
  onEvent(listener: (...event: KioskEventArgs) => void): () => void;
}

declare global {
  interface Window {
    /** Present in the Electron shell; absent in a plain browser, where the console uses the WebSocket bridge. */
    readonly lotkeeper?: LotkeeperApi;
  }
}
