import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient } from './client';
import { CallFailure, lockedUntilOf } from './errors';
import type { CallName, CallResult, ConnectionState, EventListener, Transport } from './types';
import { TransportError } from './types';
import { backoffDelay, createWsTransport, type SocketLike } from './ws-transport';

/** A transport that records requests and answers from a script. */
function fakeTransport(answer: (call: string, input: unknown) => Promise<CallResult<CallName>>) {
  const listeners = new Set<EventListener>();
  const sent: { call: string; input: unknown }[] = [];
  const transport: Transport = {
    request: (call, input) => (sent.push({ call, input }), answer(call, input)),
    onEvent: (l) => (listeners.add(l), () => listeners.delete(l)),
    onState: () => () => undefined,
    state: (): ConnectionState => ({ kind: 'open', epoch: 1 }),
    close: () => undefined,
  };
  return { transport, sent, emit: (name: Parameters<EventListener>[0], payload: unknown) => listeners.forEach((l) => l(name, payload)) };
}

describe('client over a fake transport', () => {
  it('returns the value of an ok result', async () => {
    const f = fakeTransport(async () => ({ ok: true, value: { ok: true } }) as CallResult<CallName>);
    const client = createClient(f.transport);
    await expect(client.call('auth.logout', {})).resolves.toEqual({ ok: true });
    expect(f.sent).toEqual([{ call: 'auth.logout', input: {} }]);
  });

  it('throws a typed CallFailure carrying code, message and issues', async () => {
    const issues = [{ path: 'plate', message: 'plate is empty' }];
    const f = fakeTransport(async () => ({ ok: false, error: { code: 'invalid_input', message: 'bad input', issues } }));
    const client = createClient(f.transport);
    const err = await client.call('sessions.matchExit', { plate: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallFailure);
    const failure = err as CallFailure;
    expect(failure.code).toBe('invalid_input');
    expect(failure.message).toBe('bad input');
    expect(failure.issues).toEqual(issues);
    expect(failure.call).toBe('sessions.matchExit');
    expect(failure.issuesFor('plate')).toHaveLength(1);
  });

  it('turns a broken link into a CallFailure with the transport code', async () => {
    const f = fakeTransport(() => Promise.reject(new TransportError('disconnected', 'gone')));
    const err = await createClient(f.transport).call('auth.me', {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'disconnected', call: 'auth.me' });
  });

  it('refuses a reply that is not a result', async () => {
    const f = fakeTransport(async () => 'junk' as unknown as CallResult<CallName>);
    await expect(createClient(f.transport).call('auth.me', {})).rejects.toMatchObject({ code: 'internal' });
  });

  it('delivers only the named event to a listener', () => {
    const f = fakeTransport(async () => ({ ok: true, value: {} }) as CallResult<CallName>);
    const seen: unknown[] = [];
    const off = createClient(f.transport).on('lot.changed', (p) => seen.push(p));
    f.emit('devices.changed', { devices: [] });
    f.emit('lot.changed', { reason: 'entry', sessionId: 4 });
    off();
    f.emit('lot.changed', { reason: 'exit', sessionId: 5 });
    expect(seen).toEqual([{ reason: 'entry', sessionId: 4 }]);
  });
});

describe('locked_out: when the account unlocks', () => {
  it('reads the lockedUntil the kiosk sends with locked_out, and nothing else', () => {
    expect(lockedUntilOf({ code: 'locked_out', message: 'x', lockedUntil: 5 })).toBe(5);
    expect(lockedUntilOf({ code: 'locked_out', message: 'locked until 2025-07-01T12:00:00.000Z' })).toBeNull();
    expect(lockedUntilOf({ code: 'forbidden', message: 'x', lockedUntil: 5 })).toBeNull();
  });
});

class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  sent: unknown[] = [];
  closed = false;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.closed = true;
  }
  open(): void {
    this.onopen?.({});
  }
  drop(): void {
    this.onclose?.({});
  }
  receive(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

describe('WebSocket transport framing and reconnect', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
  });
  afterEach(() => vi.useRealTimers());

  const make = () =>
    createWsTransport({ url: 'ws://127.0.0.1:1/ws', createSocket: (u) => new FakeSocket(u), random: () => 0.5, requestTimeoutMs: 1000 });

  it('sends {id, call, input} frames and matches results by id, in any order', async () => {
    const t = make();
    const s = FakeSocket.all[0]!;
    s.open();
    const client = createClient(t);
    const a = client.call('auth.me', {});
    const b = client.call('site.layout', {});
    expect(s.sent).toEqual([
      { id: 1, call: 'auth.me', input: {} },
      { id: 2, call: 'site.layout', input: {} },
    ]);
    s.receive({ type: 'result', id: 2, result: { ok: true, value: 'layout' } });
    s.receive({ type: 'result', id: 1, result: { ok: false, error: { code: 'unauthenticated', message: 'log in first' } } });
    await expect(b).resolves.toBe('layout');
    await expect(a).rejects.toMatchObject({ code: 'unauthenticated', message: 'log in first' });
  });

  it('passes event frames to listeners and ignores junk', () => {
    const t = make();
    const s = FakeSocket.all[0]!;
    s.open();
    const got: unknown[] = [];
    t.onEvent((name, payload) => got.push([name, payload]));
    s.onmessage?.({ data: 'not json' });
    s.receive({ type: 'event', name: 'lot.changed', payload: { reason: 'x', sessionId: null } });
    s.receive({ type: 'result', id: 99, result: { ok: true, value: 1 } }); // nobody asked
    expect(got).toEqual([['lot.changed', { reason: 'x', sessionId: null }]]);
  });

  it('fails pending calls on a drop, reports lost, and reconnects with growing delays', async () => {
    const t = make();
    const states: ConnectionState[] = [];
    t.onState((st) => states.push(st));
    FakeSocket.all[0]!.open();
    expect(t.state()).toEqual({ kind: 'open', epoch: 1 });
    const pending = createClient(t).call('auth.me', {});
    FakeSocket.all[0]!.drop();
    await expect(pending).rejects.toMatchObject({ code: 'disconnected' });
    expect(t.state()).toMatchObject({ kind: 'lost', attempt: 1, epoch: 1 });
    await expect(createClient(t).call('auth.me', {})).rejects.toMatchObject({ code: 'disconnected' });

    vi.advanceTimersByTime(499);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1]!.drop(); // refused again
    expect(t.state()).toMatchObject({ kind: 'lost', attempt: 2 });
    vi.advanceTimersByTime(1000);
    expect(FakeSocket.all).toHaveLength(3);
    FakeSocket.all[2]!.open();
    // A new epoch: the console knows the kiosk forgot its login.
    expect(t.state()).toEqual({ kind: 'open', epoch: 2 });
    expect(states.map((s) => s.kind)).toEqual(['open', 'lost', 'lost', 'open']);
  });

  it('times out a call that gets no answer', async () => {
    const t = make();
    FakeSocket.all[0]!.open();
    const p = createClient(t).call('auth.me', {});
    vi.advanceTimersByTime(1000);
    await expect(p).rejects.toMatchObject({ code: 'timeout' });
  });

  it('retryNow skips the wait, close stops reconnecting', () => {
    const t = make();
    FakeSocket.all[0]!.drop();
    t.retryNow();
    expect(FakeSocket.all).toHaveLength(2);
    t.close();
    FakeSocket.all[1]!.drop();
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('backoff doubles to a cap, with jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelay(a, 500, 8000, 0.5))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect(backoffDelay(1, 1000, 8000, 0)).toBe(750);
    expect(backoffDelay(1, 1000, 8000, 0.999)).toBe(1250);
  });
});
