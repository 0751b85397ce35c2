import { CallFailure } from './errors';
import type {
  CallInput,
  CallName,
  CallOutput,
  ConnectionState,
  EventName,
  EventPayload,
  StateListener,
  Transport,
} from './types';
import { TransportError } from './types';

/** The one interface every screen uses. */
export interface KioskClient {
  /** Resolves with the call's output; throws CallFailure (code, message, issues) on `{ok:false}` or a broken link. */
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  connection(): ConnectionState;
  onConnection(listener: StateListener): () => void;
  close(): void;
}

export function createClient(transport: Transport): KioskClient {
  return {
    async call(name, input) {
      let result;
      try {
        result = await transport.request(name, input);
      } catch (e) {
        if (e instanceof TransportError) throw new CallFailure(name, e.code, e.message);
        throw new CallFailure(name, 'internal', e instanceof Error ? e.message : String(e));
      }
      if (!result || typeof result !== 'object' || typeof result.ok !== 'boolean') {
        throw new CallFailure(name, 'internal', 'the kiosk sent a reply the console cannot read');
      }
      if (!result.ok) throw CallFailure.fromResult(name, result.error);
      return result.value as CallOutput<typeof name>;
    },
    on(name, listener) {
      return transport.onEvent((n, payload) => {
        if (n === name) listener(payload as EventPayload<typeof name>);
      });
    },
    connection: () => transport.state(),
    onConnection: (listener) => transport.onState(listener),
    close: () => transport.close(),
  };
}
