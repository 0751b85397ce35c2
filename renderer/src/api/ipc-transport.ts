import type { LotkeeperApi } from '../../../electron/preload-api';
import type { CallInput, CallName, ConnectionState, Transport } from './types';

/** IPC never drops: the main process lives as long as the window, and so does the login. */
export function createIpcTransport(api: LotkeeperApi): Transport {
  const state: ConnectionState = { kind: 'open', epoch: 1 };
  return {
    request: (call, input) => api.call(call, input as CallInput<CallName>),
    onEvent: (listener) => api.onEvent((name, payload) => listener(name, payload)),
    onState: () => () => undefined,
    state: () => state,
    close: () => undefined,
  };
}
