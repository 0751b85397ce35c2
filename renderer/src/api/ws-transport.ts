import type { CallName, CallResult, ConnectionState, EventListener, EventName, StateListener, Transport } from './types';
import { TransportError } from './types';

/** The parts of a browser WebSocket the transport uses (a fake one in tests). */
export interface SocketLike {
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface WsTransportOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** A call with no answer after this long fails with `timeout` (the socket may still be fine). */
  requestTimeoutMs?: number;
  /** Reconnect delay: initialMs, doubled per failed attempt up to maxMs, with +-25% jitter. */
  backoff?: { initialMs: number; maxMs: number };
  random?: () => number;
  now?: () => number;
}

interface Pending {
  resolve(result: CallResult<CallName>): void;
  reject(error: TransportError): void;
  timer: ReturnType<typeof setTimeout>;
}

/** The delay before reconnect attempt `attempt` (1-based), jitter from `r` in [0,1). */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, r: number): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + 0.5 * r));
}

export function createWsTransport(options: WsTransportOptions): Transport & { retryNow(): void } {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const timeoutMs = options.requestTimeoutMs ?? 15_000;
  const { initialMs, maxMs } = options.backoff ?? { initialMs: 500, maxMs: 8_000 };
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;

  const events = new Set<EventListener>();
  const states = new Set<StateListener>();
  const pending = new Map<number, Pending>();
  let state: ConnectionState = { kind: 'connecting', epoch: 0 };
  let socket: SocketLike | null = null;
  let nextId = 1;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const setState = (next: ConnectionState): void => {
    state = next;
    for (const l of states) l(next);
  };

  const failPending = (why: string): void => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      pending.delete(id);
      p.reject(new TransportError('disconnected', why));
    }
  };

  const onMessage = (data: unknown): void => {
    if (typeof data !== 'string') return;
    let frame: { type?: unknown; id?: unknown; result?: unknown; name?: unknown; payload?: unknown };
    try {
      frame = JSON.parse(data) as typeof frame;
    } catch {
      return; // not ours to crash on: the bridge only sends JSON
    }
    if (frame.type === 'result' && typeof frame.id === 'number') {
      const p = pending.get(frame.id);
      if (!p) return;
      pending.delete(frame.id);
      clearTimeout(p.timer);
      p.resolve(frame.result as CallResult<CallName>);
    } else if (frame.type === 'event' && typeof frame.name === 'string') {
      for (const l of events) l(frame.name as EventName, frame.payload);
    }
  };

  const scheduleReconnect = (): void => {
    attempt += 1;
    const delay = backoffDelay(attempt, initialMs, maxMs, random());
    setState({ kind: 'lost', epoch: state.epoch, attempt, retryAt: now() + delay });
    retryTimer = setTimeout(connect, delay);
  };

  function connect(): void {
    retryTimer = null;
    if (closed) return;
    if (state.kind !== 'lost' || attempt === 0) setState({ kind: 'connecting', epoch: state.epoch });
    let s: SocketLike;
    try {
      s = createSocket(options.url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = s;
    s.onopen = () => {
      if (socket !== s) return;
      attempt = 0;
      setState({ kind: 'open', epoch: state.epoch + 1 });
    };
    s.onmessage = (ev) => {
      if (socket === s) onMessage(ev.data);
    };
    s.onerror = () => undefined; // onclose follows and does the work
    s.onclose = () => {
      if (socket !== s) return;
      socket = null;
      failPending('the connection to the kiosk was lost');
      if (!closed) scheduleReconnect();
    };
  }

  connect();

  return {
    request(call, input) {
      if (state.kind !== 'open' || !socket) {
        return Promise.reject(new TransportError('disconnected', 'not connected to the kiosk'));
      }
      const id = nextId++;
      const s = socket;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new TransportError('timeout', `the kiosk did not answer ${call} in ${Math.round(timeoutMs / 1000)} s`));
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        try {
          s.send(JSON.stringify({ id, call, input }));
        } catch {
          clearTimeout(timer);
          pending.delete(id);
          reject(new TransportError('disconnected', 'could not send to the kiosk'));
        }
      });
    },
    onEvent(listener) {
      events.add(listener);
      return () => events.delete(listener);
    },
    onState(listener) {
      states.add(listener);
      return () => states.delete(listener);
    },
    state: () => state,
    retryNow() {
      if (state.kind !== 'lost' || closed) return;
      if (retryTimer) clearTimeout(retryTimer);
      connect();
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      failPending('the console closed the connection');
      const s = socket;
      socket = null;
      s?.close();
    },
  };
}
