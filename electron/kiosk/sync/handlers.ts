import type { syncCalls } from '../contract/sync';
import type { HandlersFor, Services } from '../handlers';
import { notFound } from '../errors';

/** The console's sync and SMS calls (contract/sync.ts). */
export function syncHandlers(services: Services): HandlersFor<typeof syncCalls> {
  const { sync, notify, core } = services;
  return {
    'sync.status': () => sync.status(),
    'sync.now': () => sync.syncNow(),
    'sync.reconcile': async () => ({ reconciliation: await sync.reconcileNow() }),
    'sync.report': () => sync.history(),
    'sms.list': (input) => ({ messages: notify.recent(input.limit) }),
    'sms.sendReceipt': (input, actor) => {
      const session = core.store.sessions.get(input.sessionId);
      if (!session) throw notFound(`session ${input.sessionId}`);
      return { message: notify.queueReceipt(session, input.to, actor) };
    },
    'sms.optIn': (input, actor) => {
      notify.optIn(input.number, actor);
      return { ok: true };
    },
  };
}
