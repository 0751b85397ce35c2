import { calls, roleAllows, type CallError, type CallName, type CallResult, type EventName } from './contract';
import type { Core } from './core';
import { isDiskFull } from './disk/unrecorded';
import { diskFull, KioskError } from './errors';
import { PlateError } from './domain/plate';
import { TariffError } from './domain/tariff';
import type { CallContext, Handlers } from './handlers';
import { publicUser } from './store/users-repo';
import type { Login, Logins } from './auth/logins';

export interface KioskConnection {
  /** Validates the call name and payload and checks the caller's role here, in the core. Never throws. */
  call(name: string, input: unknown): Promise<CallResult<CallName>>;
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void;
  close(): void;
}

const isCallName = (name: string): name is CallName => Object.hasOwn(calls, name);
const failure = (code: CallError['code'], message: string, issues?: CallError['issues']): CallResult<CallName> => ({
  ok: false,
  error: issues ? { code, message, issues } : { code, message },
});

const DISK_FULL_ANSWER = diskFull(
  'this was not saved, and nothing of it was kept. The barriers still open by hand (open barrier, with the reason); make space (old logs, evidence, copies of backups kept elsewhere) and try again',
).message;

type Listener = (name: EventName, payload: unknown) => void;

export function openConnection(core: Core, handlers: Handlers, peer: string, logins: Logins): KioskConnection {
  const closing = new AbortController();
  const context: CallContext = { actor: null, login: null, peer, closed: closing.signal };
  const unsubscribers = new Set<() => void>();
  const listeners = new Set<Listener>();
  const log = core.log.child({ peer });
  const login: Login = {
    get user() {
      return context.actor && context.login && { id: context.actor.id, username: context.actor.username, role: context.login.role };
    },
    get since() {
      return context.login?.since ?? 0;
    },
    get activeAt() {
      return context.login?.activeAt ?? 0;
    },
    end(reason) {
      for (const listener of listeners) listener('auth.ended', { reason });
      context.actor = null;
      context.login = null;
    },
  };
  const untrack = logins.track(login);

  async function dispatch(name: string, input: unknown): Promise<CallResult<CallName>> {
    if (!isCallName(name)) return failure('unknown_call', `there is no call named "${String(name).slice(0, 64)}"`);
    const def = calls[name];
    // Checked and re-read on every call: an idle or old login, a role change or a disabled account ends it at once.
    if (context.actor && !logins.check(login)) context.actor = core.store.users.byId(context.actor.id) ?? null;
    if (def.access !== 'public' && !context.actor) return failure('unauthenticated', 'log in first');
    if (context.actor && !roleAllows(context.actor.role, def.access)) {
      log.warn({ call: name, user: context.actor.username }, 'call refused for role');
      return failure('forbidden', `${name} needs the ${def.access} role; you are ${context.actor.role}`);
    }
    const parsed = def.input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      return failure('invalid_input', issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '), issues);
    }
    const handler = handlers[name] as (input: unknown, actor: unknown, context: CallContext) => unknown;
    const value = await handler(parsed.data, context.actor && publicUser(context.actor), context);
    return { ok: true, value: def.output.parse(value) } as CallResult<CallName>;
  }

  return {
    async call(name, input) {
      try {
        return await dispatch(name, input);
      } catch (error) {
        if (error instanceof KioskError) {
          const result = failure(error.code, error.message, error.issues?.length ? [...error.issues] : undefined);
          if (result.ok) return result;
          return { ok: false, error: { ...result.error, ...(error.lockedUntil === undefined ? {} : { lockedUntil: error.lockedUntil }), ...error.lockout } };
        }
        if (error instanceof PlateError || error instanceof TariffError) return failure('invalid_input', error.message);
        // A change that met a full disk was rolled back whole: say so, not 'internal' (the disk alarm says the rest).
        if (isDiskFull(error)) return failure('disk_full', DISK_FULL_ANSWER);
        log.error({ err: error, call: name }, 'call failed');
        return failure('internal', 'the kiosk could not complete this: the error is in the log');
      }
    },
    onEvent(listener) {
      const unsubscribe = core.bus.subscribe((name, payload) => {
        if (context.actor) listener(name, payload);
      });
      listeners.add(listener);
      const off = () => {
        unsubscribe();
        listeners.delete(listener);
        unsubscribers.delete(off);
      };
      unsubscribers.add(off);
      return off;
    },
    close() {
      for (const unsubscribe of [...unsubscribers]) unsubscribe();
      untrack();
      closing.abort();
      context.actor = null;
      context.login = null;
    },
  };
}
