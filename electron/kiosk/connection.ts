import { calls, roleAllows, type CallError, type CallName, type CallResult, type EventName } from './contract';
import type { Core } from './core';
import { KioskError } from './errors';
import { PlateError } from './domain/plate';
import { TariffError } from './domain/tariff';
import type { CallContext, Handlers } from './handlers';
import { publicUser } from './store/users-repo';

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

export function openConnection(core: Core, handlers: Handlers, peer: string): KioskConnection {
  const context: CallContext = { actor: null, peer };
  const unsubscribers = new Set<() => void>();
  const log = core.log.child({ peer });

  async function dispatch(name: string, input: unknown): Promise<CallResult<CallName>> {
    if (!isCallName(name)) return failure('unknown_call', `there is no call named "${String(name).slice(0, 64)}"`);
    const def = calls[name];
    // Re-read the user on every call: a role change or a disabled account takes effect at once.
    const actor = context.actor && core.store.users.byId(context.actor.id);
    context.actor = actor && actor.active ? actor : null;
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
          const result = failure(error.code, error.message);
          return error.lockedUntil === undefined || result.ok ? result : { ok: false, error: { ...result.error, lockedUntil: error.lockedUntil } };
        }
        if (error instanceof PlateError || error instanceof TariffError) return failure('invalid_input', error.message);
        log.error({ err: error, call: name }, 'call failed');
        return failure('internal', 'the kiosk could not complete this: the error is in the log');
      }
    },
    onEvent(listener) {
      const unsubscribe = core.bus.subscribe((name, payload) => {
        if (context.actor) listener(name, payload);
      });
      unsubscribers.add(unsubscribe);
      return () => {
        unsubscribe();
        unsubscribers.delete(unsubscribe);
      };
    },
    close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      unsubscribers.clear();
      context.actor = null;
    },
  };
}
