import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventName, EventPayload } from '../api';
import { useApp } from './context';
export { useNow } from './hooks-basic';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  /** Settles once this load has answered, so a caller can show "saved" beside the fresh data, not the old. */
  reload(): Promise<void>;
}

/**
 * Loads with `fn` when `deps` change and on reload(). Keeps the last data while reloading so nothing on screen
 * jumps; an answer that arrives after a newer request started is dropped. `loading` is true from the very render
 * in which `deps` change, so no frame shows the old answer as the answer to a new search.
 */
export function useLoad<T>(fn: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const { reportError } = useApp();
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean; answered: readonly unknown[] | null }>({
    data: undefined,
    error: null,
    loading: true,
    answered: null,
  });
  const seq = useRef(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const depsRef = useRef(deps);
  depsRef.current = deps;
  const run = useCallback(async (): Promise<void> => {
    const mine = ++seq.current;
    const asked = depsRef.current;
    setState((s) => ({ ...s, loading: true }));
    await fnRef.current().then(
      (data) => mine === seq.current && setState({ data, error: null, loading: false, answered: asked }),
      (error: unknown) => {
        if (mine !== seq.current) return;
        reportError(error);
        setState((s) => ({ ...s, error, loading: false, answered: asked }));
      },
    );
  }, [reportError]);
  useEffect(() => void run(), [run, ...deps]);
  const { answered, ...shown } = state;
  return { ...shown, loading: shown.loading || !sameDeps(answered, deps), reload: run };
}

function sameDeps(a: readonly unknown[] | null, b: readonly unknown[]): boolean {
  return a !== null && a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
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

export interface CallAction {
  /** True while a run() is in flight; forms disable their submit button with it. */
  readonly busy: boolean;
  /** The last failure, for the form's field errors and its error notice; null after a success or a new try. */
  readonly error: unknown;
  /**
   * Runs one user action against the kiosk: clears the last error, holds `busy` until it settles, and on failure
   * reports the error (a lost login goes back to the login screen), keeps it for the form and hands it to
   * `onFailure` for whatever else the caller resets. Never rejects: the error is state, not an exception.
   */
  run(action: () => Promise<void>, onFailure?: (error: unknown) => void): Promise<void>;
  /** Reports and shows an error from a call made outside run(), without touching `busy`. */
  fail(error: unknown): void;
  /** Hides the last error (a form that clears it on every submit, valid or not). */
  clearError(): void;
}

/** The busy / error / report bookkeeping every form and row action against the kiosk needs, kept in one place. */
export function useCallAction(): CallAction {
  const { reportError } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fail = useCallback(
    (err: unknown) => {
      reportError(err);
      setError(err);
    },
    [reportError],
  );
  const clearError = useCallback(() => setError(null), []);
  const run = useCallback(
    async (action: () => Promise<void>, onFailure?: (error: unknown) => void): Promise<void> => {
      setBusy(true);
      setError(null);
      try {
        await action();
      } catch (err) {
        fail(err);
        onFailure?.(err);
      } finally {
        setBusy(false);
      }
    },
    [fail],
  );
  return { busy, error, run, fail, clearError };
}
