import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventName, EventPayload } from '../api';
import { useApp } from './context';
export { useNow } from './hooks-basic';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  reload(): void;
}

/**
 * Loads with `fn` when `deps` change and on reload(). Keeps the last data while reloading so nothing on screen
 * jumps; an answer that arrives after a newer request started is dropped.
 */
export function useLoad<T>(fn: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const { reportError } = useApp();
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const seq = useRef(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const run = useCallback(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    fnRef.current().then(
      (data) => mine === seq.current && setState({ data, error: null, loading: false }),
      (error: unknown) => {
        if (mine !== seq.current) return;
        reportError(error);
        setState((s) => ({ ...s, error, loading: false }));
      },
    );
  }, [reportError]);
  useEffect(run, [run, ...deps]);
  return { ...state, reload: run };
}

/** Subscribes to a pushed kiosk event for the component's lifetime. */
export function useKioskEvent<E extends EventName>(name: E, handler: (payload: EventPayload<E>) => void): void {
  const { client } = useApp();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => client.on(name, (p) => ref.current(p)), [client, name]);
}

/** Coalesces bursts (ten cars in a second) into one call after `ms`, at most `ms` late. */
export function useCoalesced(fn: () => void, ms: number): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  return useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      ref.current();
    }, ms);
  }, [ms]);
}

/** Debounces a value (the tariff preview waits for typing to pause). */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}
